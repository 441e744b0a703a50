// POST /api/v1/dialogs/start: Mattermost's SubmitDialogRequest in, SubmitDialogResponse out.
// The caller is the Mattermost-User-ID header only; every refusal leaves KV as it was.
import * as path from 'node:path';
import {createProduct} from '../index';
import {MemoryPlatform} from '../testing/memory-platform';
import {call} from '../testing/http-client';
import {CHANNEL, DEV, OTHER_CHANNEL, OUTSIDER, RM, makeHarness, type Harness} from '../testing/service-harness';
import {encodeState} from '../dialogs/start-form';
import type {HttpHandler} from '../http-types';
import {createHttpHandler} from './handler';

const PATH = '/api/v1/dialogs/start';

function submission(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        template: 'security-release', version: '1.1.1', release_day: '2026-03-13', time_zone: 'UTC',
        'condition_regular-release': 'no', issues: 'https://example.com/issue/1\n  https://example.com/issue/2  \n', ...extra,
    };
}

function request(extra: Record<string, unknown> = {}, values: Record<string, unknown> = submission()): Record<string, unknown> {
    return {
        type: 'dialog_submission', callback_id: 'release-start', state: encodeState({channelId: CHANNEL, templateId: 'security-release'}),
        user_id: RM, channel_id: CHANNEL, team_id: 'team1', submission: values, cancelled: false, ...extra,
    };
}

async function kvSnapshot(h: Harness): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const k of await h.platform.kv.listKeys(0, 10000)) {
        out.set(k, Buffer.from((await h.platform.kv.get(k)) ?? []).toString('base64'));
    }
    return out;
}

describe('dialog submission route', () => {
    let h: Harness;
    let handler: HttpHandler;
    beforeEach(async () => {
        h = makeHarness();
        handler = createHttpHandler({api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now});
        await h.templates.list();
    });

    it('answers 401 without the Mattermost-User-ID header, whatever user_id the body claims', async () => {
        const before = await kvSnapshot(h);
        const r = await call(handler, 'POST', PATH, {body: request()});
        expect(r.status).toBe(401);
        expect(await kvSnapshot(h)).toEqual(before);
    });

    it('answers 403 to a caller who is not a member of the channel, even when user_id names a member', async () => {
        const before = await kvSnapshot(h);
        const r = await call(handler, 'POST', PATH, {userId: OUTSIDER, body: request({user_id: RM})});
        expect(r.status).toBe(403);
        expect(r.json).toEqual({error: 'you are not a member of this channel'});
        // The state's channel wins over a forged channel_id only when they agree.
        const moved = await call(handler, 'POST', PATH, {userId: OUTSIDER, body: request({channel_id: OTHER_CHANNEL})});
        expect(moved.status).toBe(400);
        expect(await kvSnapshot(h)).toEqual(before);
    });

    it('answers every field at fault at once, as SubmitDialogResponse errors, and stores nothing', async () => {
        const before = await kvSnapshot(h);
        const bad = submission({version: 'one', release_day: '2026-02-30', time_zone: 'Mars/Olympus', 'condition_regular-release': 'maybe', issues: 'see jira'});
        const r = await call(handler, 'POST', PATH, {userId: RM, body: request({}, bad)});
        expect(r.status).toBe(200);
        const errors = (r.json as {errors: Record<string, string>}).errors;
        expect(Object.keys(errors).sort()).toEqual(['condition_regular-release', 'issues', 'release_day', 'time_zone', 'version']);
        expect(errors.version).toMatch(/1\.1\.1/);
        expect(errors.issues).toMatch(/"see jira" is not an http\(s\) link/);
        expect(await kvSnapshot(h)).toEqual(before);
    });

    it('maps the run service\'s refusal to the field it names: a release day on a weekend', async () => {
        const before = await kvSnapshot(h);
        const r = await call(handler, 'POST', PATH, {userId: RM, body: request({}, submission({release_day: '2026-03-14'}))});
        expect(r.status).toBe(200);
        expect(Object.keys((r.json as {errors: Record<string, string>}).errors)).toEqual(['release_day']);
        expect(await kvSnapshot(h)).toEqual(before);
    });

    it('refuses a question left unanswered instead of assuming an answer', async () => {
        const before = await kvSnapshot(h);
        const values = submission();
        delete values['condition_regular-release'];
        for (const answer of [undefined, '', null]) {
            const r = await call(handler, 'POST', PATH, {userId: RM, body: request({}, {...values, 'condition_regular-release': answer})});
            expect(r.json).toEqual({errors: {'condition_regular-release': expect.stringMatching(/^Answer yes or no/)}});
        }
        expect(await kvSnapshot(h)).toEqual(before);
        const yes = await call(handler, 'POST', PATH, {userId: RM, body: request({}, {...values, 'condition_regular-release': 'yes'})});
        expect(yes.json).toEqual({});
        expect((await h.service.channelRuns(RM, CHANNEL)).runs[0].conditions).toEqual({'regular-release': true});
    });

    it('refuses an unknown template next to the template field', async () => {
        const r = await call(handler, 'POST', PATH, {userId: RM, body: request({}, submission({template: 'nope'}))});
        expect(r.json).toEqual({errors: {template: 'Choose one of the templates.'}});
    });

    it('answers 400 with the error shape to bodies that are not a SubmitDialogRequest', async () => {
        for (const body of [{submission: 'x'}, {callback_id: 'other'}, {cancelled: 'yes'}, {state: 5}, {}]) {
            const r = await call(handler, 'POST', PATH, {userId: RM, body});
            expect([JSON.stringify(body), r.status, typeof (r.json as {error?: unknown}).error]).toEqual([JSON.stringify(body), 400, 'string']);
        }
        expect((await call(handler, 'POST', PATH, {userId: RM, raw: '{'})).status).toBe(400);
    });

    it('does nothing for a cancelled dialog', async () => {
        const before = await kvSnapshot(h);
        const r = await call(handler, 'POST', PATH, {userId: RM, body: request({cancelled: true})});
        expect([r.status, r.json]).toEqual([200, {}]);
        expect(await kvSnapshot(h)).toEqual(before);
    });

    it('starts the run as the header\'s user with source slash-command, the answers and the issue links', async () => {
        const r = await call(handler, 'POST', PATH, {userId: DEV, body: request({user_id: RM})});
        expect([r.status, r.json]).toEqual([200, {}]);
        const {runs, currentRunId} = await h.service.channelRuns(DEV, CHANNEL);
        expect(runs).toHaveLength(1);
        const run = runs[0];
        expect(currentRunId).toBe(run.id);
        expect(run).toMatchObject({
            version: '1.1.1', releaseDay: '2026-03-13', timeZone: 'UTC', createdBy: DEV,
            conditions: {'regular-release': false}, issues: ['https://example.com/issue/1', 'https://example.com/issue/2'],
        });
        const {events} = await h.service.reportData(DEV, run.id);
        expect(events.map((e) => [e.type, e.userId, e.source])).toEqual([['run-created', DEV, 'slash-command']]);
    });
});

