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

const jestJson = path.join(outDir, 'jest.json');
fs.rmSync(jestJson, {force: true});
const extra = process.argv.slice(2);
const jestOk = run('jest', 'npx', ['jest', '--json', `--outputFile=${jestJson}`, ...extra]);
if (fs.existsSync(jestJson)) {
    const r = JSON.parse(fs.readFileSync(jestJson, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
    skipped += r.numPendingTests + r.numTodoTests;
    if (!jestOk && r.numFailedTests + r.numRuntimeErrorTestSuites === 0) {
        failed++; // jest failed for a reason outside any test (e.g. no tests found)
    }
} else {
    failed++;
}

process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed > 0 ? 1 : 0);
