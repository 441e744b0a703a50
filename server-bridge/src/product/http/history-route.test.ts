import {HistoryService, HistoryStore, historyKey, type HistorySummary} from '../history';
import {fixtureRun} from '../history/test-fixtures';
import type {HttpHandler} from '../http-types';
import type {Run} from '../model';
import {call} from '../testing/http-client';
import {CHANNEL, OTHER_CHANNEL, OUTSIDER, QA, RM, makeHarness, startInput, type Harness} from '../testing/service-harness';

import {createHttpHandler} from './handler';

describe('GET /history and the report\'s history table', () => {
    let h: Harness;
    let handler: HttpHandler;
    beforeEach(async () => {
        h = makeHarness();
        handler = createHttpHandler({
            api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now,
            history: new HistoryService({api: h.platform, store: new HistoryStore(h.platform.kv), runs: h.service}),
        });
        // Three releases in the channel and one in a channel only the outsider is in.
        const runs = [fixtureRun(1, CHANNEL), fixtureRun(2, OTHER_CHANNEL), fixtureRun(3, CHANNEL), fixtureRun(4, CHANNEL)];
        await h.platform.kv.set(historyKey('security-release'), new TextEncoder().encode(JSON.stringify({schemaVersion: 1, templateId: 'security-release', runs})));
    });

    it('answers the summary over the runs of the caller\'s channels', async () => {
        const r = await call(handler, 'GET', '/api/v1/history?template_id=security-release', {userId: QA});
        expect(r.status).toBe(200);
        const summary = r.json as HistorySummary;
        expect(summary.releases.map((x) => x.version)).toEqual(['1.0.1', '1.0.3', '1.0.4']);
        expect(summary.steps[0]).toMatchObject({stepId: 'rc-test', late: 3, samples: 3, medianHours: 24, worstHours: 48});
        expect(summary.insights[0]).toBe('QA’s “Test the release candidate” slipped in all of the last 3 releases it was done in, by a median of a day (worst 2 days).');
        const outsider = (await call(handler, 'GET', '/api/v1/history?template_id=security-release', {userId: OUTSIDER})).json as HistorySummary;
        expect(outsider.releases.map((x) => x.version)).toEqual(['1.0.2']);
    });

    it('refuses a missing or malformed template id and a channel the caller is not in', async () => {
        expect(await call(handler, 'GET', '/api/v1/history', {userId: QA})).toMatchObject({status: 400, json: {error: 'template_id is required', field: 'template_id'}});
        expect((await call(handler, 'GET', '/api/v1/history?template_id=..%2Fx', {userId: QA})).status).toBe(400);
        expect(await call(handler, 'GET', '/api/v1/history?template_id=security-release&channel_id=', {userId: QA})).toMatchObject({status: 400, json: {field: 'channel_id'}});
        expect((await call(handler, 'GET', `/api/v1/history?template_id=security-release&channel_id=${CHANNEL}`, {userId: OUTSIDER})).status).toBe(403);
        expect((await call(handler, 'GET', '/api/v1/history?template_id=security-release', {})).status).toBe(401);
    });

    it('the run report ends with the template\'s history as tables', async () => {
        const run = (await call(handler, 'POST', '/api/v1/runs', {userId: RM, body: startInput()})).json as Run;
        const r = await call(handler, 'GET', `/api/v1/runs/${run.id}/report`, {userId: QA});
        const md = (r.json as {markdown: string}).markdown;
        const section = md.slice(md.indexOf('## Release history of Security release'));
        expect(section).toContain('Over 3 finished releases: 1.0.1, 1.0.3, 1.0.4.');
        expect(section).toContain('| Test the release candidate | QA | 3 of 3 | a day | 2 days |');
        // B: 50 h, 69 h and 48 h after A ended; hours late 24 and 2, 48 and 0, 24 and 0.
        expect(section).toContain('| B. RC testing | T-1 | 1 d | 2.1 d | 2.9 d | 4 of 6 | 13 hours | 2 days |');
        expect(section).toContain('| QA | 3 of 3 | a day | 2 days |');
        expect(section).toContain('| 1.0.4 | 2026-01-28 | 1 of 4 | on time | a day |');
        expect(section).toContain('- Phase B \\(RC testing\\) took a median of 2 days against a day planned for T-1, over 3 releases.');
    });

    it('the run report counts only the releases of the run\'s own channel, whatever else the reader is in', async () => {
        // QA is also in the outsider's channel now, where 1.0.2 finished: GET /history counts it, the report does not.
        h.platform.join(OTHER_CHANNEL, QA);
        const everywhere = (await call(handler, 'GET', '/api/v1/history?template_id=security-release', {userId: QA})).json as HistorySummary;
        expect(everywhere.releases.map((x) => x.version)).toEqual(['1.0.1', '1.0.2', '1.0.3', '1.0.4']);
        const run = (await call(handler, 'POST', '/api/v1/runs', {userId: RM, body: startInput()})).json as Run;
        const md = ((await call(handler, 'GET', `/api/v1/runs/${run.id}/report`, {userId: QA})).json as {markdown: string}).markdown;
        expect(md).toContain('Over 3 finished releases: 1.0.1, 1.0.3, 1.0.4.');
        expect(md).not.toContain('1.0.2');
    });
});
