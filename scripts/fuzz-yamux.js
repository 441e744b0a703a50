#!/usr/bin/env node
// Fuzzes the yamux session with mutated frame sequences:
//   node scripts/fuzz-yamux.js [--count N] [--seed S]
// The harness (server-bridge/src/wire/yamux/fuzz.ts) runs in a worker under a watchdog
// (scripts/lib/fuzz-worker.js). Prints a summary; exits non-zero on any crash, hang,
// over-full buffer or heap exhaustion.
'use strict';
const path = require('path');
const {intArg} = require('./lib/args');
const {runFuzzWorker} = require('./lib/fuzz-worker');

runFuzzWorker({
    name: 'yamux',
    entry: path.join(__dirname, '..', 'server-bridge', 'src', 'wire', 'yamux', 'fuzz.ts'),
    exportName: 'runYamuxFuzz',
    count: intArg('count', 100000),
    seed: intArg('seed', Date.now() % 0x7fffffff),
    // Sessions hold up to 16 streams x 256 KiB of unread data; a runaway needs far more.
    workerHeapMiB: 512,
    stallMs: 10000,
    onReport(report, secs) {
        console.log(`inputs: ${report.inputs}  rejected (session ended with an error): ${report.rejected}  crashes: ${report.crashes}  hangs: ${report.hangs}`);
        console.log(`max unread bytes in one session: ${report.maxBuffered}  max live heap: ${report.maxHeapMiB.toFixed(1)} MiB  time: ${secs.toFixed(1)} s (${Math.round(report.inputs / secs)} inputs/s)`);
        for (const f of report.failures) {
            console.log(`FAIL ${f}`);
        }
        return report.crashes + report.hangs + report.failures.length > 0 ? 1 : 0;
    },
});
