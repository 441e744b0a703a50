#!/usr/bin/env node
// Benchmarks (not tests): yamux stream throughput and net/rpc empty-call round trip, each
// TypeScript against Go measured in the same run, printed as ratios.
//   node scripts/bench-yamux.js [--mib N] [--rounds N] [--calls N]
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const os = require('os');
const path = require('path');

function arg(name, fallback) {
    const i = process.argv.indexOf(`--${name}`);
    const v = i < 0 ? fallback : Number(process.argv[i + 1]);
    if (!Number.isSafeInteger(v) || v <= 0) {
        console.error(`--${name} needs a positive integer`);
        process.exit(2);
    }
    return v;
}

function load(entry) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-yamux-'));
    const out = path.join(dir, 'bench.js');
    esbuild.buildSync({entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'error'});
    const mod = require(out);
    fs.rmSync(dir, {recursive: true, force: true});
    return mod;
}

async function main() {
    const root = path.join(__dirname, '..', 'test', 'conformance');
    const {runYamuxBench} = load(path.join(root, 'yamux', 'bench.ts'));
    await runYamuxBench(path.join(root, 'yamux', 'go'), arg('mib', 256), arg('rounds', 3));
    const rpcBench = path.join(root, 'netrpc', 'bench.ts');
    if (fs.existsSync(rpcBench)) {
        const {runRpcBench} = load(rpcBench);
        await runRpcBench(path.join(root, 'netrpc', 'go'), arg('calls', 20000), arg('rounds', 3));
    }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
