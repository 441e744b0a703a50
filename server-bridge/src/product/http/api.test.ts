import {createHttpHandler} from './handler';
import {HistoryService, HistoryStore} from '../history';
import {MAX_BODY_BYTES} from './body';
import type {HttpHandler} from '../http-types';
import {NO_ACCESS} from '../runs';
import {call} from '../testing/http-client';
import {ADMIN, CHANNEL, DEV, OUTSIDER, RM, makeHarness, startInput, type Harness} from '../testing/service-harness';
import type {Run, RunEvent} from '../model';

/** Every route of docs/http-api.md; :run and :step are filled in per test. */
const ROUTES: Array<[string, string]> = [
    ['GET', '/api/v1/runs?channel_id=:channel'],
    ['POST', '/api/v1/runs/preview'],
    ['POST', '/api/v1/runs'],
    ['GET', '/api/v1/runs/:run'],
    ['POST', '/api/v1/runs/:run/current'],
    ['POST', '/api/v1/runs/:run/steps/:step/done'],
    ['POST', '/api/v1/runs/:run/steps/:step/undo'],
    ['POST', '/api/v1/runs/:run/steps/:step/skip'],
    ['POST', '/api/v1/runs/:run/steps/:step/assign'],
    ['POST', '/api/v1/runs/:run/steps/:step/due'],
    ['POST', '/api/v1/runs/:run/steps/:step/note'],
    ['POST', '/api/v1/runs/:run/steps/:step/evidence'],
    ['POST', '/api/v1/runs/:run/steps/:step/announce'],
    ['POST', '/api/v1/runs/:run/move'],
    ['POST', '/api/v1/runs/:run/roles'],
    ['POST', '/api/v1/runs/:run/conditions'],
    ['POST', '/api/v1/runs/:run/finish'],
    ['POST', '/api/v1/runs/:run/archive'],
    ['GET', '/api/v1/runs/:run/events?limit=5'],
    ['GET', '/api/v1/runs/:run/steps/:step/notes?limit=5'],
    ['GET', '/api/v1/runs/:run/report'],
    ['GET', '/api/v1/runs/:run/calendar.ics'],
    ['GET', '/api/v1/runs/:run/calendar.ics?mine=1'],
    ['GET', '/api/v1/runs/:run/log'],
    ['GET', '/api/v1/defaults'],
    ['GET', '/api/v1/mine'],
    ['GET', '/api/v1/all'],
    ['GET', '/api/v1/templates'],
    ['GET', '/api/v1/templates/security-release'],
    ['GET', '/api/v1/templates/security-release/export'],
    ['POST', '/api/v1/templates/parse'],
    ['PUT', '/api/v1/templates/security-release'],
    ['POST', '/api/v1/dialogs/start'],
    ['POST', '/api/v1/settings/check'],
    ['GET', '/api/v1/history?template_id=security-release&channel_id=:channel'],
];

/** A valid body for each route, so refusals are about the caller, not the body. */
function validBody(path: string): unknown {
    if (path.endsWith('/runs') || path.endsWith('/preview')) {
        return startInput();
    }
    const verb = path.split('/').pop();
    switch (verb) {
    case 'skip': return {reason: 'not needed'};
    case 'assign': return {userId: DEV};
    case 'due': return {dueAt: null};
    case 'note': return {text: 'hello'};
    case 'evidence': return {postId: 'p'.repeat(26)};
    case 'move': return {releaseDay: '2026-03-20'};
    case 'roles': return {roles: {dev: [DEV]}};
    case 'conditions': return {conditions: {'regular-release': true}};
    case 'parse': return {markdown: '# x'};
    case 'security-release': return {markdown: '# x'};
    case 'check': return {settings: {}};
    default: return {};
    }
}

function fill(path: string, runId: string, stepId = 'installers/chef'): string {
    return path.replace(':channel', CHANNEL).replace(':run', encodeURIComponent(runId)).replace(':step', encodeURIComponent(stepId));
}

