// Every /release subcommand against the real run service on the in-memory platform: valid,
// missing and malformed arguments, and callers lacking permission. Refusals must be
// ephemeral, carry the usage where the input was at fault, and leave KV byte-for-byte equal.
import {postAnnouncement} from '../announcements/post-announcement';
import type {CommandResponse} from '../hooks';
import {sampleTemplate} from '../testing/fixtures';
import {CHANNEL, DEV, OUTSIDER, QA, RM, makeHarness, startInput, type Harness} from '../testing/service-harness';
import {executeReleaseCommand, type CommandDeps} from './execute';
import {SUBCOMMANDS} from './subcommands';
import {commandRunsFromService} from './run-service-adapter';

const BOT = 'botuser';

async function kvSnapshot(h: Harness): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (let page = 0; ; page++) {
        const keys = await h.platform.kv.listKeys(page, 100);
        for (const k of keys) {
            const v = await h.platform.kv.get(k);
            out[k] = v ? Buffer.from(v).toString('base64') : '';
        }
        if (keys.length < 100) return out;
    }
}

interface World {
    h: Harness;
    runId: string | null;
    run(userId: string, command: string): Promise<CommandResponse>;
}

/** The sample template with an announcement on the blog step (number 7 in /release list). */
function announcingTemplate() {
    const template = sampleTemplate();
    const blog = template.phases[2].steps[1];
    blog.announcement = {channelSetting: 'AnnouncementChannel', message: 'Release {{version}} is out; details in {{channel}}.'};
    blog.approval = true;
    return template;
}

async function world(withRun = true): Promise<World> {
    const h = makeHarness({template: announcingTemplate()});
    // Templates are seeded into KV on first read; do it here so snapshots compare user-visible state.
    await h.templates.list();
    let runId: string | null = null;
    if (withRun) {
        runId = (await h.service.startRun(RM, startInput(), 'rhs')).id;
    }
    const deps: CommandDeps = {
        runs: commandRunsFromService(h.service),
        api: h.platform,
        log: h.platform.log,
        botUserId: () => BOT,
        now: () => h.clock.now,
        // The real "post it" path, into the run's own channel so the post is the evidence.
        announce: (run, stepId, userId) => postAnnouncement({
            api: h.platform,
            settings: async () => ({AnnouncementChannel: `team-one/${CHANNEL}`}),
            botUserId: () => BOT,
            recordEvidence: (r, id, user, postId) => h.service.markDone(user, r.id, id, {postId, source: 'slash-command'}),
        }, run, stepId, userId),
    };
    return {h, runId, run: (userId, command) => executeReleaseCommand(deps, {command, userId, channelId: CHANNEL, teamId: 'team1'})};
}

async function events(w: World): Promise<{type: string; source: string; stepId?: string}[]> {
    return (await w.h.service.reportData(RM, w.runId!)).events.map((e) => ({type: e.type, source: e.source, stepId: e.stepId}));
}

