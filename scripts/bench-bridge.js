#!/usr/bin/env node
// Benchmarks the TypeScript plugin executable against the reference Go plugin: the same
// Go host (test/conformance/gohost) loads each one with Mattermost's own plugin.Environment
// and supervisor and times the same calls through Mattermost's hooks client. Prints per-call
// latency p50/p99 and throughput of each, TS/Go ratios from this one run, idle RSS and
// handshake time (go-plugin starting the process to reading its handshake line). Timings are
// never asserted here.
//
// usage: node scripts/bench-bridge.js [--n 2000] [--ts <executable>] [--entry <file.ts>]
//          [--ts-http1k /path] [--ts-httpkv /path] [--layer]
// Without --ts the linux-amd64 executable is built from --entry (default
// server-bridge/src/main.ts) with scripts/build-server.js. The product has no route that
// answers 1 KiB without touching the API, so for the real executable pass real routes, e.g.
// --ts-http1k /api/v1/templates (two KV gets) --ts-httpkv /api/v1/templates/security-release
// (one KV get). --layer also measures the bridge's Mattermost layer alone: a TypeScript
// plugin on the same layer with the reference plugin's exact routes (test/conformance/gohost/
// ts-echo-plugin.ts), run by this Node.
'use strict';
const {spawnSync} = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const {parseArgs} = require('util');

const root = path.resolve(__dirname, '..');

function fail(message) {
    process.stderr.write(`bench-bridge: ${message}\n`);
    process.exit(1);
}

// gohost and goref, built from the conformance module (or reused from test/out/go when
// their sources have not changed).
function buildGo() {
    const {buildGoPrograms} = require('../test/conformance/gohost/go-programs');
    try {
        return buildGoPrograms(['gohost', 'goref']);
    } catch (err) {
        return fail(err.message);
    }
}

// The default entry is built where plugin.json names the executable (reused when up to date,
// as the tests and the preview do); another entry into the scratch folder.
function buildTs(entry, work) {
    const {buildServer} = require('./build-server');
    const outRoot = entry ? path.join(work, 'ts') : root;
    const built = buildServer({entry, outRoot, platforms: ['linux-amd64'], log: (line) => process.stderr.write(`${line}\n`)});
    return built['linux-amd64'];
}

// Runs the host in bench mode and parses its JSON lines.
function bench(gohost, plugin, n, http1k, httpkv, script) {
    const res = spawnSync(gohost, ['-plugin', plugin, '-bench', String(n), '-http1k', http1k, '-httpkv', httpkv, '-script', script],
        {encoding: 'utf8', timeout: 600_000, maxBuffer: 16 << 20});
    if (res.status !== 0 && !/^BENCH /m.test(res.stdout ?? '')) {
        fail(`benchmark of ${plugin} failed (exit ${res.status}):\n${(res.stderr ?? '').slice(-3000)}`);
    }
    if (res.status !== 0) {
        // Some calls failed (e.g. a route the executable lacks): report what was measured.
        const why = (res.stderr ?? '').split('\n').filter((l) => l.startsWith('gohost:')).join('; ');
        process.stderr.write(`bench-bridge: some measurements of ${path.basename(plugin)} failed: ${why}\n`);
    }
    const out = {handshakeMs: NaN, idleKiB: NaN, afterKiB: NaN, calls: {}};
    for (const line of res.stdout.split('\n')) {
        const m = /^(BENCH|RSS|HANDSHAKE) (.*)$/.exec(line);
        if (!m) {
            continue;
        }
        const v = JSON.parse(m[2]);
        if (m[1] === 'BENCH') {
            out.calls[v.name] = v;
        } else if (m[1] === 'HANDSHAKE') {
            out.handshakeMs = v.ms;
        } else if ('idle_kib' in v) {
            out.idleKiB = v.idle_kib;
        } else {
            out.afterKiB = v.after_kib;
        }
    }
    return out;
}

// The host's in-memory API for every plugin: the bench user, the KV key the reference plugin
// reads, and the bundle path so the product finds its default template.
function writeScript(work) {
    const file = path.join(work, 'bench-script.json');
    fs.writeFileSync(file, JSON.stringify({
        users: [{id: 'u1', username: 'alice'}], kv: {bench: '0123456789'}, bundlePath: root,
        config: {remindersenabled: false}, siteURL: 'http://localhost:8065', serverVersion: '9.11.0',
    }));
    return file;
}

