// The store the load benchmark starts from (scripts/bench-bridge.js --load): runs of several
// sizes, a run with a long event log and a channel with many runs, made by the product itself
// through its HTTP API on an in-memory platform (no wire, so a 50,000-event log takes seconds,
// not the minutes it would through ServeHTTP). The KV store is then handed to the Go host as
// is, so the benchmark never depends on how the store lays its records out.
import {createProduct} from '../../../server-bridge/src/product';
import {MemoryPlatform} from '../../../server-bridge/src/product/testing/memory-platform';
import {call} from '../../../server-bridge/src/product/testing/http-client';
import type {HttpHandler} from '../../../server-bridge/src/product/http-types';
import {isoDay, TUESDAY, weekdayAhead} from '../../preview/lib/days-ahead';

export const USER = 'u1';
export const TEAM = 't1';

export interface SeedOptions {
    /** Step counts of the runs the writers work on, one channel each. */
    stepCounts: number[];
    /** Events in the log of the long-log run (a run of logSteps steps). */
    events: number;
    logSteps: number;
    /** Runs in the crowded channel. */
    channelRuns: number;
    bundleRoot: string;
}

export interface SeededRun {
    name: string;
    runId: string;
    channelId: string;
    steps: number;
}

export interface Seed {
    kvBase64: Record<string, string>;
    runs: SeededRun[];
    /** The long-log run, and the crowded channel with its current run. */
    logRunId: string;
    crowdedChannel: string;
    crowdedRunId: string;
    channels: string[];
    /** The step limit the product enforced when a requested count was over it. */
    notes: string[];
}

function templateMarkdown(id: string, steps: number): string {
    const lines = [`# Load ${steps} {#${id}}`, '', 'Roles: Release Manager, Dev', '', '## A. Code complete (T-1)', '', '### Dev', ''];
    for (let i = 0; i < steps; i++) {
        lines.push(`- Check component ${i} {#s${i}}`);
    }
    return `${lines.join('\n')}\n`;
}

async function ok(handler: HttpHandler, method: string, url: string, body?: unknown): Promise<unknown> {
    const res = await call(handler, method, url, {userId: USER, body});
    if (res.status < 200 || res.status >= 300) {
        throw new Error(`${method} ${url} answered ${res.status}: ${res.text.slice(0, 300)}`);
    }
    return res.json;
}

export async function seedLoad(opts: SeedOptions): Promise<Seed> {
    const channels = [...opts.stepCounts.map((n) => `c${n}`), 'clog', 'ccrowded'];
    const platform = new MemoryPlatform({
        users: [{id: USER, username: 'alice', timeZone: 'UTC'}],
        teams: [{id: TEAM, name: 'team-one', displayName: 'Team One'}],
        channels: channels.map((id) => ({id, teamId: TEAM, type: 'O', name: id, displayName: id, members: [USER]})),
        admins: [USER],
        config: {DefaultTimeZone: 'UTC', RemindersEnabled: false},
    });
    const hooks = createProduct(platform, {bundleRoot: opts.bundleRoot});
    await hooks.onActivate();
    const h = hooks.serveHTTP;
    const releaseDay = isoDay(weekdayAhead(TUESDAY));
    const notes: string[] = [];

    const start = async (channelId: string, templateId: string, version: string): Promise<string> => {
        const run = await ok(h, 'POST', '/api/v1/runs', {
            channelId, templateId, version, releaseDay, timeZone: 'UTC',
            roles: {'release-manager': [USER], dev: [USER]}, conditions: {}, issues: [],
        }) as {id: string};
        return run.id;
    };
    const template = async (steps: number): Promise<{id: string; steps: number}> => {
        const id = `load-${steps}`;
        const res = await call(h, 'PUT', `/api/v1/templates/${id}`, {userId: USER, body: {markdown: templateMarkdown(id, steps)}});
        if (res.status === 200) {
            return {id, steps};
        }
        // Over the product's step limit: the largest it takes.
        const limit = /the limit is (\d+)/.exec(res.text);
        if (res.status === 400 && limit) {
            notes.push(`${steps} steps are over the template limit; the run has ${limit[1]}`);
            return template(Number(limit[1]));
        }
        throw new Error(`PUT template ${id} answered ${res.status}: ${res.text.slice(0, 300)}`);
    };

    const runs: SeededRun[] = [];
    for (const n of opts.stepCounts) {
        const t = await template(n);
        runs.push({name: `${t.steps} steps`, runId: await start(`c${n}`, t.id, '1.0.0'), channelId: `c${n}`, steps: t.steps});
    }

    const logTemplate = await template(opts.logSteps);
    const logRunId = await start('clog', logTemplate.id, '1.0.0');
    // run-created is event 0; toggling done/undo adds one event each and leaves the step open.
    for (let e = 1; e < opts.events; e += 2) {
        const step = `s${((e - 1) / 2) % logTemplate.steps}`;
        await ok(h, 'POST', `/api/v1/runs/${logRunId}/steps/${step}/done`, {source: 'api'});
        await ok(h, 'POST', `/api/v1/runs/${logRunId}/steps/${step}/undo`, {source: 'api'});
    }
    runs.push({name: `${opts.events} events`, runId: logRunId, channelId: 'clog', steps: logTemplate.steps});

    let crowdedRunId = '';
    for (let i = 0; i < opts.channelRuns; i++) {
        crowdedRunId = await start('ccrowded', `load-${runs[0].steps}`, `2.0.${i}`);
    }
    await hooks.onDeactivate();

    const kvBase64: Record<string, string> = {};
    for (let page = 0; ; page++) {
        const keys = await platform.kv.listKeys(page, 1000);
        for (const k of keys) {
            const v = await platform.kv.get(k);
            if (v) {
                kvBase64[k] = Buffer.from(v).toString('base64');
            }
        }
        if (keys.length < 1000) {
            break;
        }
    }
    return {kvBase64, runs, logRunId, crowdedChannel: 'ccrowded', crowdedRunId, channels, notes};
}