/** Refusals: [caller, command, reply pattern, whether the run exists]. */
const REFUSALS: [string, string, RegExp, boolean][] = [
    // start
    [DEV, '/release start 1.2.0', /both the version[\s\S]*Usage: `\/release start/, false],
    [DEV, '/release start 1.2.0 2026-02-30', /not a date[\s\S]*Usage/, false],
    [DEV, '/release start one 2026-03-20', /not a version[\s\S]*Usage/, false],
    [DEV, '/release start 1.2.0 2026-03-14 --if regular-release=no', /Nothing was changed[\s\S]*(working day|weekend|holiday)/i, false],
    [OUTSIDER, '/release start 1.2.0 2026-03-20', /Nothing was changed: you are not a member/, false],
    [DEV, '/release start 1.2.0 2026-03-20', /Nothing was started: answer each question of \*\*Security release\*\*:\n- `regular-release`: [\s\S]*--if regular-release=yes\|no/, false],
    [DEV, '/release start 1.2.0 2026-03-20 --if mug=yes', /has no question `mug`; its questions are `regular-release`/, false],
    // status / list / report / finish
    [DEV, '/release status please', /takes no arguments[\s\S]*Usage: `\/release status`/, true],
    [OUTSIDER, '/release status', /Nothing was changed: .*not a member/, true],
    [DEV, '/release status', /no release run in this channel/, false],
    [DEV, '/release list all', /Usage: `\/release list`/, true],
    [OUTSIDER, '/release list', /not a member/, true],
    [DEV, '/release report now', /Usage: `\/release report`/, true],
    [OUTSIDER, '/release report', /not a member/, true],
    [DEV, '/release report', /no release run/, false],
    [RM, '/release finish now', /Usage: `\/release finish \[confirm\]`/, true],
    [RM, '/release finish', /^Release 1\.1\.1 still has 8 open steps; nothing was changed\. `\/release finish confirm` finishes it anyway\.$/, true],
    [DEV, '/release finish confirm', /Nothing was changed: only the Release Manager/, true],
    [OUTSIDER, '/release finish', /not a member/, true],
    // done
    [DEV, '/release done', /Name the step[\s\S]*Usage: `\/release done <step>`/, true],
    [DEV, '/release done 99', /no step 99[\s\S]*Usage: `\/release done/, true],
    [DEV, '/release done Bake a cake', /No step starts with[\s\S]*Usage/, true],
    [DEV, '/release done "unclosed', /Usage: `\/release done/, true],
    [DEV, '/release done 4', /Nothing was changed: .*Release Manager/, true],
    [OUTSIDER, '/release done 1', /not a member/, true],
    [DEV, '/release done 1', /no release run/, false],
    // skip
    [DEV, '/release skip', /Usage: `\/release skip <step> <reason>`/, true],
    [DEV, '/release skip 1', /reason[\s\S]*Usage: `\/release skip/, true],
    [DEV, '/release skip 42 no need', /no step 42[\s\S]*Usage: `\/release skip/, true],
    [OUTSIDER, '/release skip 1 no need', /not a member/, true],
    [DEV, '/release skip 4 not needed', /Nothing was changed: .*Release Manager/, true],
    // assign
    [RM, '/release assign', /Usage: `\/release assign/, true],
    [RM, '/release assign qa', /Usage: `\/release assign/, true],
    [RM, '/release assign wizard @devuser', /no role "wizard"[\s\S]*Usage/, true],
    [RM, '/release assign qa @nobody', /No active user @nobody[\s\S]*Usage/, true],
    [RM, '/release assign qa @bad/name', /not a username[\s\S]*Usage/, true],
    [RM, '/release assign qa @devuser @outsider', /Nothing was changed: @outsider is not a member of the run's channel and cannot be given the QA role/, true],
    [QA, '/release assign qa @devuser', /Nothing was changed: only the Release Manager/, true],
    [OUTSIDER, '/release assign qa @devuser', /not a member/, true],
    // move
    [RM, '/release move', /Usage: `\/release move/, true],
    [RM, '/release move next-week', /not a date[\s\S]*Usage/, true],
    [RM, '/release move 2026-03-13', /already/, true],
    [RM, '/release move 2026-03-14', /Nothing was changed: The release day must be a working day: [^\n]*\. The next working day is 2026-03-16\.\n/, true],
    [DEV, '/release move 2026-03-16', /Nothing was changed: only the Release Manager/, true],
    [OUTSIDER, '/release move 2026-03-16', /not a member/, true],
    // announce (step 7, the blog post, carries an announcement and is an approval step here)
    [RM, '/release announce', /Usage: `\/release announce/, true],
    [RM, '/release announce 1', /Nothing was changed: "Merge the fixes" has no announcement to post/, true],
    [RM, '/release announce 77', /no step 77[\s\S]*Usage: `\/release announce/, true],
    [RM, '/release announce Bake', /No step starts with[\s\S]*Usage: `\/release announce/, true],
    [OUTSIDER, '/release announce 7', /not a member/, true],
    [RM, '/release announce 7', /no release run/, false],
    [DEV, '/release announce 7', /Nothing was changed: .*Release Manager/, true],
    // help and unknown
    [DEV, '/release help everything', /no subcommand "everything"\. The subcommands are:[\s\S]*`\/release help \[<subcommand>\]`/, true],
    [DEV, '/release dance', /Unknown subcommand "dance"\. The subcommands are:\n- `\/release start[\s\S]*`\/release skip <step> <reason>`[\s\S]*`\/release finish \[confirm\]`/, true],
];

describe('/release refusals change nothing', () => {
    it.each(REFUSALS)('%s: %s', async (caller, command, pattern, withRun) => {
        const w = await world(withRun);
        const before = await kvSnapshot(w.h);
        const posts = w.h.platform.posts.size;
        const published = w.h.platform.published.length;
        const reply = await w.run(caller, command);
        expect(reply.responseType).toBe('ephemeral');
        expect(reply.text).toMatch(pattern);
        // Joined messages end with one full stop, never two (an ellipsis "..." is fine).
        expect(reply.text).not.toMatch(/(^|[^.])\.\.($|[^.])/);
        if (command === '/release dance') {
            for (const sub of SUBCOMMANDS) {
                expect(reply.text).toContain(`/release ${sub.name}`);
            }
        }
        expect(await kvSnapshot(w.h)).toEqual(before);
        expect(w.h.platform.posts.size).toBe(posts);
        expect(w.h.platform.published.length).toBe(published);
    });
});

