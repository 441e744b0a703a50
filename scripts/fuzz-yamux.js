#!/usr/bin/env node
// Fuzzes the yamux session with mutated frame sequences:
//   node scripts/fuzz-yamux.js [--count N] [--seed S]
// Bundles the TypeScript harness with esbuild (no type check) and runs it in a worker thread
// under a watchdog: an input that makes no progress for 10 s is a hang even if it never
// returns, and the worker's heap is capped so an input that allocates without bound is
// reported with its index. Prints a summary; exits non-zero on any crash, hang, over-full
// buffer or heap exhaustion.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const os = require('os');
const path = require('path');
const {Worker} = require('worker_threads');

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

const STALL_MS = 10000;
// Sessions hold up to 16 streams x 256 KiB of unread data; a runaway needs far more.
const WORKER_HEAP_MIB = 512;

function main() {
    const count = arg('count', 100000);
    const seed = arg('seed', Date.now() % 0x7fffffff);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-yamux-'));
    const out = path.join(dir, 'fuzz.js');
    esbuild.buildSync({
        entryPoints: [path.join(__dirname, '..', 'server-bridge', 'src', 'wire', 'yamux', 'fuzz.ts')],
        bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'error',
    });
    const progress = new Int32Array(new SharedArrayBuffer(8));
    const started = Date.now();
    console.log(`yamux fuzz: ${count} inputs, seed ${seed}`);
    const worker = new Worker(`
        const {workerData, parentPort} = require('worker_threads');
        // A real full GC before each heap sample, so the figure is live memory, not garbage.
        require('v8').setFlagsFromString('--expose_gc');
        const gc = require('vm').runInNewContext('gc');
        const {runYamuxFuzz} = require(workerData.harness);
        runYamuxFuzz({count: workerData.count, seed: workerData.seed, progress: new Int32Array(workerData.sab), gc})
            .then((report) => parentPort.postMessage(report));
    `, {
        eval: true,
        workerData: {harness: out, count, seed, sab: progress.buffer},
        resourceLimits: {maxOldGenerationSizeMb: WORKER_HEAP_MIB},
    });

    let lastDone = -1;
    let lastChange = Date.now();
    let lastPrinted = 0;
    const watchdog = setInterval(() => {
        const done = Atomics.load(progress, 0);
        if (done !== lastDone) {
            lastDone = done;
            lastChange = Date.now();
        } else if (Date.now() - lastChange > STALL_MS) {
            console.log(`HANG: input ${Atomics.load(progress, 1)} (seed ${seed}) made no progress for ${STALL_MS / 1000} s`);
            clearInterval(watchdog);
            worker.terminate().then(() => process.exit(1));
        }
        if (done - lastPrinted >= 100000) {
            lastPrinted = done - (done % 100000);
            console.log(`  ${lastPrinted} inputs after ${((Date.now() - started) / 1000).toFixed(0)} s`);
        }
    }, 500);

    worker.on('message', (report) => {
        clearInterval(watchdog);
        fs.rmSync(dir, {recursive: true, force: true});
        const secs = (Date.now() - started) / 1000;
        console.log(`inputs: ${report.inputs}  rejected (session ended with an error): ${report.rejected}  crashes: ${report.crashes}  hangs: ${report.hangs}`);
        console.log(`max unread bytes in one session: ${report.maxBuffered}  max live heap: ${report.maxHeapMiB.toFixed(1)} MiB  time: ${secs.toFixed(1)} s (${Math.round(report.inputs / secs)} inputs/s)`);
        for (const f of report.failures) {
            console.log(`FAIL ${f}`);
        }
        process.exit(report.crashes + report.hangs + report.failures.length > 0 ? 1 : 0);
    });
    worker.on('error', (err) => {
        clearInterval(watchdog);
        const input = Atomics.load(progress, 1);
        if (err && err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
            console.log(`UNBOUNDED ALLOCATION: input ${input} (seed ${seed}) exhausted the ${WORKER_HEAP_MIB} MiB heap`);
        } else {
            console.log(`CRASH: fuzz worker died at input ${input} (seed ${seed}):`, err);
        }
        process.exit(1);
    });
}

main();
