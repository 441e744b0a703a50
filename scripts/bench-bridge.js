#!/usr/bin/env node
// Benchmarks the TypeScript plugin executable against the reference Go plugin: the same
// Go host (test/conformance/gohost) loads each one with Mattermost's own plugin.Environment
// and supervisor and times the same calls through Mattermost's hooks client. Prints per-call
// latency p50/p99 and throughput of each, TS/Go ratios from this one run, idle RSS and
// handshake time (go-plugin starting the process to reading its handshake line). Timings are
// never asserted here.
//
// usage: node scripts/bench-bridge.js [--n 2000] [--ts <executable>] [--entry <file.ts>]
//          [--ts-http1k /path] [--ts-httpkv /path] [--layer] [--no-load] [--writers 20]
//          [--seconds 10] [--steps 30,300,3000] [--events 50000] [--channel-runs 200]
//          [--starts 10] [--repeat N] [--as-built] [--settle 30]
//
// With the product executable (the default) it then runs the load scenario (load.md in
// docs/bridge.md): the Go host drives --writers concurrent step actions through ServeHTTP on
// runs of --steps steps and on a run whose log has --events events, checks every
// acknowledged action is in the run and its event log, times the list routes of a channel
// of --channel-runs runs and the long run's report, and ends with the issue's table: every
// figure, TS next to the Go reference of the same run, and its goal.
// Idle RSS is sampled 0.5 s after OnActivate, RSS after the load 0.3 s after its last action;
// unless --settle 0, both again --settle seconds later (the TS plugin only), to show what the
// idle process gives back by itself.
// Both executables are measured from copies written the way Mattermost installs a plugin
// (see installedCopy); --as-built runs the files where they are instead.
// Without --ts the linux-amd64 executable is built from --entry (default
// server-bridge/src/main.ts) with scripts/build-server.js. The product has no route that
// answers 1 KiB without touching the API, so for the real executable pass real routes, e.g.
// --ts-http1k /api/v1/templates (two KV gets) --ts-httpkv /api/v1/templates/security-release
// (one KV get). --layer also measures the bridge's Mattermost layer alone: a TypeScript
// plugin on the same layer with the reference plugin's exact routes (test/conformance/gohost/
// ts-echo-plugin.ts), run by this Node.
'use strict';
const {spawnSync} = require('child_process');
const crypto = require('crypto');
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

// Mattermost unpacks a plugin's tar.gz with Go's io.Copy (channels/app/extract_plugin_tar.go),
// so the executable reaches the page cache in writes of at most 32 KiB, and after a reboot
// or eviction it is read back by page faults, also in small pieces. Both leave small folios
// in the page cache, and a page fault maps only its 64 KiB neighbourhood. A file written in
// one call (as the build and cp do) sits in large folios, which Linux 6.x maps whole on
// a fault: the same executable then shows about 16 MiB more file-backed RSS at idle (71 vs
// 55 MiB), none of it the plugin's doing. The benchmark measures the file as installed.
function installedCopy(file, work) {
    const dir = path.join(work, 'installed');
    fs.mkdirSync(dir, {recursive: true});
    const out = path.join(dir, path.basename(file));
    const data = fs.readFileSync(file);
    const fd = fs.openSync(out, 'w', 0o755);
    try {
        for (let at = 0; at < data.length; at += 32 * 1024) {
            fs.writeSync(fd, data, at, Math.min(32 * 1024, data.length - at));
        }
    } finally {
        fs.closeSync(fd);
    }
    return out;
}

