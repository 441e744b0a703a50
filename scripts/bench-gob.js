#!/usr/bin/env node
// Benchmarks the gob codec against Go's encoding/gob in the same run:
//   node scripts/bench-gob.js [--count N]
// Encodes and decodes a model.Post-shaped value N times on one stream in TypeScript and in Go
// (test/conformance/gob/gobvectors, built from the conformance module) and prints per-operation times,
// throughput and the TypeScript/Go ratios. Not a test: numbers depend on the machine.
'use strict';
const {execFileSync} = require('child_process');
const path = require('path');
const {intArg} = require('./lib/args');
const {bundleTs} = require('./lib/bundle-ts');

function main() {
    const n = intArg('count', 50000, 1);
    const root = path.join(__dirname, '..');
    const env = {...process.env, TZ: 'UTC'};
    let goBin;
    try {
        goBin = require('../test/conformance/go-build.js').buildGoProgram('gob/gobvectors/main.go', 'gobvectors');
    } catch (err) {
        console.error(`cannot build the Go side: ${err.message}`);
        process.exit(1);
    }
    const harness = bundleTs(path.join(root, 'test', 'conformance', 'gob', 'bench-harness.ts'), 'bench-gob');
    const {runGobBench} = require(harness.file);
    harness.cleanup();
    // Alternate the two sides so load from other processes on the host hits both alike.
    const ts = [];
    const go = [];
    for (let round = 0; round < 3; round++) {
        go.push(JSON.parse(execFileSync(goBin, ['bench', String(n)], {env}).toString()));
        ts.push(runGobBench(n));
    }
    const best = (rows, key) => Math.min(...rows.map((r) => r[key]));
    const bytes = ts[0].messageBytes;
    const line = (label, tsNs, goNs) => {
        const mbs = (ns) => (bytes / ns * 1e9 / (1 << 20)).toFixed(1);
        console.log(`${label}: TypeScript ${(tsNs / 1000).toFixed(2)} us/op (${mbs(tsNs)} MiB/s), Go ${(goNs / 1000).toFixed(2)} us/op (${mbs(goNs)} MiB/s), ratio TS/Go time ${(tsNs / goNs).toFixed(2)}x`);
    };
    console.log(`gob bench: model.Post-shaped value, ${bytes} bytes per message (Go: ${go[0].messageBytes}), ${n} ops x 3 rounds, best round`);
    line('encode', best(ts, 'encodeNs'), best(go, 'encodeNs'));
    line('decode', best(ts, 'decodeNs'), best(go, 'decodeNs'));
}

main();
