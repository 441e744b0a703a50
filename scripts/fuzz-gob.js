#!/usr/bin/env node
// Fuzzes the gob decoder with mutated valid gob streams:
//   node scripts/fuzz-gob.js [--count N] [--seed S]
// The harness (test/conformance/gob/fuzz-harness.ts) is bundled with esbuild and run in a
// worker thread under a watchdog: an input that stops making progress for 10 s is a hang even
// if it never returns, and the worker's heap is capped so one input that allocates without
// bound kills it (reported with the input's index) instead of going unnoticed between samples.
// Prints a summary; exits non-zero on any crash (an exception that is not a GobError, or an
// internal error wrapped in one), hang, heap exhaustion, or live heap growth over 256 MiB.
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

const HEAP_LIMIT_MIB = 256;
// The worker's whole old generation: the harness needs a few tens of MiB, a decoder that
// believes a hostile count needs far more.
const WORKER_HEAP_MIB = 512;
const STALL_MS = 10000;

function main() {
    const count = arg('count', 2000);
    const seed = arg('seed', Date.now() % 0x7fffffff);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-gob-'));
    const out = path.join(dir, 'harness.js');
    esbuild.buildSync({
        entryPoints: [path.join(__dirname, '..', 'test', 'conformance', 'gob', 'fuzz-harness.ts')],
        bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'error',
    });
    const progress = new Int32Array(new SharedArrayBuffer(8));
    const started = Date.now();
    console.log(`gob fuzz: ${count} inputs, seed ${seed}`);
    const worker = new Worker(`
        const {workerData, parentPort} = require('worker_threads');
        require('v8').setFlagsFromString('--expose_gc');
        const gc = require('vm').runInNewContext('gc');
        const {runGobFuzz} = require(workerData.harness);
        const report = runGobFuzz({count: workerData.count, seed: workerData.seed, progress: new Int32Array(workerData.sab), gc});
        parentPort.postMessage(report);
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
        console.log(`inputs: ${report.inputs}  values decoded: ${report.values}  inputs rejected with GobError: ${report.rejected}`);
        console.log(`GobError codes: ${JSON.stringify(report.errorCodes)}`);
        console.log(`crashes: ${report.crashes}  hangs: ${report.hangs}  slowest input: ${report.slowestMs.toFixed(1)} ms  live heap growth: ${report.maxHeapMiB.toFixed(1)} MiB  time: ${secs.toFixed(1)} s (${Math.round(report.inputs / secs)} inputs/s)`);
        const heapFail = report.maxHeapMiB > HEAP_LIMIT_MIB;
        if (heapFail) {
            console.log(`FAIL live heap grew by ${report.maxHeapMiB.toFixed(1)} MiB (limit ${HEAP_LIMIT_MIB})`);
        }
        for (const f of report.failures) {
            console.log(`FAIL ${f}`);
        }
        process.exit(report.crashes + report.hangs > 0 || heapFail ? 1 : 0);
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
