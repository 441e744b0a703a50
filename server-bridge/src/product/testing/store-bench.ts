// In-process benchmark of the run store (scripts/bench-store.js bundles and runs it): plugin
// CPU and KV bytes per acknowledged step action on runs of 30 to 3000 steps and on a run with
// a long event log, actions per second with 20 concurrent writers, the report of that run and
// the run list of a channel with many runs. It only prints figures; nothing is asserted here.
import type {KVStore} from '../platform';
import type {Template, TemplateStep} from '../model';
import {createHttpHandler} from '../http';
import type {HttpHandler} from '../http-types';
import {exampleDay} from '../commands/example-day';
import {call} from './http-client';
import {makeHarness, RM, startInput, CHANNEL, type Harness} from './service-harness';

interface Counts {gets: number; sets: number; bytesRead: number; bytesWritten: number}

/** Counts calls and value bytes crossing the KV interface (what the plugin RPC would carry), in place. */
function countKv(kv: KVStore): Counts {
    const counts: Counts = {gets: 0, sets: 0, bytesRead: 0, bytesWritten: 0};
    const get = kv.get.bind(kv);
    const set = kv.set.bind(kv);
    const setWithOptions = kv.setWithOptions.bind(kv);
    kv.get = async (k) => {
        counts.gets++;
        const v = await get(k);
        counts.bytesRead += v?.length ?? 0;
        return v;
    };
    kv.set = async (k, v) => {
        counts.sets++;
        counts.bytesWritten += v?.length ?? 0;
        return set(k, v);
    };
    kv.setWithOptions = async (k, v, o) => {
        counts.sets++;
        counts.bytesWritten += (v?.length ?? 0) + (o.oldValue?.length ?? 0);
        return setWithOptions(k, v, o);
    };
    return counts;
}

function template(steps: number): Template {
    const list: TemplateStep[] = Array.from({length: steps}, (_, i) => ({
        id: `s${i}`, title: `Step number ${i} of the release, with a title of a usual length`, role: 'dev', substeps: [],
        description: 'Do the thing described here, then tick it. See the wiki page for details.',
    }));
    return {
        schemaVersion: 1, id: 'security-release', name: 'Bench', roles: [{id: 'release-manager', name: 'RM'}, {id: 'dev', name: 'Dev'}],
        conditions: [], phases: [{id: 'a', label: 'A', title: 'A', offset: {unit: 'working', days: -1}, steps: list}],
    };
}

async function setup(steps: number): Promise<{h: Harness; runId: string; counts: Counts; handler: HttpHandler}> {
    const h = makeHarness({template: template(steps)});
    h.clock.now = new Date();
    const counts = countKv(h.platform.kv);
    const run = await h.service.startRun(RM, startInput({roles: {'release-manager': [RM]}, conditions: {}, releaseDay: exampleDay(h.clock.now)}), 'rhs');
    const handler = createHttpHandler({api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now});
    return {h, runId: run.id, counts, handler};
}

/** One acknowledged action through the HTTP route, as the RHS sends it. */
async function action(handler: HttpHandler, runId: string, i: number, stepCount: number): Promise<void> {
    const step = `s${Math.floor(i / 3) % stepCount}`;
    const verb = ['done', 'undo', 'note'][i % 3];
    const res = await call(handler, 'POST', `/api/v1/runs/${runId}/steps/${step}/${verb}`, {userId: RM, body: verb === 'note' ? {text: `note ${i}`} : {}});
    if (res.status !== 200) {
        throw new Error(`${verb} answered ${res.status}: ${res.text.slice(0, 200)}`);
    }
}

