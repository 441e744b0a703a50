// Writes a .tar.gz of one directory the way Mattermost's plugin upload unpacks it: a single
// top-level folder named after the plugin id, file modes kept (the executable bit matters).
'use strict';
const fs = require('fs');
const zlib = require('zlib');
const {spawn} = require('child_process');
const {pipeline} = require('stream/promises');

/**
 * @param {string} parentDir directory holding topName
 * @param {string} topName the folder to archive
 * @param {string} outFile the .tar.gz to write
 * @returns {Promise<number>} the archive's size in bytes
 */
async function writeTarGz(parentDir, topName, outFile) {
    // Owner and order fixed so the archive does not depend on who built it.
    const tar = spawn('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner',
        '--hard-dereference', '-cf', '-', '-C', parentDir, topName], {stdio: ['ignore', 'pipe', 'pipe']});
    let stderr = '';
    tar.stderr.on('data', (chunk) => {
        stderr += chunk;
    });
    const exited = new Promise((resolve, reject) => {
        tar.on('error', (err) => reject(new Error(`cannot run tar: ${err.message}`)));
        tar.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar failed (exit ${code}): ${stderr.trim()}`))));
    });
    const tmp = `${outFile}.${process.pid}.tmp`;
    try {
        await Promise.all([pipeline(tar.stdout, zlib.createGzip(), fs.createWriteStream(tmp)), exited]);
        fs.renameSync(tmp, outFile);
    } finally {
        fs.rmSync(tmp, {force: true});
    }
    return fs.statSync(outFile).size;
}

module.exports = {writeTarGz};
