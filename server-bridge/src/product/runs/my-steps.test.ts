// "My steps" across releases: one list of the caller's open steps in every active run of
// their channels, for the RHS (GET /mine) and `/release mine`.
import {executeReleaseCommand} from '../commands/execute';
import {commandRunsFromService} from '../commands/run-service-adapter';
import {createHttpHandler} from '../http/handler';
import {call} from '../testing/http-client';
import {CHANNEL, DEV, OUTSIDER, QA, RM, makeHarness, startInput} from '../testing/service-harness';

async function twoReleases() {
    const h = makeHarness();
    h.platform.addChannel({id: 'chan3', name: 'mobile-release', displayName: 'Mobile Release'}, [RM, DEV, QA]);
    const a = await h.service.startRun(RM, startInput(), 'rhs');
    const b = await h.service.startRun(RM, startInput({channelId: 'chan3', version: '2.0.1', releaseDay: '2026-03-20', roles: {'release-manager': [RM], dev: [QA]}}), 'rhs');
    // In 2.0.1 QA fills Dev; one of its steps is assigned to Dev by name.
    await h.service.assign(RM, b.id, 'cut-rc', DEV, 'rhs');
    return {h, a, b};
}

describe('my open steps across releases', () => {
    it('lists, per active run of my channels, the open steps of roles I fill or assigned to me, overdue and due today first', async () => {
        const {h, a, b} = await twoReleases();
        h.clock.now = new Date('2026-03-09T18:00:00Z');
        const {runs} = await h.service.myOpenSteps(DEV);
        expect(runs.map((r) => [r.version, r.channelName, r.teamName])).toEqual([['1.1.1', CHANNEL, 'team-one'], ['2.0.1', 'mobile-release', 'team-one']]);
        expect(runs[0].runId).toBe(a.id);
        // 1.1.1: Dev's steps only (merge the fixes is overdue since 17:00, the daily merge-back too).
        expect(runs[0].steps.map((s) => [s.id, s.number, s.roleName, s.attention])).toEqual([
            ['fixes-merged', '1', 'Dev', 'overdue'], ['merge-back', '2', 'Dev', 'overdue'],
        ]);
        expect(runs[1]).toMatchObject({runId: b.id, steps: [{id: 'cut-rc', roleName: 'Build', attention: null}]});
        // Someone with nothing of theirs open, or outside the channels, gets nothing.
        expect((await h.service.myOpenSteps(OUTSIDER)).runs).toEqual([]);
        await h.service.finish(RM, b.id, 'rhs');
        expect((await h.service.myOpenSteps(DEV)).runs.map((r) => r.version)).toEqual(['1.1.1']);
    });

    it('is GET /mine for the RHS and /release mine in the channel, only to the caller, each run linked to its channel', async () => {
        const {h} = await twoReleases();
        const handler = createHttpHandler({api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now});
        const mine = await call(handler, 'GET', '/api/v1/mine', {userId: DEV});
        expect((mine.json as {runs: Array<{version: string}>}).runs.map((r) => r.version)).toEqual(['1.1.1', '2.0.1']);
        const reply = await executeReleaseCommand({
            runs: commandRunsFromService(h.service), api: h.platform, log: h.platform.log, botUserId: () => 'bot', now: () => h.clock.now,
        }, {command: '/release mine', userId: DEV, channelId: CHANNEL, teamId: 'team1'});
        expect(reply.responseType).toBe('ephemeral');
        expect(reply.text).toContain('**Release 2.0.1** in [Mobile Release](http://localhost:8065/team-one/channels/mobile-release)');
        expect(reply.text).toMatch(/- #5 Cut the release candidate \(Build\), due Tue 2026-03-17 17:00 UTC/);
        expect(reply.text).not.toContain('Verify with the Release Manager');
    });
});
