#!/usr/bin/env node
// Runs the real-Mattermost suite and the Go host suites once per server version of the
// matrix: test/mattermost/go.mod (the default CI runs) and each go.<version>.mod beside it,
// and the Go host built from test/conformance/go.mod or go.<version>.mod of the same name.
// Prints one line per version and exits non-zero if any failed.
//   node scripts/test-matrix.js [version ...]
'use strict';
const {spawnSync} = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const variants = (dir) => ['', ...fs.readdirSync(path.join(root, dir)).map((f) => /^go\.(.+)\.mod$/.exec(f)?.[1]).filter(Boolean)];
const wanted = process.argv.slice(2);
const serverSet = new Set(variants('test/mattermost'));
const hosts = new Set(variants('test/conformance'));
// Versions whose server the module proxy does not serve (11.8.0) still get their Go host run.
const versions = [...new Set([...serverSet, ...hosts])].filter((v) => wanted.length === 0 || wanted.includes(v || 'default'));
const outDir = path.join(root, 'test', 'out');
fs.mkdirSync(outDir, {recursive: true});

function jest(name, args, env) {
    const json = path.join(outDir, `matrix-${name}.json`);
    fs.rmSync(json, {force: true});
    spawnSync('npx', ['jest', '--json', `--outputFile=${json}`, ...args], {cwd: root, stdio: 'inherit', env: {...process.env, ...env}});
    if (!fs.existsSync(json)) {
        return {passed: 0, failed: 1};
    }
    const r = JSON.parse(fs.readFileSync(json, 'utf8'));
    return {passed: r.numPassedTests, failed: r.numFailedTests + r.numRuntimeErrorTestSuites + (r.numTotalTests === 0 ? 1 : 0)};
}

const lines = [];
let failed = 0;
for (const v of versions) {
    const name = v || 'default';
    const figures = path.join(outDir, 'real-server-figures.json');
    fs.rmSync(figures, {force: true});
    const server = serverSet.has(v) ? jest(`server-${name}`, ['--selectProjects', 'mattermost', '--runInBand'], {MM_VARIANT: v}) : null;
    const host = hosts.has(v)
        ? jest(`gohost-${name}`, ['test/conformance/gohost', '--selectProjects', 'cross'], {CONFORMANCE_VARIANT: v})
        : null;
    failed += (server?.failed ?? 0) + (host?.failed ?? 0);
    const version = fs.existsSync(figures) ? JSON.parse(fs.readFileSync(figures, 'utf8')).version ?? '' : '';
    const count = (r) => `${r.passed} passed, ${r.failed} failed`;
    lines.push(`${name}: real server ${server ? count(server) : 'not served by the module proxy'}; Go host ${host ? count(host) : 'no module file'}${version ? `; ${version}` : ''}`);
}
process.stdout.write(`\n${lines.join('\n')}\n`);
process.exit(failed > 0 ? 1 : 0);