// The layer-only plugin: bundled with esbuild, started through a tiny launcher with this Node.
function buildLayerPlugin(work) {
    const esbuild = require('esbuild');
    const bundle = path.join(work, 'ts-echo-plugin.cjs');
    esbuild.buildSync({entryPoints: [path.join(root, 'test/conformance/gohost/ts-echo-plugin.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent'});
    const launcher = path.join(work, 'ts-layer-plugin');
    fs.writeFileSync(launcher, `#!/bin/sh\nexec "${process.execPath}" "${bundle}" "$@"\n`, {mode: 0o755});
    return launcher;
}

const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

function printTable(go, ts, label = 'TS') {
    const rows = [['call', 'Go p50 us', 'Go p99 us', 'Go req/s', `${label} p50 us`, `${label} p99 us`, `${label} req/s`, `p50 ${label}/Go`, `p99 ${label}/Go`, `req/s ${label}/Go`]];
    for (const name of Object.keys(go.calls)) {
        const g = go.calls[name];
        const t = ts?.calls[name];
        rows.push([
            name, fmt(g.p50_us), fmt(g.p99_us), fmt(g.rps, 0),
            fmt(t?.p50_us), fmt(t?.p99_us), fmt(t?.rps, 0),
            t ? fmt(t.p50_us / g.p50_us, 2) : '-', t ? fmt(t.p99_us / g.p99_us, 2) : '-', t ? fmt(t.rps / g.rps, 2) : '-',
        ]);
    }
    rows.push(['idle RSS MiB', fmt(go.idleKiB / 1024), '', '', fmt(ts?.idleKiB / 1024), '', '', ts ? fmt(ts.idleKiB / go.idleKiB, 2) : '-', '', '']);
    rows.push(['handshake ms', fmt(go.handshakeMs), '', '', fmt(ts?.handshakeMs), '', '', ts ? fmt(ts.handshakeMs / go.handshakeMs, 2) : '-', '', '']);
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
    for (const r of rows) {
        process.stdout.write(`${r.map((c, i) => String(c).padStart(widths[i])).join('  ')}\n`);
    }
}

function main() {
    const {values} = parseArgs({options: {
        n: {type: 'string', default: '2000'},
        ts: {type: 'string'},
        entry: {type: 'string'},
        'ts-http1k': {type: 'string', default: '/bench/1k'},
        'ts-httpkv': {type: 'string', default: '/bench/kv'},
        layer: {type: 'boolean', default: false},
    }});
    const n = Number(values.n);
    if (!Number.isInteger(n) || n < 100) {
        fail('--n must be an integer of at least 100');
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bench-'));
    try {
        const bins = buildGo();
        let tsExe = values.ts ? path.resolve(values.ts) : null;
        if (!tsExe) {
            try {
                tsExe = buildTs(values.entry, work);
            } catch (err) {
                process.stderr.write(`bench-bridge: no TypeScript executable (${err.message}); measuring the Go reference only\n`);
            }
        }
        const script = writeScript(work);
        const go = bench(bins.gohost, bins.goref, n, '/bench/1k', '/bench/kv', script);
        const ts = tsExe ? bench(bins.gohost, tsExe, n, values['ts-http1k'], values['ts-httpkv'], script) : null;
        process.stdout.write(`bench-bridge: ${n} calls per measurement; latency sequential, throughput with 8 concurrent callers\n`);
        process.stdout.write(`TS = ${tsExe ? path.basename(tsExe) : 'none'}, http_1k = ${values['ts-http1k']}, http_kv_get = ${values['ts-httpkv']}\n`);
        printTable(go, ts);
        if (values.layer) {
            const layer = bench(bins.gohost, buildLayerPlugin(work), n, '/bench/1k', '/bench/kv', script);
            process.stdout.write('\nthe Mattermost layer alone (ts-echo-plugin on Node, the reference routes):\n');
            printTable(go, layer, 'L');
        }
    } finally {
        fs.rmSync(work, {recursive: true, force: true});
    }
}

main();
