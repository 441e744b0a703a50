// The report of a run with a long history lists the latest events and counts the rest; the
// whole log downloads as NDJSON, written one chunk of events at a time.
import {createHttpHandler} from './handler';
import {REPORT_EVENTS} from './run-routes';
import type {HttpHandler} from '../http-types';
import type {RunEvent} from '../model';
import {EVENTS_PER_CHUNK} from '../store';
import {call} from '../testing/http-client';
import {DEV, RM, makeHarness, startInput, type Harness} from '../testing/service-harness';

describe('report and log of a long run', () => {
    let h: Harness;
    let handler: HttpHandler;
    let runId: string;
    const actions = REPORT_EVENTS + 2 * EVENTS_PER_CHUNK + 50;

    beforeAll(async () => {
        h = makeHarness();
        handler = createHttpHandler({api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now});
        runId = (await h.service.startRun(RM, startInput(), 'rhs')).id;
        for (let i = 0; i < actions; i++) {
            await h.service.stepAction(DEV, runId, 'fixes-merged', i % 2 === 0 ? {verb: 'done'} : {verb: 'undo'}, 'api');
        }
    });

    it('lists the latest events, counts the whole log by type and links the download', async () => {
        const r = await call(handler, 'GET', `/api/v1/runs/${runId}/report`, {userId: DEV});
        expect(r.status).toBe(200);
        const markdown = (r.json as {markdown: string}).markdown;
        const history = markdown.slice(markdown.indexOf('## History'));
        expect(history).toContain(`${actions + 1} events in all (step-done ${actions / 2}, step-undone ${actions / 2}, run-created 1). The latest ${REPORT_EVENTS} are listed below.`);
        expect(history).toContain(`[download](http://localhost:8065/plugins/com.mattermost.release-checklist/api/v1/runs/${runId}/log)`);
        expect(history.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(REPORT_EVENTS);
    });

    it('streams the whole log in order, one write per chunk of events', async () => {
        const writes: string[] = [];
        const headers: Record<string, string> = {};
        let status = 0;
        await handler({method: 'GET', url: `/api/v1/runs/${runId}/log`, headers: {'mattermost-user-id': [DEV]}, body: (async function* () {})()}, {
            setHeader: (n, v) => {
                headers[n.toLowerCase()] = v;
            },
            writeHead: (s) => {
                status = s;
            },
            write: async (chunk) => {
                writes.push(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
            },
        });
        expect(status).toBe(200);
        expect(headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
        expect(headers['content-disposition']).toBe('attachment; filename="release-1.1.1-log.ndjson"');
        expect(writes).toHaveLength(Math.ceil((actions + 1) / EVENTS_PER_CHUNK));
        const events = writes.join('').trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
        expect(events.map((e) => e.seq)).toEqual(Array.from({length: actions + 1}, (_, i) => i));
        expect(events[0].type).toBe('run-created');
    });

    it('refuses the log to non-members like every run route', async () => {
        const r = await call(handler, 'GET', `/api/v1/runs/${runId}/log`, {userId: 'outsider'});
        expect(r.status).toBe(403);
    });
});
