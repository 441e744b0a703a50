// "All my releases" (GET /all, /release all): active runs of every channel the viewer is in,
// across teams, with health from the shared attention rule and the viewer's next step; runs
// of channels they are not in are neither listed nor counted; pages are bounded.
import {createHttpHandler} from '../http';
import {call} from '../testing/http-client';
import {CHANNEL, DEV, OTHER_CHANNEL, OUTSIDER, QA, RM, makeHarness, startInput, type Harness} from '../testing/service-harness';
import type {AllReleases} from './all-releases';

const MOBILE = 'chanmobile';
const SECRET = 'chansecret';

async function seed(): Promise<Harness & {ids: Record<string, string>}> {
    const h = makeHarness();
    h.platform.teams.set('team2', {id: 'team2', name: 'mobile-team', displayName: 'Mobile'});
    h.platform.addChannel({id: MOBILE, teamId: 'team2', name: 'mobile-release', displayName: 'Mobile Release'}, [RM, DEV]);
    // QA is not in this one; its run must never reach QA.
    h.platform.addChannel({id: SECRET, name: 'secret-release', displayName: 'Secret'}, [RM, DEV]);
    const web = await h.service.startRun(RM, startInput({version: '1.1.1', releaseDay: '2026-03-13'}), 'rhs');
    const mobile = await h.service.startRun(RM, startInput({channelId: MOBILE, version: '2.0.1', releaseDay: '2026-03-06', roles: {'release-manager': [RM], dev: [DEV]}}), 'rhs');
    const secret = await h.service.startRun(RM, startInput({channelId: SECRET, version: '9.9.9', releaseDay: '2026-03-20', roles: {dev: [DEV]}}), 'rhs');
    const outsider = await h.service.startRun(OUTSIDER, startInput({channelId: OTHER_CHANNEL, version: '5.0.0', roles: {}}), 'rhs');
    const finished = await h.service.startRun(RM, startInput({version: '1.0.9', releaseDay: '2026-03-09'}), 'rhs');
    await h.service.finish(RM, finished.id, 'rhs');
    return {...h, ids: {web: web.id, mobile: mobile.id, secret: secret.id, outsider: outsider.id, finished: finished.id}};
}

