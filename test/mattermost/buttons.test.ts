// The step buttons and the live status post on a real Mattermost server: a reminder DM's
// "Done" clicked through Mattermost's own POST /api/v4/posts/{post_id}/actions/{action_id}
// (the server calls the plugin with the clicker's identity and applies its answer), "Skip…"
// through the dialog Mattermost opens and submits, and the status post pinned with the real
// API, then edited by the plugin as the run moves and still pinned.
import {DateTime} from 'luxon';
import type {Post} from '@mattermost/types/posts';
import type {Run} from '../../server-bridge/src/product/model';
import type {RunDelta} from '../../server-bridge/src/product/runs/service';
import {adminToken, deploy, makeDist} from './install';
import {callPlugin, connect, disconnectAll, seedRelease, waitForEvent, type Person, type Release} from './people';
import {buildMattermost, startMattermost, startPostgres, type MattermostProcess, type Postgres} from './server';

jest.setTimeout(120_000);

let pg: Postgres;
let mm: MattermostProcess;
let rel: Release;
let run: Run;
let dm: Post;

interface Card {
    text: string;
    actions?: Array<{id: string; name: string}>;
}

/** The next Monday-to-Friday day after today (UTC): the run's T-4 steps are then overdue. */
function nextWorkingDay(): string {
    let day = DateTime.utc().startOf('day').plus({days: 1});
    while (day.weekday > 5) {
        day = day.plus({days: 1});
    }
    return day.toISODate() as string;
}

const p = (name: keyof Release['people']): Person => rel.people[name];