describe('/release valid commands', () => {
    it('start with version and day creates a run from the defaults through the service', async () => {
        const w = await world(false);
        const reply = await w.run(DEV, '/release start 1.2.0 2026-03-20 --if regular-release=yes');
        expect(reply).toMatchObject({responseType: 'ephemeral', text: expect.stringContaining('Started release 1.2.0')});
        const {runs, currentRunId} = await w.h.service.listRuns(DEV, CHANNEL);
        expect(runs).toHaveLength(1);
        const run = await w.h.service.getRun(DEV, currentRunId!);
        expect(run).toMatchObject({version: '1.2.0', releaseDay: '2026-03-20', createdBy: DEV});
        expect(w.h.platform.published.map((p) => p.event)).toContain('run_created');
        expect((await w.h.service.reportData(DEV, run.id)).events[0]).toMatchObject({type: 'run-created', source: 'slash-command'});
    });

    it('start without arguments explains the form and changes nothing', async () => {
        const w = await world(false);
        const before = await kvSnapshot(w.h);
        const reply = await w.run(DEV, '/release start');
        expect(reply.text).toMatch(/Start a release/);
        expect(await kvSnapshot(w.h)).toEqual(before);
    });

    it('status is ephemeral with overdue, due today and progress', async () => {
        const w = await world();
        w.h.clock.now = new Date('2026-03-09T12:00:00Z'); // T-4: phase A is due today
        const reply = await w.run(DEV, '/release status');
        expect(reply.responseType).toBe('ephemeral');
        expect(reply.text).toMatch(/Progress: 0 done/);
        expect(reply.text).toMatch(/\*\*Due today\*\* \([1-9]/);
        expect(reply.text).toContain('Merge the fixes');
        w.h.clock.now = new Date('2026-03-11T12:00:00Z');
        expect((await w.run(DEV, '/release status')).text).toMatch(/\*\*Overdue\*\* \([1-9][\s\S]*Merge the fixes/);
    });

    it('list shows numbered steps', async () => {
        const w = await world();
        const reply = await w.run(QA, '/release list');
        expect(reply.responseType).toBe('ephemeral');
        expect(reply.text).toMatch(/`\[ \]` #1 Merge the fixes/);
    });

    it('done by number and by title prefix closes the step with a slash-command event', async () => {
        const w = await world();
        const reply = await w.run(DEV, '/release done 1');
        expect(reply).toMatchObject({responseType: 'in_channel', text: 'Release 1.1.1: step #1 Merge the fixes marked done.'});
        const run = await w.h.service.getRun(DEV, w.runId!);
        expect(run.steps.find((s) => s.id === 'fixes-merged')).toMatchObject({state: 'done', closedBy: DEV});
        expect(await events(w)).toContainEqual({type: 'step-done', source: 'slash-command', stepId: 'fixes-merged'});
        expect(w.h.platform.published.at(-1)?.event).toBe('run_updated');
        await w.run(DEV, '/release done cut the release');
        expect((await w.h.service.getRun(DEV, w.runId!)).steps.find((s) => s.id === 'cut-rc')?.state).toBe('done');
        // Done twice: refused, nothing changes.
        const before = await kvSnapshot(w.h);
        expect((await w.run(DEV, '/release done 1')).text).toMatch(/already done/);
        expect(await kvSnapshot(w.h)).toEqual(before);
    });

    it('skip records the reason', async () => {
        const w = await world();
        const reply = await w.run(QA, '/release skip "Cut the release candidate" not needed for this fix');
        expect(reply.text).toMatch(/^Release 1\.1\.1: step #\d+ Cut the release candidate skipped: not needed for this fix$/);
        const step = (await w.h.service.getRun(QA, w.runId!)).steps.find((s) => s.id === 'cut-rc');
        expect(step).toMatchObject({state: 'skipped', skipReason: 'not needed for this fix'});
        expect(await events(w)).toContainEqual({type: 'step-skipped', source: 'slash-command', stepId: 'cut-rc'});
    });

    it('assign gives a role to users by username', async () => {
        const w = await world();
        const reply = await w.run(RM, '/release assign qa @devuser @qauser');
        expect(reply).toMatchObject({responseType: 'in_channel', text: 'Release 1.1.1: QA is now @devuser, @qauser.'});
        expect((await w.h.service.getRun(RM, w.runId!)).roles.qa).toEqual([DEV, QA]);
        expect(await events(w)).toContainEqual(expect.objectContaining({type: 'roles-changed', source: 'slash-command'}));
    });

    it('move shifts the release day', async () => {
        const w = await world();
        const reply = await w.run(RM, '/release move 2026-03-16');
        expect(reply.text).toMatch(/^Release 1\.1\.1: release day moved from .*2026-03-13 to Mon 2026-03-16/);
        expect((await w.h.service.getRun(RM, w.runId!)).releaseDay).toBe('2026-03-16');
    });

    it('report posts the report in the channel as the bot', async () => {
        const w = await world();
        await w.run(DEV, '/release done 1');
        const reply = await w.run(QA, '/release report');
        expect(reply.responseType).toBe('ephemeral');
        const posts = [...w.h.platform.posts.values()].filter((p) => p.userId === BOT && p.channelId === CHANNEL);
        expect(posts).toHaveLength(1);
        expect(posts[0].message).toContain('# Release 1.1.1: report');
        expect(posts[0].message).toMatch(/Merge the fixes[^\n]*\| done \| devuser/);
    });

    it('report of a long history lists the latest events, counts them all and links the log download', async () => {
        const w = await world();
        for (let i = 0; i < 250; i++) {
            await w.h.service.stepAction(DEV, w.runId!, 'fixes-merged', i % 2 === 0 ? {verb: 'done'} : {verb: 'undo'}, 'api');
        }
        await w.run(QA, '/release report');
        const text = [...w.h.platform.posts.values()].filter((p) => p.userId === BOT && p.channelId === CHANNEL).map((p) => p.message).join('\n');
        expect(text).toContain('251 events in all (step-done 125, step-undone 125, run-created 1). The latest 200 are listed below.');
        expect(text).toContain(`/plugins/com.mattermost.release-checklist/api/v1/runs/${w.runId}/log)`);
    });

    it('finish finishes the run; afterwards changes are refused', async () => {
        const w = await world();
        expect((await w.run(RM, '/release finish confirm'))).toMatchObject({responseType: 'in_channel', text: expect.stringMatching(/^Release 1\.1\.1: finished\./)});
        expect((await w.h.service.getRun(RM, w.runId!)).status).toBe('finished');
        const before = await kvSnapshot(w.h);
        expect((await w.run(DEV, '/release done 1')).text).toMatch(/finished/);
        expect(await kvSnapshot(w.h)).toEqual(before);
    });

    it('finish without confirm finishes at once when no step is open', async () => {
        const w = await world();
        const run = await w.h.service.getRun(RM, w.runId!);
        for (const step of run.steps.filter((s) => s.state === 'open' && !s.approval)) {
            await w.h.service.skip(RM, run.id, step.id, 'not needed', 'rhs');
        }
        for (const step of run.steps.filter((s) => s.state === 'open' && s.approval)) {
            await w.h.service.markDone(RM, run.id, step.id, {source: 'rhs'});
        }
        const reply = await w.run(RM, '/release finish');
        expect(reply).toMatchObject({responseType: 'in_channel', text: expect.stringMatching(/^Release 1\.1\.1: finished\./)});
        expect((await w.h.service.getRun(RM, w.runId!)).status).toBe('finished');
    });

    it('announce posts the announcement as the bot and records it as the step\'s evidence', async () => {
        const w = await world();
        const reply = await w.run(RM, '/release announce 7');
        expect(reply.responseType).toBe('ephemeral');
        expect(reply.text).toMatch(/^Release 1\.1\.1: posted the announcement for step #7 Publish the blog post/);
        const posts = [...w.h.platform.posts.values()].filter((p) => p.userId === BOT);
        expect(posts.map((p) => [p.channelId, p.message])).toEqual([[CHANNEL, `Release 1.1.1 is out; details in ~${CHANNEL}.`]]);
        const blog = (await w.h.service.getRun(RM, w.runId!)).steps.find((s) => s.id === 'blog')!;
        expect(blog).toMatchObject({state: 'done', closedBy: RM, evidence: [{postId: posts[0].id, userId: RM}]});
        expect(await events(w)).toContainEqual({type: 'step-done', source: 'slash-command', stepId: 'blog'});
        expect(w.h.platform.published.at(-1)?.event).toBe('run_updated');
    });

    it('help lists every subcommand', async () => {
        const w = await world();
        const reply = await w.run(OUTSIDER, '/release help');
        for (const sub of ['start', 'status', 'list', 'done', 'skip', 'assign', 'move', 'announce', 'report', 'finish', 'help']) {
            expect(reply.text).toContain(`/release ${sub}`);
        }
    });
});
