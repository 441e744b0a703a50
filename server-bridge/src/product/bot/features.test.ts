import type {AutocompleteData} from '../commands/autocomplete';
import type {HttpRequest} from '../http-types';
import {CHANNEL, OUTSIDER, RM, makeHarness, startInput} from '../testing/service-harness';
import {sampleTemplate} from '../testing/fixtures';
import {BOT_ACCOUNT} from './account';
import {ReleaseFeatures} from './features';
import {changedRun} from '../runs';
import type {RunEvent} from '../model';

const ANN = 'a'.repeat(26);

function setup() {
    const template = sampleTemplate();
    template.phases[0].steps[0].announcement = {channelSetting: 'AnnouncementChannel', message: 'Security release {{version}} on {{releaseDay}}\n{{issues}}'};
    const h = makeHarness({template, config: {DefaultTimeZone: 'UTC', AnnouncementChannel: ANN}});
    h.platform.addChannel({id: ANN, name: 'announcements', teamId: 'team1', type: 'O'}, [RM]);
    const features = new ReleaseFeatures({api: h.platform, service: h.service, settings: () => h.settings, now: () => h.clock.now, instanceId: 'test'});
    return {h, features};
}

function get(url: string): HttpRequest {
    return {method: 'GET', url, headers: {}, body: (async function* () { /* no body */ })()};
}

async function serve(features: ReleaseFeatures, userId: string, url: string): Promise<{handled: boolean; body: string; status: number}> {
    let body = '';
    let status = 200;
    const handled = await features.serveAutocomplete(userId, get(url), {
        setHeader: () => undefined,
        writeHead: (s) => {
            status = s;
        },
        write: async (chunk) => {
            body += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
        },
    });
    return {handled, body, status};
}

