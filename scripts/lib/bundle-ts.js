'use strict';
// Bundles a TypeScript entry into one CommonJS file in a fresh temporary folder (esbuild, no
// type check), so plain `node` scripts can run the project's TypeScript.
const esbuild = require('esbuild');
const fs = require('fs');
const os = require('os');
const path = require('path');

// The repository's plain .js helpers (go-build.js, ...) find their files from __dirname: they
// are required from where they are instead of being copied into the temporary bundle.
const keepJsHelpers = {
    name: 'keep-js-helpers',
    setup(build) {
        build.onResolve({filter: /^\.{1,2}\/.*\.js$/}, (args) => ({path: path.resolve(args.resolveDir, args.path), external: true}));
    },
};

/** @returns {{file: string, cleanup: () => void}} */
function bundleTs(entry, prefix) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    const file = path.join(dir, 'bundle.js');
    esbuild.buildSync({entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: file, logLevel: 'error'});
    return {file, cleanup: () => fs.rmSync(dir, {recursive: true, force: true})};
}

/**
 * bundleTs for entries that reach the repository's .js helpers (esbuild runs plugins only
 * asynchronously).
 * @returns {Promise<{file: string, cleanup: () => void}>}
 */
async function bundleTsKeepingHelpers(entry, prefix) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    const file = path.join(dir, 'bundle.js');
    await esbuild.build({
        entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: file, logLevel: 'error',
        plugins: [keepJsHelpers],
    });
    return {file, cleanup: () => fs.rmSync(dir, {recursive: true, force: true})};
}

module.exports = {bundleTs, bundleTsKeepingHelpers};
