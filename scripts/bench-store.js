#!/usr/bin/env node
// In-process benchmark of the run store: plugin CPU and KV bytes per step action on runs of
// 30, 300 and 3000 steps and on a run with a long event log, actions/s with 20 concurrent
// writers, the report of a long run and a channel's run list. Prints one JSON line per
// measurement; nothing is asserted (compare runs of this script on the same machine).
//
// usage: node --expose-gc scripts/bench-store.js [--actions 300] [--events 50000] [--list-runs 200] [--warmup 30]
// (--warmup: actions on each run before measuring; the JIT needs a few hundred to settle)
'use strict';
const path = require('path');
const {parseArgs} = require('util');
const {bundleTs} = require('./lib/bundle-ts');

const {values} = parseArgs({options: {actions: {type: 'string'}, events: {type: 'string'}, 'list-runs': {type: 'string'}, warmup: {type: 'string'}}});
const entry = path.resolve(__dirname, '../server-bridge/src/product/testing/store-bench.ts');
const bundle = bundleTs(entry, 'bench-store');
require(bundle.file).main({
    actions: Number(values.actions ?? 300),
    events: Number(values.events ?? 50000),
    listRuns: Number(values['list-runs'] ?? 200),
    warmup: Number(values.warmup ?? 30),
}).then(() => bundle.cleanup(), (err) => {
    bundle.cleanup();
    console.error(err);
    process.exit(1);
});
