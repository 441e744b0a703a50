'use strict';
// Runs a fuzz harness in a worker thread under a watchdog. The harness export is called as
// fn({count, seed, progress, gc}) and returns (or resolves to) a report; it bumps
// progress[0] after each input and stores the current input's index in progress[1]. An
// input that makes no progress for `stallMs` is a hang even if it never returns, and the
// worker's heap is capped so one input that allocates without bound kills it and is
// reported by its index instead of going unnoticed between samples.
const {Worker} = require('worker_threads');
const {bundleTs} = require('./bundle-ts');

/**
 * @param {object} o
 * @param {string} o.name label for the output, e.g. 'gob'
 * @param {string} o.entry TypeScript harness file
 * @param {string} o.exportName the harness function
 * @param {number} o.count
 * @param {number} o.seed
 * @param {number} o.workerHeapMiB
 * @param {number} o.stallMs
 * @param {(report: any, secs: number) => number} o.onReport prints the report, returns the exit code
 */
function runFuzzWorker(o) {
    const bundle = bundleTs(o.entry, `fuzz-${o.name}`);
    const progress = new Int32Array(new SharedArrayBuffer(8));
    const started = Date.now();
    console.log(`${o.name} fuzz: ${o.count} inputs, seed ${o.seed}`);
    const worker = new Worker(`
        const {workerData, parentPort} = require('worker_threads');
        // A real full GC before each heap sample, so the figure is live memory, not garbage.
        require('v8').setFlagsFromString('--expose_gc');
        const gc = require('vm').runInNewContext('gc');
        const run = require(workerData.harness)[workerData.exportName];
        Promise.resolve(run({count: workerData.count, seed: workerData.seed, progress: new Int32Array(workerData.sab), gc}))
            .then((report) => parentPort.postMessage(report));
    `, {
        eval: true,
        workerData: {harness: bundle.file, exportName: o.exportName, count: o.count, seed: o.seed, sab: progress.buffer},
        resourceLimits: {maxOldGenerationSizeMb: o.workerHeapMiB},
    });

    let lastDone = -1;
    let lastChange = Date.now();
    let lastPrinted = 0;
    const watchdog = setInterval(() => {
        const done = Atomics.load(progress, 0);
        if (done !== lastDone) {
            lastDone = done;
            lastChange = Date.now();
        } else if (Date.now() - lastChange > o.stallMs) {
            console.log(`HANG: input ${Atomics.load(progress, 1)} (seed ${o.seed}) made no progress for ${o.stallMs / 1000} s`);
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
        bundle.cleanup();
        process.exit(o.onReport(report, (Date.now() - started) / 1000));
    });
    worker.on('error', (err) => {
        clearInterval(watchdog);
        const input = Atomics.load(progress, 1);
        if (err && err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
            console.log(`UNBOUNDED ALLOCATION: input ${input} (seed ${o.seed}) exhausted the ${o.workerHeapMiB} MiB heap`);
        } else {
            console.log(`CRASH: fuzz worker died at input ${input} (seed ${o.seed}):`, err);
        }
        process.exit(1);
    });
}

module.exports = {runFuzzWorker};
