// Turns one CommonJS bundle into Node single executable applications: a SEA blob written by
// the pinned Node itself (a blob only loads in the Node version that wrote it), injected
// with postject into a copy of each platform's Node binary.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const {run} = require('./node-binaries');

// The fuse Node looks for to know a blob was injected (from Node's SEA documentation).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const POSTJECT_CLI = require.resolve('postject/dist/cli.js');

/**
 * Writes the SEA preparation blob for mainFile by running the pinned Node (hostNode). The
 * blob records the main file's name as given, so it is run from that file's directory with a
 * bare name: no path of the build machine ends up in the executable.
 * @param {{hostNode: string, mainFile: string, blobFile: string, codeCache: boolean, execArgv?: string[], assets?: Record<string, string>}} opts
 */
function makeBlob({hostNode, mainFile, blobFile, codeCache, execArgv = [], assets = {}}) {
    const dir = path.dirname(mainFile);
    const configFile = path.join(dir, `sea-config-${path.basename(blobFile)}.json`);
    try {
        fs.writeFileSync(configFile, JSON.stringify({
            main: path.basename(mainFile),
            output: path.resolve(blobFile),
            // Mattermost reads the plugin's stderr as log lines: no warning on every start.
            disableExperimentalSEAWarning: true,
            // A V8 snapshot must be made by the same architecture that loads it; the code cache
            // is also architecture specific, so the caller enables it only for the host's own.
            useSnapshot: false,
            useCodeCache: codeCache,
            // Node and V8 options the executable always starts with; NODE_OPTIONS from the
            // environment is still read, as by any Node.
            execArgv,
            // Further files the code reads with node:sea getAsset, by name.
            assets,
        }));
        // The code cache is only accepted by a V8 started with the same flags: it is made
        // with the executable's own.
        run(hostNode, [...execArgv, '--experimental-sea-config', path.basename(configFile)], {cwd: dir});
    } finally {
        fs.rmSync(configFile, {force: true});
    }
}

/**
 * Injects blobFile into a copy of baseBinary, written to outFile with the executable bit.
 * @param {{baseBinary: string, blobFile: string, outFile: string}} opts
 */
function injectBlob({baseBinary, blobFile, outFile}) {
    fs.mkdirSync(path.dirname(outFile), {recursive: true});
    const tmp = `${outFile}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    try {
        fs.copyFileSync(baseBinary, tmp);
        fs.chmodSync(tmp, 0o755);
        // postject (LIEF) prints harmless warnings about Node's many note sections: keep the
        // output for the error message only.
        run(process.execPath, [POSTJECT_CLI, tmp, 'NODE_SEA_BLOB', blobFile, '--sentinel-fuse', SEA_FUSE]);
        fs.renameSync(tmp, outFile);
    } finally {
        fs.rmSync(tmp, {force: true});
    }
}

module.exports = {makeBlob, injectBlob, SEA_FUSE};