async function api<T = Run>(who: Person, method: string, route: string, body?: unknown, status = 200): Promise<T> {
    const res = await callPlugin<T>(mm.url, who, method, `/api/v1${route}`, body);
    if (res.status !== status) {
        throw new Error(`${method} ${route} as ${who.name}: HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    return res.body;
}

const cards = (post: Post): Card[] => ((post.props as {attachments?: Card[]}).attachments ?? []);
const stepOf = (r: Run, id: string) => r.steps.find((s) => s.id === id);

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const got = await probe();
        if (got !== null) {
            return got;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await new Promise((r) => setTimeout(r, 200));
    }
}

beforeAll(async () => {
    const build = buildMattermost(process.env.MM_VARIANT ?? '', (line) => process.stdout.write(`${line}\n`));
    pg = await startPostgres();
    mm = await startMattermost({build, postgres: pg});
    rel = await seedRelease(mm.url);
    makeDist();
    await deploy(mm.url, await adminToken(p('admin')), p('admin'));
    await connect(mm.url, p('dan'));
}, 1_200_000);

afterAll(async () => {
    if (rel) {
        disconnectAll(rel.people);
    }
    await mm?.stop();
    await pg?.stop();
}, 60_000);

describe('reminder buttons on a real server', () => {
    test('Rita starts a release due tomorrow and sends the reminders now; Dan gets a DM with a card per step', async () => {
        run = await api(p('rita'), 'POST', '/runs', {
            channelId: rel.channel.id, templateId: 'security-release', version: '4.0.1', releaseDay: nextWorkingDay(), timeZone: 'UTC',
            roles: rel.roles, conditions: {'during-regular-release': false, 'researcher-needs-mug': false}, issues: [],
        }, 201);
        // Only a run's manager may send reminders.
        await api(p('dan'), 'POST', `/runs/${run.id}/remind`, {}, 403);
        const {sent} = await api<{sent: number}>(p('rita'), 'POST', `/runs/${run.id}/remind`, {});
        expect(sent).toBeGreaterThan(0);
        const bot = await p('dan').client.getUserByUsername('release-checklist');
        const channel = await p('dan').client.createDirectChannel([p('dan').user.id, bot.id]);
        dm = await until('the reminder DM', async () => {
            const list = await p('dan').client.getPosts(channel.id);
            return Object.values(list.posts).find((x) => cards(x).length > 0) ?? null;
        });
        expect(dm.message).toContain('Release 4.0.1: your steps for today');
        expect(cards(dm)[0].text).toContain('Open the hotfix pull requests');
        expect(cards(dm)[0].actions?.map((a) => [a.id, a.name])).toEqual([['done0', 'Done'], ['skip0', 'Skip…'], ['snooze0', 'Snooze to tomorrow']]);
        expect(cards(dm)[0].text).toMatch(/\[Open the checklist\]\(http:\/\/[^)]+\/release\/pl\/[a-z0-9]{26}\)$/);
    });

    test('Dan clicks Done through Mattermost: the step is done by him and the DM shows it, buttons gone', async () => {
        await p('dan').client.doPostAction(dm.id, 'done0');
        const after = await api(p('rita'), 'GET', `/runs/${run.id}`);
        expect(stepOf(after, 'hotfix-prs')).toMatchObject({state: 'done', closedBy: p('dan').user.id});
        const post = await p('dan').client.getPost(dm.id);
        expect(cards(post)[0].text).toMatch(/Done by @dan at \d\d:\d\d UTC/);
        expect(cards(post)[0].actions ?? []).toEqual([]);
        expect(cards(post)[1].actions?.length).toBe(3);
        expect(post.message).toBe(dm.message);
        // A second click on the same button: the server no longer finds it; nothing changes.
        await expect(p('dan').client.doPostAction(dm.id, 'done0')).rejects.toMatchObject({status_code: 404});
        expect((await api(p('rita'), 'GET', `/runs/${run.id}`)).revision).toBe(after.revision);
    });

    test('Skip… opens the dialog Mattermost shows; its submission skips the step with the reason', async () => {
        const from = p('dan').events.length;
        await p('dan').client.doPostAction(dm.id, 'skip1');
        const opened = await waitForEvent(p('dan'), (e) => e.event === 'open_dialog', 10_000, from);
        const request = JSON.parse(String(opened.data.dialog)) as {url: string; dialog: {callback_id: string; state: string; elements: Array<{name: string}>}};
        expect(request.dialog.elements.map((e) => e.name)).toEqual(['reason']);
        // As the web and mobile apps do: a DM has no team, so the current team is sent (the
        // server refuses an empty team id).
        await p('dan').client.submitInteractiveDialog({
            url: request.url, callback_id: request.dialog.callback_id, state: request.dialog.state,
            submission: {reason: 'reviewed in the hotfix PRs'}, channel_id: dm.channel_id, team_id: rel.team.id, user_id: p('dan').user.id, cancelled: false,
        } as never);
        const after = await api(p('rita'), 'GET', `/runs/${run.id}`);
        expect(stepOf(after, 'review-release-prs')).toMatchObject({state: 'skipped', skipReason: 'reviewed in the hotfix PRs', closedBy: p('dan').user.id});
        const post = await p('dan').client.getPost(dm.id);
        expect(cards(post)[1].text).toContain('Skipped by @dan');
    });

    test('the status post, pinned with the real API, is edited in place as the run moves and stays pinned', async () => {
        const channelPosts = async () => Object.values((await p('rita').client.getPosts(rel.channel.id)).posts)
            .filter((x) => (x.props as {release_checklist?: {kind?: string; runId?: string}}).release_checklist?.kind === 'status');
        const [status] = await channelPosts();
        expect(status.message).toContain('#### Release 4.0.1 status');
        await p('rita').client.pinPost(status.id);
        const before = await p('rita').client.getPost(status.id);
        expect(before.is_pinned).toBe(true);
        // A step action answers what changed (RunDelta), with the run's new progress.
        const moved = (await api<RunDelta>(p('dan'), 'POST', `/runs/${run.id}/steps/tag-and-build/done`, {})).progress;
        const edited = await until('the status post edit', async () => {
            const post = await p('rita').client.getPost(status.id);
            return post.message.includes(`**Progress**: ${moved.done} of ${moved.total} done, ${moved.skipped} skipped`) ? post : null;
        });
        expect(edited.is_pinned).toBe(true);
        expect(edited.edit_at).toBeGreaterThan(0);
        expect(await channelPosts()).toHaveLength(1);
        const pinned = await p('rita').client.getPinnedPosts(rel.channel.id);
        expect(pinned.order).toContain(status.id);
    });

    test('a click after the run finished changes nothing', async () => {
        await api(p('rita'), 'POST', `/runs/${run.id}/finish`, {});
        const finished = await api(p('rita'), 'GET', `/runs/${run.id}`);
        await p('dan').client.doPostAction(dm.id, 'done2');
        expect((await api(p('rita'), 'GET', `/runs/${run.id}`)).revision).toBe(finished.revision);
        // The card keeps its buttons: the run's state did not change through it.
        expect(cards(await p('dan').client.getPost(dm.id))[2].actions?.length).toBe(3);
    });
});
