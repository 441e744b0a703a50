#!/usr/bin/env node
// Fuzzes the yamux session with mutated frame sequences:
//   node scripts/fuzz-yamux.js [--count N] [--seed S]
// Bundles the TypeScript harness with esbuild (no type check) and prints a summary; exits
// non-zero on any crash, hang or over-full buffer.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const os = require('os');
const path = require('path');

function arg(name, fallback) {
    const i = process.argv.indexOf(`--${name}`);
    if (i < 0) {
        return fallback;
    }
    const v = Number(process.argv[i + 1]);
    if (!Number.isSafeInteger(v) || v < 0) {
        console.error(`--${name} needs a non-negative integer`);
        process.exit(2);
    }
    return v;
}

async function main() {
    const count = arg('count', 100000);
    const seed = arg('seed', Date.now() % 0x7fffffff);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-yamux-'));
    const out = path.join(dir, 'fuzz.js');
    esbuild.buildSync({
        entryPoints: [path.join(__dirname, '..', 'server-bridge', 'src', 'wire', 'yamux', 'fuzz.ts')],
        bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'error',
    });
    const {runYamuxFuzz} = require(out);
    const started = Date.now();
    console.log(`yamux fuzz: ${count} inputs, seed ${seed}`);
    // A real full GC before each heap sample, so the figure is live memory, not garbage.
    require('v8').setFlagsFromString('--expose_gc');
    const gc = require('vm').runInNewContext('gc');
    const report = await runYamuxFuzz({
        count, seed, gc,
        onProgress: (done, r) => {
            if (done > 0 && done % 100000 === 0) {
                console.log(`  ${done} inputs, ${r.rejected} rejected, ${r.crashes} crashes, ${r.hangs} hangs, max heap ${r.maxHeapMiB.toFixed(1)} MiB`);
            }
        },
    });
    fs.rmSync(dir, {recursive: true, force: true});
    const secs = (Date.now() - started) / 1000;
    console.log(`inputs: ${report.inputs}  rejected (session ended with an error): ${report.rejected}  crashes: ${report.crashes}  hangs: ${report.hangs}`);
    console.log(`max unread bytes in one session: ${report.maxBuffered}  max live heap: ${report.maxHeapMiB.toFixed(1)} MiB  time: ${secs.toFixed(1)} s (${Math.round(report.inputs / secs)} inputs/s)`);
    for (const f of report.failures) {
        console.log(`FAIL ${f}`);
    }
    process.exit(report.crashes + report.hangs + report.failures.length > 0 ? 1 : 0);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
