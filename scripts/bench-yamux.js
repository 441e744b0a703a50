#!/usr/bin/env node
// Benchmarks (not tests): yamux stream throughput and net/rpc empty-call round trip, each
// TypeScript against Go measured in the same run, printed as ratios.
//   node scripts/bench-yamux.js [--mib N] [--rounds N] [--calls N]
// Internally also one TypeScript end of a session in its own process (see bench.ts):
//   node scripts/bench-yamux.js --end (--listen <socket> | --dial <socket>) [--send] [--warm N] [--window BYTES] --mb N
'use strict';
const fs = require('fs');
const path = require('path');
const {intArg} = require('./lib/args');
const {bundleTsKeepingHelpers} = require('./lib/bundle-ts');

// The plugin executable's V8 settings (scripts/build-server.js EXEC_ARGV), so the
// TypeScript end collects garbage as the plugin does.
const PLUGIN_NODE_FLAGS = ['--max-semi-space-size=4'];

/** Loads a TypeScript module through a throwaway esbuild bundle. */
async function load(entry) {
    const bundle = await bundleTsKeepingHelpers(entry, 'bench-yamux');
    const mod = require(bundle.file);
    bundle.cleanup();
    return mod;
}

// The Node the plugin executable is made from, when it is at hand for this machine; else this one.
function pluginNode() {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
        return process.execPath;
    }
    try {
        const {nodeBinary} = require('./packaging/node-binaries');
        return nodeBinary('linux-amd64', path.join(__dirname, '..', 'build', 'cache'), (line) => process.stderr.write(`${line}\n`));
    } catch (err) {
        process.stderr.write(`bench-yamux: measuring the TypeScript end on this Node (${err.message})\n`);
        return process.execPath;
    }
}

function stringArg(name) {
    const i = process.argv.indexOf(`--${name}`);
    return i < 0 ? undefined : process.argv[i + 1];
}

async function runEnd(root) {
    const {runTsEnd} = await load(path.join(root, 'yamux', 'bench.ts'));
    const result = await runTsEnd({
        listen: stringArg('listen'), dial: stringArg('dial'), send: process.argv.includes('--send'), warmMib: intArg('warm', 0), mib: intArg('mb', 256, 1),
        window: intArg('window', 0),
    }, () => process.stdout.write('listening\n'));
    process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main() {
    const root = path.join(__dirname, '..', 'test', 'conformance');
    if (process.argv.includes('--end')) {
        return runEnd(root);
    }
    const {runYamuxBench} = await load(path.join(root, 'yamux', 'bench.ts'));
    const node = pluginNode();
    await runYamuxBench(path.join(root, 'yamux', 'go'), intArg('mib', 256, 1), intArg('rounds', 3, 1),
        (args) => [node, [...PLUGIN_NODE_FLAGS, __filename, '--end', ...args]]);
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