describe('release features wired on the run service', () => {
    it('activation ensures the bot and registers /release with autocomplete; deactivation stops reminders', async () => {
        const {h, features} = setup();
        await features.activate();
        expect(h.platform.botUserId).toBeTruthy();
        expect(h.platform.users.get(h.platform.botUserId!)?.username).toBe(BOT_ACCOUNT.username);
        expect(h.platform.commands.map((c) => c.trigger)).toEqual(['release']);
        expect(h.platform.commands[0].autocompleteData).toMatchObject({Trigger: 'release'});
        await features.activate();
        expect(h.platform.commands).toHaveLength(1);
        await features.deactivate();
    });

    it('posts the run summary as the bot on run-created', async () => {
        const {h, features} = setup();
        await features.activate();
        const run = await h.service.startRun(RM, startInput(), 'rhs');
        const {events} = await h.service.reportData(RM, run.id);
        await features.onRunEvents(changedRun(run), events);
        const posts = [...h.platform.posts.values()].filter((p) => p.userId === h.platform.botUserId);
        // The summary, then the live status post.
        expect(posts).toHaveLength(2);
        expect(posts[0]).toMatchObject({channelId: CHANNEL, message: expect.stringContaining('Release 1.1.1 has started')});
        expect(posts[1]).toMatchObject({channelId: CHANNEL, message: expect.stringContaining('#### Release 1.1.1 status')});
    });

    it('reads the whole run only for the events it acts on: a new run, a step done with evidence', async () => {
        const {h, features} = setup();
        await features.activate();
        const run = await h.service.startRun(RM, startInput(), 'rhs');
        const reads: string[] = [];
        const lazy = (label: string) => ({runId: run.id, run: () => {
            reads.push(label);
            return Promise.resolve(run);
        }});
        const at = h.clock.now.toISOString();
        const plain: RunEvent[] = [
            {schemaVersion: 1, runId: run.id, seq: 2, type: 'step-done', userId: RM, at, source: 'rhs', stepId: 'fixes-merged'},
            {schemaVersion: 1, runId: run.id, seq: 3, type: 'step-undone', userId: RM, at, source: 'rhs', stepId: 'fixes-merged'},
            {schemaVersion: 1, runId: run.id, seq: 4, type: 'step-note', userId: RM, at, source: 'rhs', stepId: 'fixes-merged', data: {text: 'x'}},
        ];
        await features.onRunEvents(lazy('plain'), plain);
        expect(reads).toEqual([]);
        await features.onRunEvents(lazy('evidence'), [{...plain[0], seq: 5, postId: 'p'.repeat(26)}]);
        expect(reads).toEqual(['evidence']);
        await features.deactivate();
    });

    it('/release announce posts in the announcements channel and closes the step with the notice as evidence', async () => {
        const {h, features} = setup();
        await features.activate();
        const run = await h.service.startRun(RM, startInput(), 'rhs');
        const reply = await features.executeCommand({command: '/release announce 1', userId: RM, channelId: CHANNEL, teamId: 'team1'});
        expect(reply.text).toContain('posted the announcement');
        const posts = [...h.platform.posts.values()];
        const announcement = posts.find((p) => p.channelId === ANN);
        expect(announcement?.message).toContain('Security release 1.1.1 on Fri 2026-03-13');
        const step = (await h.service.getRun(RM, run.id)).steps.find((s) => s.id === 'fixes-merged')!;
        expect(step.state).toBe('done');
        const evidence = h.platform.posts.get(step.evidence[0].postId)!;
        expect(evidence.channelId).toBe(CHANNEL);
        expect(evidence.message).toContain(announcement!.id);
    });

    it('serves step and role autocomplete lists to members only', async () => {
        const {h, features} = setup();
        await features.activate();
        await h.service.startRun(RM, startInput(), 'rhs');
        const steps = await serve(features, RM, `/api/v1/autocomplete/steps?channel_id=${CHANNEL}&parsed=${encodeURIComponent('/release done ')}`);
        expect(steps.handled).toBe(true);
        const items = JSON.parse(steps.body) as {Item: string; Hint: string}[];
        expect(items.length).toBeGreaterThan(0);
        expect(items.map((i) => i.Hint)).toContain('Merge the fixes');
        const roles = JSON.parse((await serve(features, RM, `/api/v1/autocomplete/roles?channel_id=${CHANNEL}`)).body) as {Item: string}[];
        expect(roles.map((r) => r.Item)).toContain('qa');
        expect(JSON.parse((await serve(features, OUTSIDER, `/api/v1/autocomplete/steps?channel_id=${CHANNEL}`)).body)).toEqual([]);
        expect(JSON.parse((await serve(features, RM, '/api/v1/autocomplete/steps?channel_id=../../x')).body)).toEqual([]);
        expect((await serve(features, RM, '/api/v1/runs')).handled).toBe(false);
    });

    it('offers `--if <condition>=yes|no` of the template /release start uses, to members only, as a named argument after the positional ones', async () => {
        const {h, features} = setup();
        await features.activate();
        const start = (h.platform.commands[0].autocompleteData as AutocompleteData).SubCommands.find((s) => s.Trigger === 'start')!;
        expect(start.Arguments.map((a) => [a.Name, a.Type, a.Required])).toEqual([['', 'TextInput', true], ['', 'TextInput', true], ['if', 'DynamicList', false]]);
        const answers = JSON.parse((await serve(features, RM, `/api/v1/autocomplete/conditions?channel_id=${CHANNEL}`)).body) as {Item: string; Hint: string}[];
        expect(answers.map((a) => a.Item)).toEqual(['regular-release=yes', 'regular-release=no']);
        expect(answers[0].Hint).toBe('Does the dot release coincide with a regular release?');
        expect(JSON.parse((await serve(features, OUTSIDER, `/api/v1/autocomplete/conditions?channel_id=${CHANNEL}`)).body)).toEqual([]);
    });

    it('answers /release status before and after activation without crashing', async () => {
        const {features} = setup();
        const reply = await features.executeCommand({command: '/release status', userId: RM, channelId: CHANNEL, teamId: 'team1'});
        expect(reply.responseType).toBe('ephemeral');
        expect(reply.text).toMatch(/no release run/);
    });
});