it('end to end through createProduct: /release start opens the dialog, its submission starts the run and the bot posts the summary', async () => {
    const platform = new MemoryPlatform({
        users: [{id: 'rmuser', username: 'rita'}],
        channels: [{id: 'chan1', members: ['rmuser']}],
        config: {DefaultTimeZone: 'UTC'},
    });
    const hooks = createProduct(platform, {bundleRoot: path.resolve(__dirname, '../../../..'), now: () => new Date('2026-03-02T12:00:00Z')});
    await hooks.onActivate();
    await hooks.executeCommand({command: '/release start', userId: 'rmuser', channelId: 'chan1', teamId: 'team1', triggerId: 'trig'});
    const [opened] = platform.dialogs;
    // Submit what the form showed, filling in the version and answering each question as a person would.
    const values: Record<string, unknown> = {};
    for (const e of opened.dialog.elements) {
        values[e.name] = e.default;
    }
    values.version = '1.1.1';
    const unanswered = await call(hooks.serveHTTP, 'POST', opened.url.replace('/plugins/com.mattermost.release-checklist', ''), {
        userId: 'rmuser', body: {callback_id: opened.dialog.callbackId, state: opened.dialog.state, channel_id: 'chan1', submission: values},
    });
    // No question has a default: each must be answered before anything starts.
    expect(Object.keys((unanswered.json as {errors: Record<string, string>}).errors).sort()).toEqual(['condition_during-regular-release', 'condition_researcher-needs-mug']);
    expect(opened.dialog.elements.filter((e) => e.name.startsWith('condition_')).map((e) => [e.type, e.default, e.optional])).toEqual([['radio', undefined, undefined], ['radio', undefined, undefined]]);
    values['condition_during-regular-release'] = 'no';
    values['condition_researcher-needs-mug'] = 'yes';
    const path0 = opened.url.replace('/plugins/com.mattermost.release-checklist', '');
    const r = await call(hooks.serveHTTP, 'POST', path0, {
        userId: 'rmuser', body: {callback_id: opened.dialog.callbackId, state: opened.dialog.state, channel_id: 'chan1', submission: values},
    });
    expect([r.status, r.json]).toEqual([200, {}]);
    const botPosts = [...platform.posts.values()].filter((p) => p.userId === platform.botUserId);
    // The summary, then the live status post the bot keeps editing.
    expect(botPosts.map((p) => p.message)).toEqual([expect.stringContaining('Release 1.1.1 has started'), expect.stringContaining('#### Release 1.1.1 status')]);
    await hooks.onDeactivate();
});
