#!/usr/bin/env node
// Builds the plugin's server half: bundles the TypeScript entry into one CommonJS file with
// esbuild, then makes one Node single executable application per platform named in
// plugin.json server.executables. Unchanged inputs reuse the previous executables.
//
// usage: node scripts/build-server.js [--entry file.ts] [--out-root dir] [--platform name]...
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const esbuild = require('esbuild');
const {NODE_VERSION, platformInfo, hostPlatform} = require('./packaging/platforms');
const {nodeBinary, PINS_FILE} = require('./packaging/node-binaries');
const {makeBlob, injectBlob} = require('./packaging/sea');
const {readManifest} = require('./packaging/manifest');
const {parseArgs} = require('util');
const {spawnSync} = require('child_process');

const root = path.resolve(__dirname, '..');
const DEFAULT_ENTRY = 'server-bridge/src/main.ts';
// Bump when the way executables are made changes, so stale ones are rebuilt.
const RECIPE = 'sea-v4';
// An entry that loads the product through product-module.ts gets it as a separate bundle, a
// SEA asset compiled on OnActivate; product-module.ts wraps it exactly so (the code cache
// made here is for that text).
const PRODUCT_MODULE = 'server-bridge/src/product-module.ts';
const PRODUCT_ENTRY = 'server-bridge/src/product/index.ts';
const PRODUCT_ASSET = 'product.cjs';
const PRODUCT_CACHE_ASSET = 'product.cache';
const PRODUCT_WRAPPER = ['(function (exports, require, module) {', '\n})'];
// V8 settings for a small, long-lived process, measured with scripts/bench-bridge.js
// (docs/performance.md, "Memory"): a young generation of at most 3 x 4 MiB instead of
// 3 x 16 MiB keeps scavenges under 10 ms and RSS lower at the same CPU per request. TurboFan
// after 1,000 calls of a function instead of Node 22's 3,000: the hot path of a call is
// optimised early in a plugin's life, not in the middle of its first few thousand calls,
// whose tail it otherwise sets (docs/performance.md, "Tail latency").
const EXEC_ARGV = ['--max-semi-space-size=4', '--invocation-count-for-turbofan=1000'];

// Returns whether the bundle left the product out for its asset: only product-module.ts
// may import the product then (anything else is bundled again with it).
function bundle(entry, outFile, productApart = false) {
    const result = esbuild.buildSync({
        // product-module.ts's import('./product'), kept as written (never run in the executable).
        external: productApart ? ['./product'] : [],
        metafile: productApart,
        entryPoints: [entry],
        // Comments in the bundle name sources relative to the repository, wherever this runs.
        absWorkingDir: root,
        outfile: outFile,
        bundle: true,
        platform: 'node',
        target: `node${NODE_VERSION.split('.')[0]}`,
        format: 'cjs',
        // A SEA can require only built-in modules: everything else goes into the bundle.
        packages: 'bundle',
        // Mattermost starts the executable with the server's working directory, not the
        // plugin's: files the server half needs at run time are imported into the bundle.
        loader: {'.md': 'text', '.txt': 'text', '.svg': 'text'},
        legalComments: 'none',
        // Half the bytes to keep in the executable, compile and hold in memory; names are
        // kept for stack traces and the log.
        minify: true,
        keepNames: true,
        sourcemap: false,
        logLevel: 'silent',
        write: true,
    });
    if (result.errors.length > 0) {
        throw new Error(`bundling ${entry} failed: ${result.errors.map((e) => e.text).join('; ')}`);
    }
    if (!productApart) {
        return false;
    }
    const importers = Object.entries(result.metafile.inputs)
        .filter(([, input]) => input.imports.some((i) => i.external && i.path === './product'))
        .map(([file]) => file);
    if (importers.length === 0) {
        return false;
    }
    if (importers.some((file) => path.resolve(root, file) !== path.join(root, PRODUCT_MODULE))) {
        return bundle(entry, outFile, false);
    }
    return true;
}

// The V8 code cache of the product's asset, made by the pinned Node with the executable's
// own V8 flags (V8 accepts a cache only from the same version and flags).
function productCodeCache(hostNode, execArgv, productFile, cacheFile) {
    const script = `const fs = require('fs'); const vm = require('vm');
const source = ${JSON.stringify(PRODUCT_WRAPPER[0])} + fs.readFileSync(process.argv[1], 'utf8') + ${JSON.stringify(PRODUCT_WRAPPER[1])};
fs.writeFileSync(process.argv[2], new vm.Script(source, {filename: ${JSON.stringify(PRODUCT_ASSET)}}).createCachedData());`;
    const res = spawnSync(hostNode, [...execArgv, '-e', script, productFile, cacheFile], {encoding: 'utf8', timeout: 120_000});
    if (res.status !== 0) {
        throw new Error(`making the product's code cache failed: ${res.error?.message ?? res.stderr}`);
    }
}

function sha256(...parts) {
    const hash = crypto.createHash('sha256');
    for (const p of parts) {
        hash.update(p);
        hash.update('\0');
    }
    return hash.digest('hex');
}

function upToDate(stampFile, key, outFile) {
    try {
        const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
        const st = fs.statSync(outFile);
        return stamp.key === key && stamp.size === st.size && stamp.mtimeMs === st.mtimeMs;
    } catch {
        return false;
    }
}

function writeStamp(stampFile, key, outFile) {
    const st = fs.statSync(outFile);
    fs.writeFileSync(stampFile, JSON.stringify({key, size: st.size, mtimeMs: st.mtimeMs}));
}

