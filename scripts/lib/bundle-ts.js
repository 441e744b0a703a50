'use strict';
// Bundles a TypeScript entry into one CommonJS file in a fresh temporary folder (esbuild, no
// type check), so plain `node` scripts can run the project's TypeScript.
const esbuild = require('esbuild');
const fs = require('fs');
const os = require('os');
const path = require('path');

/** @returns {{file: string, cleanup: () => void}} */
function bundleTs(entry, prefix) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    const file = path.join(dir, 'bundle.js');
    esbuild.buildSync({entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: file, logLevel: 'error'});
    return {file, cleanup: () => fs.rmSync(dir, {recursive: true, force: true})};
}

module.exports = {bundleTs};
