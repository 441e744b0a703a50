// The step buttons of reminder DMs through the plugin's HTTP routes, as Mattermost calls them:
// the signed Mattermost-User-ID header is the clicker; the run service decides what is allowed.
import {ReleaseFeatures} from '../bot/features';
import {createHttpHandler} from '../http';
import type {HttpHandler} from '../http-types';
import type {PlatformPost} from '../platform';
import type {Clock} from '../reminders/clock';
import {call} from '../testing/http-client';
import {ADMIN, CHANNEL, DEV, OUTSIDER, QA, RM, makeHarness, startInput, type Harness} from '../testing/service-harness';
import {STEP_ACTION_ROUTE, SKIP_DIALOG_URL, type Attachment, type ButtonAction} from './buttons';
import {wakeDay} from './snoozes';

const ACTION_URL = `/api/v1/${STEP_ACTION_ROUTE}`;
// Monday of the release week's T-4 (release day Friday 2026-03-13): Dev's steps are due today.
const T_MINUS_4 = new Date('2026-03-09T12:00:00Z');

interface World {
    h: Harness;
    features: ReleaseFeatures;
    handler: HttpHandler;
    runId: string;
}

async function world(): Promise<World> {
    let features: ReleaseFeatures | null = null;
    const h = makeHarness({onEvents: (run, events) => features?.onRunEvents(run, events) ?? Promise.resolve()});
    // Time is the harness's; timers never fire (the scheduler's ticks are not part of these tests).
    const clock: Clock = {now: () => h.clock.now.getTime(), setTimeout: () => 0, clearTimeout: () => undefined};
    features = new ReleaseFeatures({api: h.platform, service: h.service, settings: () => h.settings, now: () => h.clock.now, clock, instanceId: 'test'});
    await features.activate();
    const handler = createHttpHandler({
        api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now,
        buttons: features.buttons, remindNow: (run) => features.reminders.remindNow(run),
    });
    const run = await h.service.startRun(RM, startInput(), 'rhs');
    h.clock.now = T_MINUS_4;
    return {h, features, handler, runId: run.id};
}

function reminders(w: World, userId: string): PlatformPost[] {
    const bot = w.h.platform.botUserId;
    return [...w.h.platform.posts.values()].filter((p) => p.userId === bot && w.h.platform.members.get(p.channelId)?.has(userId) && w.h.platform.channels.get(p.channelId)?.type === 'D');
}

async function click(w: World, userId: string | undefined, action: ButtonAction, stepId: string, extra: Record<string, unknown> = {}) {
    return call(w.handler, 'POST', ACTION_URL, {userId, body: {user_id: userId, context: {action, runId: w.runId, stepId}, ...extra}});
}

async function revision(w: World): Promise<number> {
    return (await w.h.service.getRun(RM, w.runId)).revision;
}