/**
 * Builds the server executables.
 * @param {object} opts
 * @param {string} [opts.entry] TypeScript entry (default server-bridge/src/main.ts)
 * @param {string} [opts.outRoot] directory the plugin.json executable paths are relative to
 * @param {string[]} [opts.platforms] subset of plugin.json's platforms
 * @param {string} [opts.cacheDir] where Node downloads are kept (default build/cache)
 * @param {string[]} [opts.execArgv] Node/V8 options baked in (default EXEC_ARGV; for measuring others)
 * @param {boolean} [opts.codeCache] false: no V8 code cache even for the host's platform (for measuring)
 * @param {(line: string) => void} [opts.log]
 * @returns {Record<string, string>} absolute executable path per platform
 */
function buildServer(opts = {}) {
    const log = opts.log ?? ((line) => process.stdout.write(`${line}\n`));
    const execArgv = opts.execArgv ?? EXEC_ARGV;
    const entry = path.resolve(root, opts.entry ?? DEFAULT_ENTRY);
    if (!fs.existsSync(entry)) {
        throw new Error(`server entry ${path.relative(root, entry)} does not exist` +
            (opts.entry ? '' : ' yet; pass --entry <file> to build another entry'));
    }
    const outRoot = path.resolve(root, opts.outRoot ?? '.');
    const cacheDir = path.resolve(root, opts.cacheDir ?? 'build/cache');
    const workDir = path.join(path.resolve(root, 'build'), 'server');
    fs.mkdirSync(workDir, {recursive: true});

    const executables = readManifest(path.join(root, 'plugin.json')).server.executables;
    const platforms = opts.platforms ?? Object.keys(executables);
    for (const p of platforms) {
        platformInfo(p);
        if (!executables[p]) {
            throw new Error(`plugin.json server.executables names no executable for ${p}`);
        }
    }
    const host = hostPlatform();
    if (!host) {
        throw new Error(`the SEA blob must be written by the pinned Node itself, which has no build for ${process.platform}-${process.arch}`);
    }

    const started = Date.now();
    // One scratch folder per process so concurrent builds (tests, make dist) never share a
    // file; the bundle's name is fixed because the SEA blob records it.
    const scratch = fs.mkdtempSync(path.join(workDir, `tmp-${process.pid}-`));
    const mainFile = path.join(scratch, 'plugin-server.cjs');
    const out = {};
    try {
        const productFile = path.join(scratch, PRODUCT_ASSET);
        const productApart = bundle(entry, mainFile, true);
        let code = fs.readFileSync(mainFile);
        log(`bundled ${path.relative(root, entry)}: ${(code.length / 1e3).toFixed(0)} kB`);
        if (productApart) {
            bundle(path.join(root, PRODUCT_ENTRY), productFile);
            const product = fs.readFileSync(productFile);
            log(`bundled ${PRODUCT_ENTRY} (loaded on OnActivate): ${(product.length / 1e3).toFixed(0)} kB`);
            code = Buffer.concat([code, Buffer.from('\0'), product]);
        }
        // Fetched (and verified) only when an executable is rebuilt: an up-to-date build
        // touches no Node binary.
        let hostNode = null;
        const pins = JSON.parse(fs.readFileSync(PINS_FILE, 'utf8'));
        for (const platform of platforms) {
            const outFile = path.resolve(outRoot, executables[platform]);
            const codeCache = opts.codeCache !== false && platform === host;
            // The pins are part of the key: an executable is reused only if it was made from
            // the runtime pinned now (and nodeBinary verified that runtime when making it).
            const key = sha256(RECIPE, JSON.stringify(execArgv), NODE_VERSION, JSON.stringify(pins[NODE_VERSION]?.[platform] ?? null), platform, String(codeCache), code);
            const stampFile = path.join(workDir, `${sha256(outFile).slice(0, 16)}.stamp`);
            out[platform] = outFile;
            if (upToDate(stampFile, key, outFile)) {
                log(`${platform}: up to date (${path.relative(root, outFile)})`);
                continue;
            }
            hostNode ??= nodeBinary(host, cacheDir, log);
            const base = nodeBinary(platform, cacheDir, log);
            const blobFile = path.join(scratch, `blob-${platform}.bin`);
            const assets = {};
            if (productApart) {
                assets[PRODUCT_ASSET] = productFile;
                if (codeCache) {
                    assets[PRODUCT_CACHE_ASSET] = path.join(scratch, `${PRODUCT_CACHE_ASSET}-${platform}`);
                    productCodeCache(hostNode, execArgv, productFile, assets[PRODUCT_CACHE_ASSET]);
                }
            }
            makeBlob({hostNode, mainFile, blobFile, codeCache, execArgv, assets});
            injectBlob({baseBinary: base, blobFile, outFile});
            writeStamp(stampFile, key, outFile);
            log(`${platform}: ${path.relative(root, outFile)} ${(fs.statSync(outFile).size / 1e6).toFixed(1)} MB`);
        }
    } finally {
        fs.rmSync(scratch, {recursive: true, force: true});
    }
    log(`server build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return out;
}

if (require.main === module) {
    try {
        const {values} = parseArgs({options: {
            entry: {type: 'string'},
            'out-root': {type: 'string'},
            platform: {type: 'string', multiple: true},
        }});
        buildServer({entry: values.entry, outRoot: values['out-root'], platforms: values.platform});
    } catch (err) {
        process.stderr.write(`build-server: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    }
}

module.exports = {buildServer, DEFAULT_ENTRY, PRODUCT_WRAPPER, PRODUCT_ASSET, PRODUCT_CACHE_ASSET};
