// A release day before today in the run's zone: the preview warns, starting and moving refuse.
import {createHttpHandler} from '../http/handler';
import {call} from '../testing/http-client';
import {CHANNEL, RM, makeHarness, startInput} from '../testing/service-harness';
import {ActionError} from './errors';

describe('release day in the past', () => {
    it('is a warning in the preview and a 400 on releaseDay when starting, storing nothing', async () => {
        const h = makeHarness();
        const handler = createHttpHandler({api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now, announce: async (r) => ({run: r})});
        const body = startInput({releaseDay: '2020-01-06'});
        const preview = await call(handler, 'POST', '/api/v1/runs/preview', {userId: RM, body});
        expect(preview.status).toBe(200);
        expect((preview.json as {warnings: string[]}).warnings).toContain('The release day 2020-01-06 is in the past: every step will start overdue.');
        const before = h.platform.kv.size();
        const start = await call(handler, 'POST', '/api/v1/runs', {userId: RM, body});
        expect(start.status).toBe(400);
        expect(start.json).toEqual({field: 'releaseDay', error: 'The release day 2020-01-06 is in the past (today is 2026-03-02 in UTC); choose today or a later day.'});
        expect(h.platform.kv.size()).toBe(before);
        expect((await h.service.listRuns(RM, CHANNEL)).runs).toEqual([]);
    });

    it('is judged in the run\'s time zone', async () => {
        const h = makeHarness();
        // 03:00 UTC on Tuesday is still Monday evening in Los Angeles.
        h.clock.now = new Date('2026-03-03T03:00:00Z');
        const la = await h.service.previewRun(RM, startInput({releaseDay: '2026-03-02', timeZone: 'America/Los_Angeles'}));
        expect(la.warnings.filter((w) => w.includes('in the past'))).toEqual([]);
        const utc = await h.service.previewRun(RM, startInput({releaseDay: '2026-03-02', timeZone: 'UTC'}));
        expect(utc.warnings).toContain('The release day 2026-03-02 is in the past: every step will start overdue.');
        const run = await h.service.startRun(RM, startInput({releaseDay: '2026-03-02', timeZone: 'America/Los_Angeles'}), 'rhs');
        expect(run.releaseDay).toBe('2026-03-02');
    });

    it('refuses moving an existing run into the past and leaves it unchanged', async () => {
        const h = makeHarness();
        const run = await h.service.startRun(RM, startInput(), 'rhs');
        h.clock.now = new Date('2026-03-10T12:00:00Z');
        const err = await h.service.moveReleaseDay(RM, run.id, '2026-03-09', 'rhs').then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(ActionError);
        expect(err).toMatchObject({kind: 'invalid', field: 'releaseDay', message: expect.stringContaining('2026-03-09 is in the past')});
        expect((await h.service.getRun(RM, run.id)).releaseDay).toBe('2026-03-13');
        const {run: moved} = await h.service.moveReleaseDay(RM, run.id, '2026-03-10', 'rhs');
        expect(moved.releaseDay).toBe('2026-03-10');
    });

    it('warns, without refusing, when the release day leaves T-4 (or later phases) already in the past', async () => {
        const h = makeHarness();
        // Monday 2 March 2026, noon: a release on Thursday 5 March puts T-4 on Friday 27 February,
        // while T-3 (today, 17:00) is still ahead ...
        const preview = await h.service.previewRun(RM, startInput({releaseDay: '2026-03-05'}));
        expect(preview.warnings).toEqual(['T-4 (Fri 2026-02-27 17:00 UTC) is already past: 1 step of A. Code complete will start overdue.']);
        // ... and the start is allowed: the warning is recorded with the start.
        const run = await h.service.startRun(RM, startInput({releaseDay: '2026-03-05'}), 'rhs');
        expect(run.releaseDay).toBe('2026-03-05');
        const {events} = await h.service.reportData(RM, run.id);
        expect(events[0].data?.warning).toContain('T-4 (Fri 2026-02-27 17:00 UTC) is already past');
        expect((await h.service.previewRun(RM, startInput({releaseDay: '2026-03-13'}))).warnings).toEqual([]);
    });
});
