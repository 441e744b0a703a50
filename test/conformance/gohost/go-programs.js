// Builds the Go go-plugin host (gohost) and the reference Go plugin (goref) with Debian's Go
// toolchain in GOPATH mode, offline, against Debian's packaged go-plugin. Each binary is
// kept under test/out/go/ named by a hash of the Go sources and the toolchain, so the tests
// and the benchmark build it once, not once per run. Shared by the jest tests (through
// build-go.ts) and scripts/bench-bridge.js.
'use strict';
const {spawnSync} = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

/** The folder holding gohost/ and goref/, imported by Go as "rcconformance/...". */
const conformanceDir = path.resolve(__dirname, '..');
const binDir = path.resolve(__dirname, '..', '..', 'out', 'go');
const debianGoPath = '/usr/share/gocode';
const PROGRAMS = ['gohost', 'goref'];

function goFiles(dir) {
    return fs.readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? goFiles(p) : e.name.endsWith('.go') ? [p] : [];
    }).sort();
}

/** Hash of the toolchain and every Go file either program may import. */
function sourceHash(goVersion) {
    const hash = crypto.createHash('sha256').update(goVersion);
    for (const dir of PROGRAMS) {
        for (const file of goFiles(path.join(__dirname, '..', dir))) {
            hash.update(path.relative(conformanceDir, file)).update('\0').update(fs.readFileSync(file)).update('\0');
        }
    }
    return hash.digest('hex').slice(0, 16);
}

/** A GOPATH whose src/rcconformance is this folder; one per user, reused. */
function gopath() {
    const dir = path.join(os.tmpdir(), `release-checklist-gohost-${process.getuid?.() ?? 0}`);
    const link = path.join(dir, 'src', 'rcconformance');
    fs.mkdirSync(path.dirname(link), {recursive: true});
    let target = null;
    try {
        target = fs.readlinkSync(link);
    } catch {
        target = null;
    }
    if (target !== conformanceDir) {
        fs.rmSync(link, {force: true});
        try {
            fs.symlinkSync(conformanceDir, link);
        } catch (err) {
            // Another process made the same link at the same moment.
            if (err.code !== 'EEXIST') {
                throw err;
            }
        }
    }
    return dir;
}

/**
 * Builds the named programs (or reuses the binaries built from the same sources with the
 * same toolchain) and returns their paths. Throws with what to install when Go is missing.
 * @param {Array<'gohost'|'goref'>} programs
 * @param {{env?: NodeJS.ProcessEnv}} [options]
 * @returns {Record<string, string>}
 */
function buildGoPrograms(programs, options = {}) {
    const env = options.env ?? process.env;
    const probe = spawnSync('go', ['version'], {env, encoding: 'utf8'});
    if (probe.error || probe.status !== 0) {
        throw new Error(
            'The Go toolchain is required for the go-plugin conformance tests but `go version` failed ' +
            `(${probe.error?.message ?? String(probe.stderr).trim()}). Install Debian's golang-go and ` +
            'golang-github-hashicorp-go-plugin-dev (scripts/setup.sh does).',
        );
    }
    if (!fs.existsSync(path.join(debianGoPath, 'src/github.com/hashicorp/go-plugin'))) {
        throw new Error(`Debian's go-plugin sources are missing under ${debianGoPath}; install golang-github-hashicorp-go-plugin-dev.`);
    }
    const hash = sourceHash(probe.stdout);
    fs.mkdirSync(binDir, {recursive: true});
    const out = {};
    for (const program of programs) {
        if (!PROGRAMS.includes(program)) {
            throw new Error(`unknown Go program ${program}; known: ${PROGRAMS.join(', ')}`);
        }
        const bin = path.join(binDir, `${program}-${hash}`);
        if (!fs.existsSync(bin)) {
            const work = gopath();
            const goEnv = {...env, GO111MODULE: 'off', GOFLAGS: '', GOPATH: `${debianGoPath}:${work}`};
            // Written under a private name and renamed, so concurrent test files never run half a binary.
            const partial = `${bin}.${process.pid}.partial`;
            const res = spawnSync('go', ['build', '-o', partial, `rcconformance/${program}`], {env: goEnv, encoding: 'utf8'});
            if (res.status !== 0) {
                fs.rmSync(partial, {force: true});
                throw new Error(`go build ${program} failed:\n${res.stderr}`);
            }
            fs.renameSync(partial, bin);
        }
        out[program] = bin;
    }
    return out;
}

module.exports = {buildGoPrograms, PROGRAMS};
