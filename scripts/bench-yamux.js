#!/usr/bin/env node
// Benchmarks (not tests): yamux stream throughput and net/rpc empty-call round trip, each
// TypeScript against Go measured in the same run, printed as ratios.
//   node scripts/bench-yamux.js [--mib N] [--rounds N] [--calls N]
'use strict';
const fs = require('fs');
const path = require('path');
const {intArg} = require('./lib/args');
const {bundleTsKeepingHelpers} = require('./lib/bundle-ts');

/** Loads a TypeScript module through a throwaway esbuild bundle. */
async function load(entry) {
    const bundle = await bundleTsKeepingHelpers(entry, 'bench-yamux');
    const mod = require(bundle.file);
    bundle.cleanup();
    return mod;
}

async function main() {
    const root = path.join(__dirname, '..', 'test', 'conformance');
    const {runYamuxBench} = await load(path.join(root, 'yamux', 'bench.ts'));
    await runYamuxBench(path.join(root, 'yamux', 'go'), intArg('mib', 256, 1), intArg('rounds', 3, 1));
    const rpcBench = path.join(root, 'netrpc', 'bench.ts');
    if (fs.existsSync(rpcBench)) {
        const {runRpcBench} = await load(rpcBench);
        await runRpcBench(path.join(root, 'netrpc', 'go'), intArg('calls', 20000, 1), intArg('rounds', 3, 1));
    }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