describe('all my releases', () => {
    it('lists the active runs of my channels across teams by release day, with progress, health and my next step', async () => {
        const h = await seed();
        const all = await h.service.allReleases(DEV);
        expect(all).toMatchObject({total: 3, offset: 0, more: false});
        expect(all.releases.map((r) => [r.version, r.teamName, r.channelName, r.channelDisplayName])).toEqual([
            ['2.0.1', 'mobile-team', 'mobile-release', 'Mobile Release'],
            ['1.1.1', 'team-one', CHANNEL, CHANNEL],
            ['9.9.9', 'team-one', 'secret-release', 'Secret'],
        ]);
        const web = all.releases[1];
        expect(web).toMatchObject({runId: h.ids.web, channelId: CHANNEL, releaseDay: '2026-03-13', timeZone: 'UTC', health: 'on-track', overdue: 0});
        expect(web.progress).toEqual({done: 0, skipped: 0, open: 8, total: 8});
        // DEV's first open step: the merge of the fixes at T-4 (Monday 9 March 17:00).
        expect(web.nextStep).toMatchObject({id: 'fixes-merged', title: 'Merge the fixes', roleName: 'Dev', dueAt: '2026-03-09T17:00:00.000Z', attention: null});
        // A viewer without steps in a run still sees it, with no next step.
        h.platform.join(MOBILE, QA);
        expect((await h.service.allReleases(QA)).releases.map((r) => [r.version, r.nextStep?.id ?? null])).toEqual([['2.0.1', null], ['1.1.1', null]]);
    });

    it('hides runs of channels the viewer is not a member of, and their count', async () => {
        const h = await seed();
        const qa = await h.service.allReleases(QA);
        expect(qa.releases.map((r) => r.runId)).toEqual([h.ids.web]);
        expect(qa.total).toBe(1);
        expect(JSON.stringify(qa)).not.toContain('9.9.9');
        expect((await h.service.allReleases(OUTSIDER)).releases.map((r) => r.runId)).toEqual([h.ids.outsider]);
        // Leaving a channel takes its run out at once.
        h.platform.leave(MOBILE, DEV);
        expect((await h.service.allReleases(DEV)).releases.map((r) => r.version)).toEqual(['1.1.1', '9.9.9']);
    });

    it('reads whole only the runs of the page it answers, never those of other channels', async () => {
        const h = await seed();
        const read: string[] = [];
        const getRun = h.runs.getRun.bind(h.runs);
        h.runs.getRun = (id: string) => {
            read.push(id);
            return getRun(id);
        };
        await h.service.allReleases(QA);
        expect(read).toEqual([h.ids.web]);
        read.length = 0;
        await h.service.allReleases(DEV, {offset: 1, limit: 1});
        expect(read).toEqual([h.ids.web]);
        read.length = 0;
        await h.service.myOpenSteps(QA);
        expect(read).toEqual([h.ids.web]);
    });

    it('says at risk when a step is overdue and late once T-0 has passed, by the shared attention rule', async () => {
        const h = await seed();
        // Tuesday 3 March 18:00 for 2.0.1 (T-0 Friday 6 March): T-4 (Monday 17:00) and T-3 (Tuesday 17:00)
        // have passed with their steps open, today's merge-back included.
        h.clock.now = new Date('2026-03-03T18:00:00Z');
        const health = async () => Object.fromEntries((await h.service.allReleases(DEV)).releases.map((r) => [r.version, [r.health, r.overdue]]));
        expect(await health()).toEqual({'2.0.1': ['at-risk', 4], '1.1.1': ['on-track', 0], '9.9.9': ['on-track', 0]});
        for (const step of ['fixes-merged', 'merge-back', 'approve-rc']) {
            await h.service.markDone(RM, h.ids.mobile, step, {source: 'rhs'});
        }
        expect((await health())['2.0.1']).toEqual(['at-risk', 1]);
        await h.service.markDone(RM, h.ids.mobile, 'cut-rc', {source: 'rhs'});
        expect((await health())['2.0.1']).toEqual(['on-track', 0]);
        // Saturday 7 March: the release day (Friday 6 March) has passed.
        h.clock.now = new Date('2026-03-07T09:00:00Z');
        expect((await health())['2.0.1'][0]).toBe('late');
        const next = (await h.service.allReleases(DEV)).releases.find((r) => r.version === '1.1.1')!.nextStep;
        expect(next).toMatchObject({id: 'fixes-merged'});
    });

    it('pages with offset and limit and says when more follow; GET /all answers the same, bounded', async () => {
        const h = await seed();
        const handler = createHttpHandler({api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now});
        const first = await call(handler, 'GET', '/api/v1/all?limit=2', {userId: DEV});
        expect(first.status).toBe(200);
        const page1 = first.json as AllReleases;
        expect([page1.releases.map((r) => r.version), page1.total, page1.more]).toEqual([['2.0.1', '1.1.1'], 3, true]);
        const page2 = (await call(handler, 'GET', '/api/v1/all?offset=2&limit=2', {userId: DEV})).json as AllReleases;
        expect([page2.releases.map((r) => r.version), page2.offset, page2.more]).toEqual([['9.9.9'], 2, false]);
        expect((await call(handler, 'GET', '/api/v1/all', {userId: DEV})).json).toEqual(await h.service.allReleases(DEV));
        for (const bad of ['limit=0', 'limit=101', 'offset=-1', 'limit=x']) {
            const r = await call(handler, 'GET', `/api/v1/all?${bad}`, {userId: DEV});
            expect([bad, r.status]).toEqual([bad, 400]);
        }
        expect((await call(handler, 'GET', '/api/v1/all', {})).status).toBe(401);
        expect(((await call(handler, 'GET', '/api/v1/all', {userId: OUTSIDER})).json as AllReleases).releases.map((r) => r.version)).toEqual(['5.0.0']);
        // A page is capped however many runs there are.
        expect((await h.service.allReleases(DEV, {limit: 10_000})).releases.length).toBe(3);
    });
});
