#!/usr/bin/env node
// Builds the plugin bundles an administrator uploads:
//   <out>/<id>-<version>.tar.gz             every platform's server executable
//   <out>/<id>-<version>-<platform>.tar.gz  one platform's executable only
// each holding <id>/plugin.json (naming exactly what that bundle contains), assets/, public/
// when present, the server executables and the webapp bundle. Prints each bundle's size and
// fails when a per-platform bundle reaches the upload limit.
//
// usage: node scripts/dist.js [--out dir] [--entry server-entry.ts] [--webapp-bundle main.js]
'use strict';
const fs = require('fs');
const path = require('path');
const {parseArgs} = require('util');
const {spawnSync} = require('child_process');
const {buildServer} = require('./build-server');
const {readManifest, bundleManifest} = require('./packaging/manifest');
const {writeTarGz} = require('./packaging/tarball');
const {MAX_BUNDLE_BYTES} = require('./packaging/platforms');

const root = path.resolve(__dirname, '..');
const log = (line) => process.stdout.write(`${line}\n`);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// Builds the webapp when it exists; returns the bundle to ship, or undefined for none.
function webappBundle(manifest, given) {
    if (given) {
        const file = path.resolve(given);
        if (!fs.existsSync(file)) {
            throw new Error(`--webapp-bundle ${given} does not exist`);
        }
        return file;
    }
    if (!manifest.webapp) {
        return undefined;
    }
    if (!fs.existsSync(path.join(root, 'webapp', 'webpack.config.js'))) {
        log('webapp: webapp/webpack.config.js does not exist yet; bundles ship without the webapp');
        return undefined;
    }
    log('webapp: building');
    const res = spawnSync('npm', ['run', '--silent', 'build:webapp'], {cwd: root, stdio: 'inherit'});
    const file = path.join(root, manifest.webapp.bundle_path);
    if (res.status !== 0 || !fs.existsSync(file)) {
        throw new Error(`webapp build failed or did not write ${manifest.webapp.bundle_path}`);
    }
    return file;
}

// Hard links keep staging 100 MB executables cheap; copy where links are not possible.
function place(src, dest) {
    fs.mkdirSync(path.dirname(dest), {recursive: true});
    try {
        fs.linkSync(src, dest);
    } catch {
        fs.copyFileSync(src, dest);
    }
}

function stage(dir, manifest, files) {
    const top = path.join(dir, manifest.id);
    fs.mkdirSync(top, {recursive: true});
    fs.writeFileSync(path.join(top, 'plugin.json'), `${JSON.stringify(manifest, null, 4)}\n`);
    for (const extra of ['assets', 'public']) {
        if (fs.existsSync(path.join(root, extra))) {
            fs.cpSync(path.join(root, extra), path.join(top, extra), {recursive: true});
        }
    }
    for (const [rel, src] of files) {
        place(src, path.join(top, rel));
    }
    if (manifest.icon_path && !fs.existsSync(path.join(top, manifest.icon_path))) {
        throw new Error(`plugin.json icon_path ${manifest.icon_path} is not in the bundle`);
    }
}

// Earlier bundles of this plugin (other versions, or an older layout's staging folder) must
// not be mistaken for this build's; nothing else in the folder is touched.
function removeOldBundles(outDir, id) {
    fs.mkdirSync(outDir, {recursive: true});
    for (const f of fs.readdirSync(outDir)) {
        if (f === id || (f.startsWith(`${id}-`) && f.endsWith('.tar.gz'))) {
            fs.rmSync(path.join(outDir, f), {recursive: true, force: true});
        }
    }
}

async function dist(opts) {
    const started = Date.now();
    const manifest = readManifest(path.join(root, 'plugin.json'));
    const outDir = path.resolve(root, opts.out ?? 'dist');
    const webapp = webappBundle(manifest, opts.webappBundle);
    // The default build leaves the executables where plugin.json names them (for the tests and
    // tools that start them); a build into another --out keeps them beside its bundles.
    const exes = buildServer({entry: opts.entry, outRoot: opts.out ? path.join(outDir, 'build') : root, log});
    const platforms = Object.keys(exes);

    const stageRoot = path.join(outDir, `.stage-${process.pid}`);
    const name = `${manifest.id}-${manifest.version}`;
    removeOldBundles(outDir, manifest.id);
    const bundles = [{file: `${name}.tar.gz`, platforms, limited: false}]
        .concat(platforms.map((p) => ({file: `${name}-${p}.tar.gz`, platforms: [p], limited: true})));
    try {
        // Stage everything before archiving: a new hard link changes the file's ctime, which
        // tar reports as "file changed as we read it".
        bundles.forEach((b, i) => {
            const files = b.platforms.map((p) => [manifest.server.executables[p], exes[p]]);
            if (webapp) {
                files.push([manifest.webapp.bundle_path, webapp]);
            }
            stage(path.join(stageRoot, String(i)), bundleManifest(manifest, {platforms: b.platforms, withWebapp: Boolean(webapp)}), files);
        });
        const results = await Promise.all(bundles.map(async (b, i) => {
            const size = await writeTarGz(path.join(stageRoot, String(i)), manifest.id, path.join(outDir, b.file));
            return {...b, size};
        }));
        let tooBig = false;
        for (const r of results) {
            const over = r.size >= MAX_BUNDLE_BYTES;
            const note = !over ? '' : r.limited ? '  TOO BIG' : '  (above the common upload limit: upload a per-platform bundle)';
            log(`${path.relative(root, path.join(outDir, r.file))}: ${mb(r.size)}${note}`);
            tooBig ||= over && r.limited;
        }
        log(`dist took ${((Date.now() - started) / 1000).toFixed(1)} s`);
        if (tooBig) {
            throw new Error(`a per-platform bundle is ${mb(MAX_BUNDLE_BYTES)} or more; many servers refuse such uploads`);
        }
    } finally {
        fs.rmSync(stageRoot, {recursive: true, force: true});
    }
}

if (require.main === module) {
    let values;
    try {
        ({values} = parseArgs({options: {
            out: {type: 'string'},
            entry: {type: 'string'},
            'webapp-bundle': {type: 'string'},
        }}));
    } catch (err) {
        process.stderr.write(`dist: ${err.message}\n`);
        process.exit(2);
    }
    dist({out: values.out, entry: values.entry, webappBundle: values['webapp-bundle']}).catch((err) => {
        process.stderr.write(`dist: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    });
}

module.exports = {dist};