describe('reminder buttons', () => {
    it('a reminder DM carries a card per step with Done, Skip, Snooze and Open, calling the plugin route', async () => {
        const w = await world();
        const res = await call(w.handler, 'POST', `/api/v1/runs/${w.runId}/remind`, {userId: RM, body: {}});
        expect(res.json).toEqual({sent: 1});
        const [dm] = reminders(w, DEV);
        const cards = dm.props?.attachments as Attachment[];
        expect(cards.map((c) => c.text)).toEqual([expect.stringContaining('Merge the fixes'), expect.stringContaining('Merge the release branch back')]);
        expect(cards[0].actions?.map((a) => [a.id, a.name])).toEqual([['done0', 'Done'], ['skip0', 'Skip…'], ['snooze0', 'Snooze to tomorrow']]);
        expect(cards[1].actions?.[0].id).toBe('done1');
        expect(cards[0].actions?.every((a) => a.integration.url === '/plugins/com.mattermost.release-checklist/api/v1/actions/step')).toBe(true);
        expect(cards[0].actions?.[0].integration.context).toEqual({action: 'done', runId: w.runId, stepId: 'fixes-merged'});
        // Only the Release Manager, the starter or an admin may send reminders now.
        expect((await call(w.handler, 'POST', `/api/v1/runs/${w.runId}/remind`, {userId: DEV, body: {}})).status).toBe(403);
        // Sending again at once is refused and sends nothing: one manual round a minute per run.
        const again = await call(w.handler, 'POST', `/api/v1/runs/${w.runId}/remind`, {userId: RM, body: {}});
        expect(again.status).toBe(429);
        expect(reminders(w, DEV)).toHaveLength(1);
    });

    it('a Done that is stored answers plainly when the card cannot be rewritten', async () => {
        const w = await world();
        await call(w.handler, 'POST', `/api/v1/runs/${w.runId}/remind`, {userId: RM, body: {}});
        const [dm] = reminders(w, DEV);
        // The server fails to answer the post lookup after the step is saved.
        w.h.platform.getPost = () => Promise.reject(new Error('server unavailable'));
        const res = await click(w, DEV, 'done', 'fixes-merged', {post_id: dm.id});
        expect(res.status).toBe(200);
        expect(res.json).toEqual({ephemeral_text: ':white_check_mark: Done.'});
        const run = await w.h.service.getRun(RM, w.runId);
        expect(run.steps.find((s) => s.id === 'fixes-merged')).toMatchObject({state: 'done', closedBy: DEV});
    });

    it('Done marks the step done as the signed user and rewrites the card; a second click writes nothing', async () => {
        const w = await world();
        await call(w.handler, 'POST', `/api/v1/runs/${w.runId}/remind`, {userId: RM, body: {}});
        const [dm] = reminders(w, DEV);
        const res = await click(w, DEV, 'done', 'fixes-merged', {post_id: dm.id});
        expect(res.status).toBe(200);
        const run = await w.h.service.getRun(RM, w.runId);
        expect(run.steps.find((s) => s.id === 'fixes-merged')).toMatchObject({state: 'done', closedBy: DEV});
        const update = (res.json as {update: {message: string; props: {attachments: Attachment[]; release_checklist?: unknown}}}).update;
        expect(update.message).toBe(dm.message);
        expect(update.props.attachments[0].text).toContain('Done by @devuser at 12:00 UTC');
        expect(update.props.attachments[0].actions).toBeUndefined();
        // The other step's card keeps its buttons.
        expect(update.props.attachments[1].actions).toHaveLength(3);
        expect(update.props.release_checklist).toEqual(dm.props?.release_checklist);

        const before = await revision(w);
        const again = await click(w, DEV, 'done', 'fixes-merged', {post_id: dm.id});
        expect(again.json).toEqual({ephemeral_text: expect.stringMatching(/already done by @devuser at 12:00 UTC; nothing was changed/)});
        expect(await revision(w)).toBe(before);
    });

    it('trusts only the signed header: no header is 401, a body user id that differs changes nothing', async () => {
        const w = await world();
        const before = await revision(w);
        expect((await call(w.handler, 'POST', ACTION_URL, {body: {user_id: DEV, context: {action: 'done', runId: w.runId, stepId: 'fixes-merged'}}})).status).toBe(401);
        const forged = await call(w.handler, 'POST', ACTION_URL, {userId: OUTSIDER, body: {user_id: DEV, context: {action: 'done', runId: w.runId, stepId: 'fixes-merged'}}});
        expect(forged.json).toEqual({ephemeral_text: expect.stringContaining('nothing was changed')});
        const junk = await call(w.handler, 'POST', ACTION_URL, {userId: DEV, body: {context: {action: 'delete-everything', runId: w.runId, stepId: 'x'}}});
        expect(junk.status).toBe(200);
        expect(junk.json).toEqual({ephemeral_text: expect.stringContaining('nothing was changed')});
        expect(await revision(w)).toBe(before);
    });

    it('allows a click exactly when the HTTP API allows the same action (members, approval gate, admins)', async () => {
        const users = [RM, DEV, QA, ADMIN, OUTSIDER];
        const steps = ['fixes-merged', 'approve-rc', 'cut-rc'];
        const outcomes = new Set<string>();
        for (const user of users) {
            for (const stepId of steps) {
                const viaButton = await world();
                const viaApi = await world();
                const api = await call(viaApi.handler, 'POST', `/api/v1/runs/${viaApi.runId}/steps/${stepId}/done`, {userId: user, body: {}});
                await click(viaButton, user, 'done', stepId);
                const done = (await viaButton.h.service.getRun(RM, viaButton.runId)).steps.find((s) => s.id === stepId)?.state === 'done';
                expect(`${user} ${stepId}: ${done ? 'done' : 'refused'}`).toBe(`${user} ${stepId}: ${api.status === 200 ? 'done' : 'refused'}`);
                outcomes.add(`${stepId}:${done}`);
            }
        }
        // The matrix has both answers for the approval step and the plain ones.
        expect([...outcomes].sort()).toEqual(['approve-rc:false', 'approve-rc:true', 'cut-rc:false', 'cut-rc:true', 'fixes-merged:false', 'fixes-merged:true']);
    });

    it('a click after the run finished writes nothing and says so', async () => {
        const w = await world();
        await call(w.handler, 'POST', `/api/v1/runs/${w.runId}/remind`, {userId: RM, body: {}});
        const [dm] = reminders(w, DEV);
        await w.h.service.finish(RM, w.runId, 'rhs');
        const before = await revision(w);
        for (const action of ['done', 'skip', 'snooze'] as const) {
            const res = await click(w, DEV, action, 'fixes-merged', {post_id: dm.id, trigger_id: 'trig'});
            expect(res.json).toEqual({ephemeral_text: 'Release 1.1.1 is finished; nothing was changed.'});
        }
        expect(await revision(w)).toBe(before);
        expect(w.h.platform.dialogs).toHaveLength(0);
    });

    it('Skip opens a form with the trigger id; its submission skips with the reason and closes the card', async () => {
        const w = await world();
        await call(w.handler, 'POST', `/api/v1/runs/${w.runId}/remind`, {userId: RM, body: {}});
        const [dm] = reminders(w, DEV);
        const res = await click(w, DEV, 'skip', 'fixes-merged', {post_id: dm.id, trigger_id: 'trigger-1'});
        expect(res.json).toEqual({});
        const [dialog] = w.h.platform.dialogs;
        expect(dialog).toMatchObject({triggerId: 'trigger-1', url: SKIP_DIALOG_URL, dialog: {elements: [{name: 'reason'}]}});
        const submit = (userId: string, reason: string) => call(w.handler, 'POST', '/api/v1/dialogs/skip', {
            userId, body: {callback_id: dialog.dialog.callbackId, state: dialog.dialog.state, submission: {reason}},
        });
        expect((await submit(DEV, '   ')).json).toEqual({errors: {reason: 'A reason is required to skip a step.'}});
        // The form's state names the run and step; the one who submits must still be allowed.
        expect((await submit(OUTSIDER, 'not mine')).json).toEqual({error: expect.stringContaining('Run not found')});
        expect((await submit(DEV, 'fixed upstream')).json).toEqual({});
        const step = (await w.h.service.getRun(RM, w.runId)).steps.find((s) => s.id === 'fixes-merged');
        expect(step).toMatchObject({state: 'skipped', skipReason: 'fixed upstream', closedBy: DEV});
        const card = (w.h.platform.posts.get(dm.id as string)?.props?.attachments as Attachment[])[0];
        expect(card.text).toContain('Skipped by @devuser at 12:00 UTC: fixed upstream');
        expect(card.actions).toBeUndefined();
    });

    it('Snooze leaves the step out of the clicker\'s reminders until the next working day', async () => {
        const w = await world();
        await call(w.handler, 'POST', `/api/v1/runs/${w.runId}/remind`, {userId: RM, body: {}});
        const [dm] = reminders(w, DEV);
        const res = await click(w, DEV, 'snooze', 'fixes-merged', {post_id: dm.id});
        const update = (res.json as {update: {props: {attachments: Attachment[]}}}).update;
        expect(update.props.attachments[0].text).toContain('Snoozed by @devuser until Tue 2026-03-10');
        expect((await w.h.service.getRun(RM, w.runId)).steps.find((s) => s.id === 'fixes-merged')?.state).toBe('open');
        // As if a minute had passed (sending now is allowed once a minute per run; this KV keeps real time).
        const nextRound = () => w.h.platform.kv.delete(`remind-now:${w.runId}`);
        await nextRound();
        await call(w.handler, 'POST', `/api/v1/runs/${w.runId}/remind`, {userId: RM, body: {}});
        const second = reminders(w, DEV).at(-1);
        expect(second?.message).not.toContain('Merge the fixes');
        expect(second?.message).toContain('Merge the release branch back');
        // The next working day it is back.
        w.h.clock.now = new Date('2026-03-10T12:00:00Z');
        await nextRound();
        await call(w.handler, 'POST', `/api/v1/runs/${w.runId}/remind`, {userId: RM, body: {}});
        expect(reminders(w, DEV).at(-1)?.message).toContain('Merge the fixes');
    });

    it('the next working day skips weekends and the run\'s holidays', () => {
        const cal = {workingDays: [1, 2, 3, 4, 5], holidays: ['2026-03-09']};
        expect(wakeDay(cal, '2026-03-06')).toBe('2026-03-10');
        expect(wakeDay(cal, '2026-03-10')).toBe('2026-03-11');
    });

    it('the Release Manager turns the channel digest buttons on per run; others may not', async () => {
        const w = await world();
        const url = `/api/v1/runs/${w.runId}/settings`;
        expect((await call(w.handler, 'POST', url, {userId: DEV, body: {channelButtons: true}})).status).toBe(403);
        const res = await call(w.handler, 'POST', url, {userId: RM, body: {channelButtons: true}});
        expect(res.status).toBe(200);
        expect((res.json as {settings: unknown}).settings).toEqual({channelButtons: true});
        expect((await call(w.handler, 'POST', url, {userId: RM, body: {channelButtons: 'yes'}})).status).toBe(400);
    });

    it('each card links to the run\'s status post in its channel: Open the checklist', async () => {
        const w = await world();
        const status = await w.features.status.postId(w.runId);
        expect(w.h.platform.posts.get(status as string)?.channelId).toBe(CHANNEL);
        await call(w.handler, 'POST', `/api/v1/runs/${w.runId}/remind`, {userId: RM, body: {}});
        const cards = reminders(w, DEV)[0].props?.attachments as Attachment[];
        expect(cards.every((c) => c.text.endsWith(`\n[Open the checklist](http://localhost:8065/team-one/pl/${status})`))).toBe(true);
        // A click is only ever one of the three buttons.
        expect((await click(w, QA, 'open' as ButtonAction, 'fixes-merged')).json).toEqual({ephemeral_text: expect.stringContaining('nothing was changed')});
    });
});
