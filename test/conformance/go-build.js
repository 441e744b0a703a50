// Builds the Go programs of the conformance module (test/conformance/go.mod, which requires
// Mattermost's server/public module and through it go-plugin and yamux at Mattermost's
// versions). Each binary is kept under test/out/go/ named by a hash of the toolchain, the
// module files and the program's sources, so tests and benchmarks build it once, not once
// per run. Shared by the jest tests and the benchmark scripts.
'use strict';
const {spawnSync} = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const moduleDir = __dirname;
const binDir = path.resolve(__dirname, '..', 'out', 'go');

/** The go.mod to build with: the default one, or go.<variant>.mod for a server version of the matrix. */
function modFile(variant) {
    return variant ? path.join(moduleDir, `go.${variant}.mod`) : path.join(moduleDir, 'go.mod');
}

/** Every .go file under dir, sorted. */
function goFiles(dir) {
    return fs.readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? goFiles(p) : e.name.endsWith('.go') ? [p] : [];
    }).sort();
}

/** Fails with what to install when the machine's Go is missing or too old for the module. */
function goVersion(env) {
    const probe = spawnSync('go', ['version'], {env, encoding: 'utf8'});
    if (probe.error || probe.status !== 0) {
        throw new Error(
            'The Go toolchain (1.26 or newer, first on PATH) is required for the conformance tests but `go version` failed ' +
            `(${probe.error?.message ?? String(probe.stderr).trim()}). Install Go from go.dev and put its bin folder first on PATH.`,
        );
    }
    const m = /go(\d+)\.(\d+)/.exec(probe.stdout);
    if (!m || Number(m[1]) < 1 || (Number(m[1]) === 1 && Number(m[2]) < 26)) {
        throw new Error(`\`go version\` printed ${probe.stdout.trim()}: the conformance module needs Go 1.26 or newer first on PATH (Debian's golang-go is too old).`);
    }
    return probe.stdout;
}

/**
 * Builds one program of the module, or reuses the binary built from the same inputs.
 * @param {string} target a package folder or a single .go file, relative to test/conformance
 * @param {string} name the binary's base name
 * @param {{env?: NodeJS.ProcessEnv, variant?: string}} [options] variant picks go.<variant>.mod
 * @returns {string} the binary's path
 */
function buildGoProgram(target, name, options = {}) {
    const env = options.env ?? process.env;
    // CONFORMANCE_VARIANT: the server version of the matrix to build against (scripts/test-matrix.js).
    const variant = options.variant ?? process.env.CONFORMANCE_VARIANT ?? '';
    const mod = modFile(variant);
    if (!fs.existsSync(mod)) {
        throw new Error(`no module file ${path.relative(moduleDir, mod)} in test/conformance`);
    }
    const sum = mod.replace(/\.mod$/, '.sum');
    const abs = path.join(moduleDir, target);
    const sources = fs.statSync(abs).isDirectory() ? goFiles(abs) : [abs];
    const hash = crypto.createHash('sha256').update(goVersion(env)).update(fs.readFileSync(mod));
    if (fs.existsSync(sum)) {
        hash.update(fs.readFileSync(sum));
    }
    for (const file of sources) {
        hash.update(path.relative(moduleDir, file)).update('\0').update(fs.readFileSync(file)).update('\0');
    }
    const bin = path.join(binDir, `${name}${variant ? `-${variant}` : ''}-${hash.digest('hex').slice(0, 16)}`);
    if (fs.existsSync(bin)) {
        return bin;
    }
    fs.mkdirSync(binDir, {recursive: true});
    // Written under a private name and renamed, so concurrent test files never run half a binary.
    const partial = `${bin}.${process.pid}.partial`;
    const pkg = fs.statSync(abs).isDirectory() ? `./${target}` : target;
    const args = ['build', `-modfile=${mod}`, '-o', partial, pkg];
    // -mod=readonly: the committed go.sum is the truth; a missing entry is an error, not a download of something new.
    const res = spawnSync('go', args, {cwd: moduleDir, env: {...env, GOFLAGS: '-mod=readonly'}, encoding: 'utf8'});
    if (res.error || res.status !== 0) {
        fs.rmSync(partial, {force: true});
        throw new Error(`go ${args.join(' ')} failed in test/conformance:\n${res.stderr ?? res.error?.message}`);
    }
    fs.renameSync(partial, bin);
    return bin;
}

module.exports = {buildGoProgram, moduleDir};
