#!/usr/bin/env node
// Fuzzes the gob decoder with mutated valid gob streams:
//   node scripts/fuzz-gob.js [--count N] [--seed S]
// The harness (test/conformance/gob/fuzz-harness.ts) runs in a worker under a watchdog
// (scripts/lib/fuzz-worker.js). Prints a summary; exits non-zero on any crash (an exception
// that is not a GobError, or an internal error wrapped in one), hang, heap exhaustion, or
// live heap growth over 256 MiB.
'use strict';
const path = require('path');
const {intArg} = require('./lib/args');
const {runFuzzWorker} = require('./lib/fuzz-worker');

const HEAP_LIMIT_MIB = 256;

runFuzzWorker({
    name: 'gob',
    entry: path.join(__dirname, '..', 'test', 'conformance', 'gob', 'fuzz-harness.ts'),
    exportName: 'runGobFuzz',
    count: intArg('count', 2000),
    seed: intArg('seed', Date.now() % 0x7fffffff),
    // The worker's whole old generation: the harness needs a few tens of MiB, a decoder that
    // believes a hostile count needs far more.
    workerHeapMiB: 512,
    stallMs: 10000,
    onReport(report, secs) {
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
        return report.crashes + report.hangs > 0 || heapFail ? 1 : 0;
    },
});
