// GET /runs/:runId/steps/:stepId/notes: a step's earlier notes, a page at a time, for members
// of the run's channel only.
import {createHttpHandler} from './handler';
import type {HttpHandler} from '../http-types';
import {NO_ACCESS} from '../runs';
import {RECENT_NOTES_MAX} from '../store';
import type {NumberedNote, Run} from '../model';
import {call} from '../testing/http-client';
import {DEV, OUTSIDER, RM, makeHarness, startInput, type Harness} from '../testing/service-harness';

interface Page {
    notes: NumberedNote[];
    nextBefore: number | null;
    noteCount: number;
}

describe('GET /runs/:runId/steps/:stepId/notes', () => {
    let h: Harness;
    let handler: HttpHandler;
    let run: Run;
    const count = 30;
    const url = (query = '', stepId = 'installers/chef', runId = run.id) => `/api/v1/runs/${runId}/steps/${encodeURIComponent(stepId)}/notes${query}`;

    beforeAll(async () => {
        h = makeHarness();
        handler = createHttpHandler({api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now});
        run = await h.service.startRun(RM, startInput(), 'rhs');
        for (let i = 0; i < count; i++) {
            await h.service.addNote(i % 2 ? DEV : RM, run.id, 'installers/chef', `note ${i}`, 'rhs');
        }
    });

    it('serves the step with its latest notes and their count, and pages back to the first', async () => {
        const got = await call(handler, 'GET', `/api/v1/runs/${run.id}`, {userId: DEV});
        const step = (got.json as Run).steps.find((s) => s.id === 'installers/chef')!;
        expect(step.noteCount).toBe(count);
        expect(step.notes.length).toBeLessThanOrEqual(RECENT_NOTES_MAX);
        expect(step.notes.at(-1)!.text).toBe(`note ${count - 1}`);

        const texts: string[] = [];
        let query = '?limit=8';
        for (let pages = 0; pages < 10; pages++) {
            const r = await call(handler, 'GET', url(query), {userId: DEV});
            expect(r.status).toBe(200);
            const page = r.json as Page;
            expect(page.noteCount).toBe(count);
            texts.unshift(...page.notes.map((n) => n.text));
            if (page.nextBefore === null) {
                break;
            }
            query = `?limit=8&before=${page.nextBefore}`;
        }
        expect(texts).toEqual(Array.from({length: count}, (_, i) => `note ${i}`));
        const first = (await call(handler, 'GET', url('?before=3'), {userId: RM})).json as Page;
        expect(first).toEqual({notes: [0, 1, 2].map((i) => ({seq: i, text: `note ${i}`, userId: i % 2 ? DEV : RM, at: h.clock.now.toISOString()})), nextBefore: null, noteCount: count});
        // Without a limit: the latest 50 at most, here all of them.
        expect(((await call(handler, 'GET', url(), {userId: RM})).json as Page).notes).toHaveLength(count);
    });

    it('answers 403 to a non-member, the same for an unknown run', async () => {
        for (const runId of [run.id, 'unknownrununknownrununknow']) {
            const r = await call(handler, 'GET', url('', 'installers/chef', runId), {userId: OUTSIDER});
            expect(r.status).toBe(403);
            expect(r.json).toEqual({error: NO_ACCESS});
        }
    });

    it('answers 400 naming the parameter for bad paging, and 404 for a step not in the run', async () => {
        for (const [query, field] of [['?limit=0', 'limit'], ['?limit=101', 'limit'], ['?limit=abc', 'limit'], ['?before=-1', 'before'], ['?before=1.5', 'before'], ['?before=99999999999999999999', 'before']]) {
            const r = await call(handler, 'GET', url(query), {userId: DEV});
            expect([query, r.status]).toEqual([query, 400]);
            expect(r.json).toMatchObject({field});
        }
        const missing = await call(handler, 'GET', url('', 'no-such-step'), {userId: DEV});
        expect(missing.status).toBe(404);
        expect((missing.json as {error: string}).error).toContain('no-such-step');
    });

    it('answers 503 with what to do when a newer plugin wrote the run, and writes nothing', async () => {
        const other = await h.service.startRun(RM, startInput({version: '1.1.2'}), 'rhs');
        const head = JSON.parse(Buffer.from((await h.platform.kv.get(`run:${other.id}`))!).toString('utf8')) as Record<string, unknown>;
        const newer = Buffer.from(JSON.stringify({...head, schemaVersion: 99}));
        await h.platform.kv.set(`run:${other.id}`, newer);
        for (const [method, path, body] of [['GET', `/api/v1/runs/${other.id}`, undefined], ['POST', `/api/v1/runs/${other.id}/steps/blog/done`, {source: 'rhs'}]] as const) {
            const got = await call(handler, method, path, {userId: RM, body});
            expect([path, got.status]).toEqual([path, 503]);
            expect((got.json as {error: string}).error).toMatch(/newer version of the Release Checklist plugin; ask a system admin to upgrade/);
        }
        expect(Buffer.from((await h.platform.kv.get(`run:${other.id}`))!)).toEqual(newer);
    });
});