async function perAction(steps: number, actions: number, warmup: number, preEvents = 0): Promise<Record<string, number | string>> {
    let s;
    try {
        s = await setup(steps);
    } catch (err) {
        return {steps, error: String(err).slice(0, 120)};
    }
    const {handler, runId, counts} = s;
    for (let i = 0; i < preEvents; i++) {
        // done/undo pairs grow the log without growing the run.
        await action(handler, runId, 3 * ((i >> 1) % 20) + (i % 2), steps);
    }
    // Whole done/undo/note cycles, so every step is open again when the measurement starts.
    for (let i = 0; i < Math.ceil(warmup / 3) * 3; i++) {
        await action(handler, runId, i % (3 * steps), steps);
    }
    const c0 = {...counts};
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < actions; i++) {
        await action(handler, runId, i, steps);
    }
    const cpu = process.cpuUsage(cpu0);
    const runBytes = (await s.h.platform.kv.get(`run:${runId}`))?.length ?? 0;
    return {
        steps, events: preEvents + actions + warmup + 1,
        cpuMsPerAction: +((cpu.user + cpu.system) / 1000 / actions).toFixed(3),
        kvGets: +((counts.gets - c0.gets) / actions).toFixed(1),
        kvSets: +((counts.sets - c0.sets) / actions).toFixed(1),
        kbReadPerAction: +((counts.bytesRead - c0.bytesRead) / 1024 / actions).toFixed(1),
        kbWrittenPerAction: +((counts.bytesWritten - c0.bytesWritten) / 1024 / actions).toFixed(1),
        runKeyKb: +(runBytes / 1024).toFixed(1),
    };
}

async function concurrent(steps: number, writers: number, perWriter: number): Promise<Record<string, number>> {
    const {handler, runId, h} = await setup(steps);
    const kv = h.platform.kv;
    const read = kv.get.bind(kv);
    const write = kv.setWithOptions.bind(kv);
    const roundTrip = () => new Promise((resolve) => setImmediate(resolve));
    kv.get = async (k) => {
        await roundTrip();
        return read(k);
    };
    kv.setWithOptions = async (k, v, o) => {
        await roundTrip();
        return write(k, v, o);
    };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.all(Array.from({length: writers}, async (_, w) => {
        for (let i = 0; i < perWriter; i++) {
            await action(handler, runId, 3 * w + (i % 3), steps);
        }
    }));
    const cpu = process.cpuUsage(cpu0);
    const ms = performance.now() - t0;
    const total = writers * perWriter;
    return {writers, actions: total, actionsPerSecond: Math.round(total / (ms / 1000)), cpuMsPerAction: +((cpu.user + cpu.system) / 1000 / total).toFixed(3)};
}

async function report(events: number): Promise<Record<string, number | string>> {
    const {handler, runId} = await setup(30);
    for (let i = 0; i < events; i++) {
        await action(handler, runId, 3 * ((i >> 1) % 20) + (i % 2), 30);
    }
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let peak = heap0;
    const timer = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 1);
    const t0 = performance.now();
    const res = await call(handler, 'GET', `/api/v1/runs/${runId}/report`, {userId: RM});
    const ms = performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    clearInterval(timer);
    return {events, status: res.status, reportMs: Math.round(ms), answerKb: Math.round(res.text.length / 1024), heapPeakExtraMb: +((peak - heap0) / 1048576).toFixed(1)};
}

async function channelList(runs: number): Promise<Record<string, number>> {
    const {h, handler} = await setup(30);
    for (let i = 1; i < runs; i++) {
        await h.service.startRun(RM, startInput({version: `2.${i}.0`, roles: {'release-manager': [RM]}, conditions: {}, releaseDay: exampleDay(h.clock.now)}), 'rhs');
    }
    const t0 = performance.now();
    const n = 5;
    for (let i = 0; i < n; i++) {
        const res = await call(handler, 'GET', `/api/v1/runs?channel_id=${CHANNEL}`, {userId: RM});
        if (res.status !== 200) {
            throw new Error(`list answered ${res.status}`);
        }
    }
    return {runs, listMs: +((performance.now() - t0) / n).toFixed(1)};
}

export async function main(args: {actions: number; events: number; listRuns: number; warmup?: number}): Promise<void> {
    const warmup = args.warmup ?? 30;
    for (const steps of [30, 300, 2000, 3000]) {
        console.log(JSON.stringify({kind: 'per-action', ...(await perAction(steps, args.actions, warmup))}));
    }
    console.log(JSON.stringify({kind: 'per-action-long-log', ...(await perAction(30, args.actions, warmup, args.events))}));
    console.log(JSON.stringify({kind: 'concurrent', ...(await concurrent(30, 20, 30))}));
    console.log(JSON.stringify({kind: 'report', ...(await report(args.events))}));
    console.log(JSON.stringify({kind: 'channel-list', ...(await channelList(args.listRuns))}));
}
