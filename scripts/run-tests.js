#!/usr/bin/env node
// Runs every check the project has and ends with the one summary line CI reads:
// "N passed, N failed, N skipped". Lint and type checks count as one test each, so a
// lint error fails the run as visibly as a failing test.
'use strict';
const {spawnSync} = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'test', 'out');
fs.mkdirSync(outDir, {recursive: true});

let passed = 0;
let failed = 0;
let skipped = 0;

function run(label, cmd, args) {
    process.stdout.write(`\n=== ${label}: ${cmd} ${args.join(' ')}\n`);
    const res = spawnSync(cmd, args, {cwd: root, stdio: 'inherit', env: process.env});
    return res.status === 0;
}

for (const [label, cmd, args] of [
    ['lint', 'npx', ['eslint', '.', '--max-warnings=0']],
    ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
]) {
    if (run(label, cmd, args)) {
        passed++;
    } else {
        failed++;
        process.stdout.write(`${label} FAILED\n`);
    }
}

const extra = process.argv.slice(2);

/** One jest run, its results added to the counts. */
function jestRun(label, name, args) {
    const json = path.join(outDir, `${name}.json`);
    fs.rmSync(json, {force: true});
    // Paths and options given to make test go first: --selectProjects takes every word after it.
    const ok = run(label, 'npx', ['jest', ...extra, '--json', `--outputFile=${json}`, ...args]);
    if (!fs.existsSync(json)) {
        failed++;
        return;
    }
    const r = JSON.parse(fs.readFileSync(json, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
    skipped += r.numPendingTests + r.numTodoTests;
    if (!ok && r.numFailedTests + r.numRuntimeErrorTestSuites === 0) {
        failed++; // jest failed for a reason outside any test (e.g. no tests found)
    }
}

jestRun('jest', 'jest', ['--selectProjects', 'server', 'webapp', 'cross']);
// The real Mattermost server suite after the rest, in band: it builds or reuses the server
// binary, starts PostgreSQL and Mattermost, and needs the machine to itself.
jestRun('real Mattermost', 'jest-mattermost', ['--selectProjects', 'mattermost', '--runInBand']);

process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed > 0 ? 1 : 0);