// Runs the host in bench mode and parses its JSON lines.
function bench(gohost, plugin, n, http1k, httpkv, script, idleSettle = 0) {
    // The TypeScript plugin logs its event-loop and GC pauses on OnDeactivate when asked.
    const res = spawnSync(gohost, ['-plugin', plugin, '-bench', String(n), '-http1k', http1k, '-httpkv', httpkv, '-script', script, '-idle-settle', String(idleSettle)],
        {encoding: 'utf8', timeout: 600_000, maxBuffer: 16 << 20, env: {...process.env, RELEASE_CHECKLIST_PAUSE_STATS: '1'}});
    if (res.status !== 0 && !/^BENCH /m.test(res.stdout ?? '')) {
        fail(`benchmark of ${plugin} failed (exit ${res.status}):\n${(res.stderr ?? '').slice(-3000)}`);
    }
    if (res.status !== 0) {
        // Some calls failed (e.g. a route the executable lacks): report what was measured.
        const why = (res.stderr ?? '').split('\n').filter((l) => l.startsWith('gohost:')).join('; ');
        process.stderr.write(`bench-bridge: some measurements of ${path.basename(plugin)} failed: ${why}\n`);
    }
    const out = {handshakeMs: NaN, idleKiB: NaN, afterKiB: NaN, calls: {}, settle: idleSettle};
    for (const line of res.stdout.split('\n')) {
        const m = /^(BENCH|RSS|HANDSHAKE|PAUSES) (.*)$/.exec(line);
        if (!m) {
            continue;
        }
        const v = JSON.parse(m[2]);
        if (m[1] === 'BENCH') {
            out.calls[v.name] = v;
        } else if (m[1] === 'PAUSES') {
            out.pauses = v.line;
        } else if (m[1] === 'HANDSHAKE') {
            out.handshakeMs = v.ms;
        } else if ('idle_kib' in v) {
            out.idleKiB = v.idle_kib;
            out.idleAnonKiB = v.idle_anon_kib;
        } else if ('settled_idle_kib' in v) {
            out.settledIdleKiB = v.settled_idle_kib;
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

// The store the load scenario starts from, made by the product itself in this Node
// (test/conformance/gohost/load-seed.ts) and kept under test/out/bench-seed by the hash of
// the product's code, the options and the day.
async function seedStore(opts) {
    const {bundleTs} = require('./lib/bundle-ts');
    const bundle = bundleTs(path.join(root, 'test/conformance/gohost/load-seed.ts'), 'bench-seed');
    try {
        const key = crypto.createHash('sha256').update(fs.readFileSync(bundle.file)).update(JSON.stringify(opts))
            .update(new Date().toISOString().slice(0, 10)).digest('hex').slice(0, 16);
        const dir = path.join(root, 'test', 'out', 'bench-seed');
        const file = path.join(dir, `${key}.json`);
        if (fs.existsSync(file)) {
            return JSON.parse(fs.readFileSync(file, 'utf8'));
        }
        process.stderr.write(`bench-bridge: seeding the store (${opts.events} events, ${opts.channelRuns} runs in one channel)...\n`);
        const started = Date.now();
        const seed = await require(bundle.file).seedLoad({...opts, bundleRoot: root});
        process.stderr.write(`bench-bridge: seeded in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
        fs.mkdirSync(dir, {recursive: true});
        fs.writeFileSync(file, JSON.stringify(seed));
        return seed;
    } finally {
        bundle.cleanup();
    }
}

// Runs the Go host in load mode on the seeded store; returns the parsed LOAD/TIMING/MEM lines.
function load(gohost, plugin, seed, {writers, seconds, settle}, work) {
    const scriptFile = path.join(work, 'load-script.json');
    fs.writeFileSync(scriptFile, JSON.stringify({
        users: [{id: 'u1', username: 'alice', timeZone: 'UTC'}],
        teams: [{id: 't1', name: 'team-one', displayName: 'Team One'}],
        channels: seed.channels.map((id) => ({id, teamId: 't1', type: 'O', name: id, displayName: id})),
        members: seed.channels.map((channelId) => ({channelId, userId: 'u1'})),
        permissions: [{userId: 'u1', permission: 'manage_system'}],
        config: {defaulttimezone: 'UTC', remindersenabled: false},
        bundlePath: root, siteURL: 'http://localhost:8065', serverVersion: '9.11.0',
        kvBase64: seed.kvBase64,
    }));
    const specFile = path.join(work, 'load-spec.json');
    fs.writeFileSync(specFile, JSON.stringify({
        writers, seconds, user: 'u1', settleSeconds: settle,
        phases: seed.runs.map((r) => ({name: r.name, runId: r.runId})),
        timings: [
            {name: 'GET /runs?channel_id', path: `/api/v1/runs?channel_id=${seed.crowdedChannel}`, n: 20},
            {name: 'GET /report', path: `/api/v1/runs/${seed.logRunId}/report`, n: 3, peak: true},
        ],
        commands: [
            {name: '/release list', command: '/release list', channelId: seed.crowdedChannel, teamId: 't1', n: 20},
            {name: '/release status', command: '/release status', channelId: seed.crowdedChannel, teamId: 't1', n: 20},
        ],
    }));
    const res = spawnSync(gohost, ['-plugin', plugin, '-script', scriptFile, '-load', specFile],
        {encoding: 'utf8', timeout: 3_600_000, maxBuffer: 64 << 20, env: {...process.env, RELEASE_CHECKLIST_PAUSE_STATS: '1'}});
    const out = {phases: [], timings: {}, mem: {}, settle, ok: res.status === 0};
    for (const line of (res.stdout ?? '').split('\n')) {
        const m = /^(LOAD|TIMING|MEM|PAUSES) (.*)$/.exec(line);
        if (!m) {
            continue;
        }
        const v = JSON.parse(m[2]);
        if (m[1] === 'LOAD') {
            out.phases.push(v);
        } else if (m[1] === 'TIMING') {
            out.timings[v.name] = v;
        } else if (m[1] === 'PAUSES') {
            out.pauses = v.line;
        } else {
            Object.assign(out.mem, v);
        }
    }
    if (res.status !== 0) {
        process.stderr.write(`bench-bridge: load scenario exit ${res.status}: ${(res.stderr ?? '').slice(-2000)}\n`);
    }
    return out;
}

// Exec to handshake line and to OnActivate's return, medians of n starts.
function startup(gohost, plugin, script, n) {
    const res = spawnSync(gohost, ['-plugin', plugin, '-script', script, '-startup', String(n)], {encoding: 'utf8', timeout: 600_000});
    const out = {};
    for (const line of (res.stdout ?? '').split('\n')) {
        const m = /^STARTUP (.*)$/.exec(line);
        if (m) {
            Object.assign(out, JSON.parse(m[1]));
        }
    }
    if (res.status !== 0) {
        process.stderr.write(`bench-bridge: start-up of ${path.basename(plugin)} failed: ${(res.stderr ?? '').slice(-1000)}\n`);
    }
    return out;
}

// yamux stream throughput TS/Go in each direction, from scripts/bench-yamux.js in a child
// process: each end in its own process, the plugin's side TypeScript or Go, the host's Go.
function yamuxRatio() {
    const res = spawnSync(process.execPath, [path.join(__dirname, 'bench-yamux.js'), '--mib', '128', '--calls', '2000'], {encoding: 'utf8', timeout: 600_000});
    const ratio = (direction) => {
        const m = new RegExp(`^  ${direction}: .*ratio TS/Go ([0-9.]+)$`, 'm').exec(res.stdout ?? '');
        return m ? Number(m[1]) : NaN;
    };
    return {down: ratio('host -> plugin'), up: ratio('plugin -> host')};
}

const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

function printTable(go, ts, label = 'TS') {
    // "cold": the first n calls of a kind (for ping, the first after activation, while V8
    // still optimises the hot path); the other latencies are the next n, at steady state.
    const rows = [['call', 'Go p50 us', 'Go p99 us', 'Go cold p99', 'Go req/s', `${label} p50 us`, `${label} p99 us`, `${label} cold p99`, `${label} req/s`,
        `p50 ${label}/Go`, `p99 ${label}/Go`, `cold p99 ${label}/Go`, `req/s ${label}/Go`]];
    for (const name of Object.keys(go.calls)) {
        const g = go.calls[name];
        const t = ts?.calls[name];
        rows.push([
            name, fmt(g.p50_us), fmt(g.p99_us), fmt(g.cold_p99_us), fmt(g.rps, 0),
            fmt(t?.p50_us), fmt(t?.p99_us), fmt(t?.cold_p99_us), fmt(t?.rps, 0),
            t ? fmt(t.p50_us / g.p50_us, 2) : '-', t ? fmt(t.p99_us / g.p99_us, 2) : '-', t ? fmt(t.cold_p99_us / g.cold_p99_us, 2) : '-', t ? fmt(t.rps / g.rps, 2) : '-',
        ]);
    }
    rows.push(['idle RSS MiB', fmt(go.idleKiB / 1024), '', '', '', fmt(ts?.idleKiB / 1024), '', '', '', ts ? fmt(ts.idleKiB / go.idleKiB, 2) : '-', '', '', '']);
    rows.push(['handshake ms', fmt(go.handshakeMs), '', '', '', fmt(ts?.handshakeMs), '', '', '', ts ? fmt(ts.handshakeMs / go.handshakeMs, 2) : '-', '', '', '']);
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
    for (const r of rows) {
        process.stdout.write(`${r.map((c, i) => String(c).padStart(widths[i])).join('  ')}\n`);
    }
}

function printRows(rows) {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
    for (const r of rows) {
        process.stdout.write(`${r.map((c, i) => String(c).padStart(widths[i])).join('  ')}\n`);
    }
}

function printLoad(l) {
    process.stdout.write(`\nload: ${l.phases[0]?.writers ?? '-'} writers through ServeHTTP (Go host), step done/undo on one run; ` +
        `RSS idle ${fmt(l.mem.idle_kib / 1024)} MiB, after ${l.mem.after_actions} actions ${fmt(l.mem.after_kib / 1024)} MiB\n`);
    const rows = [['run', 'steps', 'events before', 'acked', 'failed', 'actions/s', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU ms/action', 'RSS MiB', 'verified']];
    for (const p of l.phases) {
        rows.push([p.name, p.steps ?? '-', p.events_before ?? '-', p.acked ?? '-', p.failed ?? '-', fmt(p.actions_per_s), fmt(p.p50_ms), fmt(p.p95_ms), fmt(p.p99_ms),
            fmt(p.cpu_ms_per_action, 2), fmt(p.rss_kib / 1024), p.verified ? 'yes' : `NO ${p.error ?? ''}`]);
    }
    printRows(rows);
    for (const p of l.phases) {
        for (const problem of p.problems ?? []) {
            process.stdout.write(`  ${p.name}: ${problem}\n`);
        }
    }
    if (l.pauses) {
        process.stdout.write(`TS after the load: ${l.pauses}\n`);
    }
    const idle = l.mem.idle_breakdown_kib ?? {};
    const after = l.mem.after_breakdown_kib ?? {};
    const settled = l.mem.settled_breakdown_kib;
    const kinds = [...new Set([...Object.keys(idle), ...Object.keys(after)])].sort();
    if (kinds.length > 0) {
        const then = (k) => (settled ? ` -> ${fmt((settled[k] ?? 0) / 1024)}` : '');
        process.stdout.write(`resident MiB by mapping, idle -> after the load${settled ? ` -> ${l.settle} s later` : ''}: ` +
            `${kinds.map((k) => `${k} ${fmt((idle[k] ?? 0) / 1024)} -> ${fmt((after[k] ?? 0) / 1024)}${then(k)}`).join(', ')}\n`);
    }
    for (const t of Object.values(l.timings)) {
        process.stdout.write(`${t.name}: p50 ${fmt(t.p50_ms)} ms, max ${fmt(t.max_ms)} ms over ${t.n}` +
            `${t.bytes !== undefined ? `, ${t.bytes} bytes` : ''}${t.peak_growth_kib !== undefined ? `, peak RSS +${fmt(t.peak_growth_kib / 1024)} MiB` : ''}${t.error ? ` ERROR ${t.error}` : ''}\n`);
    }
}

// The issue's figures, one row each: TS, the Go reference of this run where one exists, the goal.
function printFigures({go, ts, goStart, tsStart, loaded, yamux}) {
    const rows = [['figure', 'TS', 'Go', 'TS/Go', 'goal']];
    const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? fmt(a / b, 2) : '-');
    const add = (name, t, g, goal, digits = 1) => rows.push([name, fmt(t, digits), fmt(g, digits), ratio(t, g), goal]);
    for (const p of loaded?.phases ?? []) {
        add(`actions/s, ${p.writers} writers, ${p.name}`, p.actions_per_s, NaN, '>= 300');
        add(`  p95 ms, ${p.name}`, p.p95_ms, NaN, '<= 150');
        add(`  plugin CPU ms/action, ${p.name}`, p.cpu_ms_per_action, NaN, '<= 1, flat', 2);
    }
    add('idle RSS MiB after OnActivate', ts?.idleKiB / 1024, go.idleKiB / 1024, '<= 45');
    add('  of which anonymous (heap, stacks) MiB', ts?.idleAnonKiB / 1024, go.idleAnonKiB / 1024, '-');
    if (ts?.settledIdleKiB) {
        add(`  the same ${ts.settle} s later (TS only)`, ts.settledIdleKiB / 1024, NaN, '-');
    }
    add('RSS MiB at the handshake line', tsStart.handshake_rss_kib / 1024, goStart.handshake_rss_kib / 1024, '-');
    if (loaded) {
        const idle = loaded.mem.idle_kib;
        rows.push(['RSS after the load / idle (actions in the load section)', fmt(loaded.mem.after_kib / idle, 2), '-', '-', '<= 1.5']);
        if (loaded.mem.settled_kib) {
            rows.push([`  the same ${loaded.settle} s later (what the process returns when idle)`, fmt(loaded.mem.settled_kib / idle, 2), '-', '-', '-']);
        }
    }
    add('exec to handshake line, CPU ms', tsStart.handshake_cpu_ms, goStart.handshake_cpu_ms, '<= 40');
    add('exec to handshake line, wall ms (median)', tsStart.handshake_wall_ms, goStart.handshake_wall_ms, '<= 80');
    add('exec to OnActivate returned, wall ms (median)', tsStart.activate_wall_ms, goStart.activate_wall_ms, '<= 120');
    add('  plugin CPU ms by then', tsStart.activate_cpu_ms, goStart.activate_cpu_ms, '-');
    for (const name of ['ping', 'implemented']) {
        add(`p99 us of ${name}`, ts?.calls[name]?.p99_us, go.calls[name]?.p99_us, 'TS/Go <= 2');
    }
    // Ping is measured first: its cold calls are the first after activation (JIT warm-up).
    add('  p99 us of the first ping calls after activation', ts?.calls.ping?.cold_p99_us, go.calls.ping?.cold_p99_us, '-');
    add('p50 us of product route, two KV gets', ts?.calls.http_1k?.p50_us, go.calls.http_1k?.p50_us, 'TS/Go <= 1.2');
    add('p50 us of product route, one KV get', ts?.calls.http_kv_get?.p50_us, go.calls.http_kv_get?.p50_us, 'TS/Go <= 1.2');
    rows.push(['yamux stream throughput TS/Go, host -> plugin', fmt(yamux.down, 2), '-', '-', '>= 0.8']);
    rows.push(['yamux stream throughput TS/Go, plugin -> host', fmt(yamux.up, 2), '-', '-', '>= 0.8']);
    if (loaded) {
        const t = loaded.timings;
        add('GET /report of the long-log run, ms', t['GET /report']?.p50_ms, NaN, '<= 300');
        add('  its peak RSS growth MiB', t['GET /report']?.peak_growth_kib / 1024, NaN, '<= 20');
        for (const name of ['GET /runs?channel_id', '/release list', '/release status']) {
            add(`${name}, channel of many runs, ms`, t[name]?.p50_ms, NaN, '<= 20');
        }
    }
    process.stdout.write('\nfigures (TS next to the Go reference of this run; Go has no product, so product figures have none)\n');
    printRows(rows);
}

// --repeat N: the whole benchmark N times in child processes (each prints its own output),
// then the final table again with the min and median of each figure over the N runs.
function repeated(times) {
    const args = process.argv.slice(2).filter((a, i, all) => a !== '--repeat' && all[i - 1] !== '--repeat' && !a.startsWith('--repeat='));
    const runs = [];
    for (let i = 0; i < times; i++) {
        process.stdout.write(`\n=== run ${i + 1} of ${times}\n`);
        const res = spawnSync(process.execPath, [__filename, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20});
        process.stdout.write(res.stdout ?? '');
        if (res.status !== 0) {
            process.exitCode = 1;
        }
        runs.push(res.stdout ?? '');
    }
    // The rows of each run's final table: figure, TS, Go, TS/Go, goal.
    const rows = new Map();
    for (const out of runs) {
        const at = out.lastIndexOf('\nfigures');
        for (const line of at < 0 ? [] : out.slice(at).split('\n').slice(3)) {
            const m = /^\s*(.+?)\s{2,}(\S+)\s+(\S+)\s+(\S+)\s+(.+?)\s*$/.exec(line);
            if (m) {
                const row = rows.get(m[1]) ?? {ts: [], go: [], ratio: [], goal: m[5]};
                row.ts.push(Number(m[2]));
                row.go.push(Number(m[3]));
                row.ratio.push(Number(m[4]));
                rows.set(m[1], row);
            }
        }
    }
    const minMedian = (xs) => {
        const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
        if (v.length === 0) {
            return '-';
        }
        const median = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return `${v[0]} / ${Number(median.toFixed(2))}`;
    };
    process.stdout.write(`\nfigures over ${times} runs, min / median\n`);
    const table = [['figure', 'TS', 'Go', 'TS/Go', 'goal']];
    for (const [name, r] of rows) {
        table.push([name, minMedian(r.ts), minMedian(r.go), minMedian(r.ratio), r.goal]);
    }
    printRows(table);
}

async function main() {
    const {values} = parseArgs({options: {
        n: {type: 'string', default: '2000'},
        ts: {type: 'string'},
        entry: {type: 'string'},
        'ts-http1k': {type: 'string'},
        'ts-httpkv': {type: 'string'},
        layer: {type: 'boolean', default: false},
        'no-load': {type: 'boolean', default: false},
        writers: {type: 'string', default: '20'},
        seconds: {type: 'string', default: '10'},
        steps: {type: 'string', default: '30,300,3000'},
        events: {type: 'string', default: '50000'},
        'channel-runs': {type: 'string', default: '200'},
        starts: {type: 'string', default: '10'},
        repeat: {type: 'string', default: '1'},
        'as-built': {type: 'boolean', default: false},
        settle: {type: 'string', default: '30'},
    }});
    const repeat = Number(values.repeat);
    if (repeat > 1) {
        return repeated(repeat);
    }
    // The product executable has no /bench routes: its own routes with two and one KV gets.
    const product = !values.entry;
    values['ts-http1k'] ??= product ? '/api/v1/templates' : '/bench/1k';
    values['ts-httpkv'] ??= product ? '/api/v1/templates/security-release' : '/bench/kv';
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
        if (!values['as-built']) {
            bins.goref = installedCopy(bins.goref, work);
            tsExe = tsExe && installedCopy(tsExe, work);
        }
        const script = writeScript(work);
        const go = bench(bins.gohost, bins.goref, n, '/bench/1k', '/bench/kv', script);
        const ts = tsExe ? bench(bins.gohost, tsExe, n, values['ts-http1k'], values['ts-httpkv'], script, Number(values.settle)) : null;
        process.stdout.write(`bench-bridge: ${n} calls per measurement; latency sequential, throughput with 8 concurrent callers\n`);
        process.stdout.write(`TS = ${tsExe ? path.basename(tsExe) : 'none'}, http_1k = ${values['ts-http1k']}, http_kv_get = ${values['ts-httpkv']}\n`);
        printTable(go, ts);
        if (ts?.pauses) {
            process.stdout.write(`TS ${ts.pauses}\n`);
        }
        const starts = Number(values.starts);
        const goStart = startup(bins.gohost, bins.goref, script, starts);
        const tsStart = tsExe ? startup(bins.gohost, tsExe, script, starts) : {};
        let loaded = null;
        if (tsExe && product && !values['no-load']) {
            const seed = await seedStore({
                stepCounts: values.steps.split(',').map(Number), events: Number(values.events), logSteps: 30,
                channelRuns: Number(values['channel-runs']),
            });
            for (const note of seed.notes) {
                process.stdout.write(`note: ${note}\n`);
            }
            loaded = load(bins.gohost, tsExe, seed, {writers: Number(values.writers), seconds: Number(values.seconds), settle: Number(values.settle)}, work);
            printLoad(loaded);
        }
        printFigures({go, ts, goStart, tsStart, loaded, yamux: yamuxRatio()});
        if (loaded && !loaded.ok) {
            process.exitCode = 1;
        }
        if (values.layer) {
            const layer = bench(bins.gohost, buildLayerPlugin(work), n, '/bench/1k', '/bench/kv', script);
            process.stdout.write('\nthe Mattermost layer alone (ts-echo-plugin on Node, the reference routes):\n');
            printTable(go, layer, 'L');
        }
    } finally {
        fs.rmSync(work, {recursive: true, force: true});
    }
}

main().catch((err) => fail(err.stack ?? String(err)));