describe('HTTP API', () => {
    let h: Harness;
    let handler: HttpHandler;
    let run: Run;
    let announced: string[];
    beforeEach(async () => {
        h = makeHarness();
        announced = [];
        handler = createHttpHandler({
            api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now,
            history: new HistoryService({api: h.platform, store: new HistoryStore(h.platform.kv), runs: h.service}),
            announce: async (r, stepId, userId) => {
                announced.push(`${stepId} by ${userId}`);
                return {run: r};
            },
        });
        const created = await call(handler, 'POST', '/api/v1/runs', {userId: RM, body: startInput()});
        expect(created.status).toBe(201);
        run = created.json as Run;
    });

    it('answers 401 to anonymous callers on every route, without data', async () => {
        for (const [method, path] of ROUTES) {
            const r = await call(handler, method, fill(path, run.id), {body: validBody(path)});
            expect([method, path, r.status]).toEqual([method, path, 401]);
            expect(r.json).toEqual({error: 'not signed in'});
        }
        const empty = await call(handler, 'GET', '/api/v1/runs/' + run.id, {userId: ''});
        expect(empty.status).toBe(401);
    });

    it('answers 403 to non-members on every run route, the same for existing and unknown runs', async () => {
        const runRoutes = ROUTES.filter(([, p]) => p.includes(':run') || p.includes(':channel') || p.endsWith('/runs') || p.endsWith('/preview'));
        for (const [method, path] of runRoutes) {
            for (const runId of [run.id, 'unknownrun', 'bad id!']) {
                const r = await call(handler, method, fill(path, runId), {userId: OUTSIDER, body: validBody(path)});
                expect([method, path, runId, r.status]).toEqual([method, path, runId, 403]);
                expect(Object.keys(r.json as object)).toEqual(['error']);
                expect(r.text).not.toContain(run.version);
                if (path.includes(':run')) {
                    expect(r.json).toEqual({error: NO_ACCESS});
                }
            }
        }
        expect(announced).toEqual([]);
        // Admin routes refuse non-admins too.
        for (const [method, path] of ROUTES.filter(([m, p]) => p.endsWith('/parse') || p.endsWith('/check') || m === 'PUT')) {
            expect((await call(handler, method, path, {userId: DEV, body: validBody(path)})).status).toBe(403);
        }
    });

    it('never answers 5xx to malformed bodies, queries or paths', async () => {
        const junk: Array<{raw?: string | Uint8Array; body?: unknown}> = [
            {raw: '{'}, {raw: 'null'}, {raw: '[]'}, {raw: '"text"'}, {raw: '42'}, {raw: 'true'},
            {raw: new Uint8Array([0xff, 0xfe, 0x00, 0x80])}, {raw: '{"__proto__": {"admin": true}}'},
            {body: {channelId: 5}}, {body: {channelId: CHANNEL, templateId: 'security-release'}},
            {body: {...startInput(), roles: 'everyone'}}, {body: {...startInput(), roles: {dev: [1, 2]}}},
            {body: {...startInput(), conditions: {'regular-release': 'yes'}}}, {body: {...startInput(), issues: [null]}},
            {body: {...startInput(), releaseDay: '9999-99-99'}}, {body: {...startInput(), timeZone: '../../etc/passwd'}},
            {body: {...startInput(), version: '1.1.1'.repeat(50)}}, {body: {...startInput(), holidays: ['x']}},
            {body: {...startInput(), channelId: OUTSIDER}}, {body: {...startInput(), roles: Object.fromEntries(Array.from({length: 60}, (_, i) => [`r${i}`, []]))}},
            {body: {reason: 42}}, {body: {reason: ''}}, {body: {userId: {}}}, {body: {userId: 'x'.repeat(100)}},
            {body: {dueAt: 'yesterday'}}, {body: {dueAt: '2026-13-45T99:99:99Z'}}, {body: {dueAt: 1e300}},
            {body: {text: ['a']}}, {body: {postId: ''}}, {body: {postId: 'p'.repeat(26)}}, {body: {releaseDay: '2026-02-30'}},
            {body: {releaseDay: '2026-03-21'}}, {body: {roles: {wizard: ['x']}}}, {body: {roles: {dev: ['ghost']}}},
            {body: {markdown: 7}}, {body: {markdown: '\u0000'.repeat(1000)}}, {body: {markdown: '## A. (T-x)\n- [zz] step'}},
            {body: {source: 'hacker'}}, {body: {source: null}}, {body: JSON.parse('{"a":'.repeat(200) + '1' + '}'.repeat(200))},
        ];
        let calls = 0;
        for (const [method, path] of ROUTES) {
            for (const j of junk) {
                for (const user of [DEV, RM, ADMIN]) {
                    const r = await call(handler, method, fill(path, run.id), {userId: user, ...j});
                    calls++;
                    if (r.status >= 500 || r.status < 200) {
                        throw new Error(`${method} ${path} as ${user} with ${String(j.raw ?? JSON.stringify(j.body)).slice(0, 80)} answered ${r.status}: ${r.text}`);
                    }
                    if (r.status >= 400) {
                        expect(typeof (r.json as {error?: unknown}).error).toBe('string');
                    }
                }
            }
        }
        const weird = ['/api/v1/runs/%E0%A4%A/steps/x/done', '/api/v1/runs/' + run.id + '/events?before=-1', '/api/v1/runs/' + run.id + '/events?limit=abc',
            '/api/v1/runs/' + run.id + '/events?limit=99999999999999999999', '/api/v1/nothing', '/elsewhere', '/api/v1/runs/' + run.id + '/steps/%2F%2E%2E/done', '?', ''];
        for (const url of weird) {
            const r = await call(handler, 'POST', url, {userId: DEV, body: {}});
            const g = await call(handler, 'GET', url, {userId: DEV});
            expect([url, r.status < 500, g.status < 500]).toEqual([url, true, true]);
        }
        expect(h.platform.logs.filter((l) => l.level === 'error')).toEqual([]);
        expect(announced.every((a) => !a.includes(OUTSIDER))).toBe(true);
        expect(calls).toBe(ROUTES.length * junk.length * 3);
    });

    it('refuses bodies over 1 MiB with 413 and stops reading', async () => {
        let pulled = 0;
        const total = 4 * MAX_BODY_BYTES;
        const r = await call(handler, 'POST', `/api/v1/runs/${run.id}/steps/cut-rc/note`, {
            userId: DEV, raw: new Uint8Array(total).fill(32), chunkSize: 64 * 1024, onChunk: () => pulled++,
        });
        expect(r.status).toBe(413);
        expect(r.json).toEqual({error: `request body is larger than ${MAX_BODY_BYTES} bytes`});
        expect(pulled).toBeLessThan(total / (64 * 1024));
    });

    it('names the field at fault in 400 answers', async () => {
        const bad = await call(handler, 'POST', '/api/v1/runs', {userId: RM, body: {...startInput(), version: 7}});
        expect(bad.status).toBe(400);
        expect((bad.json as {field: string}).field).toBe('version');
        const skip = await call(handler, 'POST', `/api/v1/runs/${run.id}/steps/cut-rc/skip`, {userId: DEV, body: {reason: '  '}});
        expect(skip.json).toEqual({error: 'a reason is required to skip a step', field: 'reason'});
        const json = await call(handler, 'POST', `/api/v1/runs/${run.id}/steps/cut-rc/skip`, {userId: DEV, raw: '{"reason":'});
        expect(json).toMatchObject({status: 400, json: {error: 'request body is not valid JSON'}});
    });

    it('serves a member the run, step actions on encoded sub-step ids, events and the report', async () => {
        const list = await call(handler, 'GET', `/api/v1/runs?channel_id=${CHANNEL}`, {userId: DEV});
        expect(list.json).toMatchObject({currentRunId: run.id, runs: [{id: run.id, version: '1.1.1', progress: {done: 0, skipped: 0, open: 8, total: 8}}]});
        const done = await call(handler, 'POST', `/api/v1/runs/${run.id}/steps/${encodeURIComponent('installers/chef')}/done`, {userId: DEV, body: {source: 'rhs'}});
        expect(done.status).toBe(200);
        expect((done.json as Run).steps.find((s) => s.id === 'installers/chef')!.state).toBe('done');
        const unknownStep = await call(handler, 'POST', `/api/v1/runs/${run.id}/steps/nope/done`, {userId: DEV, body: {}});
        expect(unknownStep.status).toBe(404);
        const events = await call(handler, 'GET', `/api/v1/runs/${run.id}/events?limit=1`, {userId: DEV});
        expect(events.json).toMatchObject({events: [{type: 'step-done', stepId: 'installers/chef', source: 'rhs'}], nextBefore: 1});
        const older = await call(handler, 'GET', `/api/v1/runs/${run.id}/events?before=1&limit=10`, {userId: DEV});
        expect((older.json as {events: RunEvent[]}).events.map((e) => e.type)).toEqual(['run-created']);
        const report = await call(handler, 'GET', `/api/v1/runs/${run.id}/report`, {userId: DEV});
        expect((report.json as {markdown: string}).markdown).toContain('1.1.1');
        const md = await call(handler, 'GET', `/api/v1/runs/${run.id}/report?format=md`, {userId: DEV});
        expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
        expect(md.headers['content-disposition']).toBe('attachment; filename="release-1.1.1.md"');
        const announce = await call(handler, 'POST', `/api/v1/runs/${run.id}/steps/blog/announce`, {userId: RM, body: {source: 'rhs'}});
        expect(announce.status).toBe(200);
        expect(announced).toEqual([`blog by ${RM}`]);
        const current = await call(handler, 'POST', `/api/v1/runs/${run.id}/current`, {userId: RM});
        expect(current.json).toEqual({currentRunId: run.id});
        expect(h.platform.published.at(-1)).toEqual({event: 'current_run_changed', payload: {channelId: CHANNEL, currentRunId: run.id}, broadcast: {channelId: CHANNEL}});
        expect((await call(handler, 'DELETE', `/api/v1/runs/${run.id}`, {userId: DEV})).status).toBe(405);
    });

    it('lists and reads templates for everyone signed in; parses and saves for admins', async () => {
        expect((await call(handler, 'GET', '/api/v1/templates', {userId: DEV})).json).toEqual([{id: 'security-release', name: 'Security release'}]);
        expect((await call(handler, 'GET', '/api/v1/templates/nope', {userId: DEV})).status).toBe(404);
        const defaults = await call(handler, 'GET', '/api/v1/defaults', {userId: DEV});
        expect(defaults.json).toMatchObject({timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], holidays: []});
        const bad = await call(handler, 'PUT', '/api/v1/templates/mine', {userId: ADMIN, body: {markdown: 'not a template'}});
        expect(bad.status).toBe(400);
        expect((bad.json as {errors: unknown[]}).errors.length).toBeGreaterThan(0);
        const exported = await call(handler, 'GET', '/api/v1/templates/security-release/export', {userId: DEV});
        expect(exported.status).toBe(200);
        const parsed = await call(handler, 'POST', '/api/v1/templates/parse', {userId: ADMIN, body: {markdown: exported.text}});
        expect((parsed.json as {errors: unknown[]}).errors).toEqual([]);
        const saved = await call(handler, 'PUT', '/api/v1/templates/mine', {userId: ADMIN, body: {markdown: exported.text}});
        expect(saved.status).toBe(200);
        expect((saved.json as {id: string}).id).toBe('mine');
        expect(((await call(handler, 'GET', '/api/v1/templates', {userId: DEV})).json as Array<{id: string}>).map((t) => t.id)).toEqual(['security-release', 'mine']);
    });

    it('turns unexpected failures into a logged 500 with a generic message', async () => {
        h.platform.isChannelMember = async () => {
            throw new Error('database on fire');
        };
        const r = await call(handler, 'GET', `/api/v1/runs/${run.id}`, {userId: DEV});
        expect(r.status).toBe(500);
        expect(r.text).not.toContain('on fire');
        expect(h.platform.logs.some((l) => l.level === 'error' && String(l.fields?.error).includes('database on fire'))).toBe(true);
    });
});
