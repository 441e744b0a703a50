// `/release all` and `/release calendar`: answered only to the caller, through the same run
// service as GET /all and GET /runs/:id/calendar.ics, with the same channel checks.
import {readIcs} from '../testing/ics-reader';
import {CHANNEL, DEV, OUTSIDER, QA, RM, makeHarness, startInput, type Harness} from '../testing/service-harness';
import {executeReleaseCommand} from './execute';
import {commandRunsFromService} from './run-service-adapter';

function run(h: Harness, userId: string, command: string, channelId = CHANNEL) {
    return executeReleaseCommand({
        runs: commandRunsFromService(h.service), api: h.platform, log: h.platform.log, botUserId: () => 'bot', now: () => h.clock.now,
    }, {command, userId, channelId, teamId: 'team1'});
}

async function twoChannels(): Promise<Harness> {
    const h = makeHarness();
    h.platform.addChannel({id: 'chanmobile', name: 'mobile-release', displayName: 'Mobile @here Release'}, [RM, DEV]);
    await h.service.startRun(RM, startInput(), 'rhs');
    await h.service.startRun(RM, startInput({channelId: 'chanmobile', version: '2.0.1', releaseDay: '2026-03-06', roles: {dev: [DEV]}}), 'rhs');
    return h;
}

describe('/release all', () => {
    it('lists every active release of my channels, soonest first, with health and my next step, only to me', async () => {
        const h = await twoChannels();
        h.clock.now = new Date('2026-03-03T18:00:00Z');
        const reply = await run(h, DEV, '/release all');
        expect(reply.responseType).toBe('ephemeral');
        const lines = reply.text.split('\n');
        // A channel name never pings anyone.
        expect(reply.text).not.toContain('@here');
        expect(lines[0]).toBe('#### Your active releases (2)');
        expect(lines[1]).toMatch(/^- \*\*Release 2\.0\.1\*\* in \[Mobile @.here Release\]\(http:\/\/localhost:8065\/team-one\/channels\/mobile-release\), release day Fri 2026-03-06: 0\/8 closed \(0%\), \*\*at risk\*\*: 4 steps overdue\. Your next step: #1 Merge the fixes, \*\*overdue\*\* since Mon 2026-03-02 17:00 UTC\.$/);
        expect(lines[2]).toMatch(/^- \*\*Release 1\.1\.1\*\* in \[chan1\]\(.*\), release day Fri 2026-03-13: 0\/8 closed \(0%\), on track\. Your next step: #1 Merge the fixes, due Mon 2026-03-09 17:00 UTC\.$/);
        // QA is not in the mobile channel: that release is neither listed nor counted.
        const qa = await run(h, QA, '/release all');
        expect(qa.text).toContain('#### Your active releases (1)');
        expect(qa.text).not.toContain('2.0.1');
        expect(qa.text).toContain('No open step of yours.');
        expect((await run(h, OUTSIDER, '/release all')).text).toBe('There is no active release in the channels you are in.');
        expect((await run(h, DEV, '/release all now')).text).toMatch(/takes no arguments[\s\S]*Usage: `\/release all`/);
    });
});

describe('/release calendar', () => {
    it("answers me the current run's two download links, which serve its calendar", async () => {
        const h = await twoChannels();
        const reply = await run(h, DEV, '/release calendar');
        expect(reply.responseType).toBe('ephemeral');
        const {currentRunId} = await h.service.listRuns(DEV, CHANNEL);
        const base = `http://localhost:8065/plugins/com.mattermost.release-checklist/api/v1/runs/${currentRunId}/calendar.ics`;
        expect(reply.text).toContain(`[Milestones](${base})`);
        expect(reply.text).toContain(`[My steps](${base}?mine=1)`);
        expect(reply.text).toContain('Times are in UTC.');
        expect(readIcs((await h.service.calendar(DEV, currentRunId!, 'milestones')).text).events.length).toBe(4);
        const mobile = await run(h, DEV, '/release calendar', 'chanmobile');
        expect(mobile.text).toContain('Release 2.0.1 in your calendar');
    });

    it('refuses a non-member, a channel without a run and arguments, changing nothing', async () => {
        const h = await twoChannels();
        expect((await run(h, OUTSIDER, '/release calendar')).text).toMatch(/Nothing was changed: .*not a member/);
        h.platform.addChannel({id: 'chanempty'}, [DEV]);
        expect((await run(h, DEV, '/release calendar', 'chanempty')).text).toMatch(/no release run in this channel/);
        expect((await run(h, DEV, '/release calendar please')).text).toMatch(/Usage: `\/release calendar`/);
    });
});
