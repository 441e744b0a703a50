import type {PlatformApi, PlatformPost} from '../platform';
import {MemoryKV} from '../store/memory-kv';
import {scriptedEvents, scriptedRun, userMap} from '../report/test-fixtures';
import {BOT_ACCOUNT, botIconPng, ensureReleaseBot} from './account';
import {ReleaseBot, type BotApi} from './release-bot';

function fakeApi(posts: Record<string, PlatformPost> = {}): BotApi & {created: PlatformPost[]; warnings: string[]} {
    const users = userMap();
    const created: PlatformPost[] = [];
    const warnings: string[] = [];
    return {
        created,
        warnings,
        kv: new MemoryKV(),
        log: {debug: () => undefined, info: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m)},
        getUser: async (id) => users.get(id) ?? null,
        getPost: async (id) => posts[id] ?? null,
        createPost: async (post) => {
            const saved = {...post, id: `new${created.length + 1}`};
            created.push(saved);
            return saved;
        },
    };
}

describe('bot account', () => {
    it('is ensured with its name, description and a PNG icon, and the returned id is used', async () => {
        const calls: Parameters<PlatformApi['ensureBot']>[0][] = [];
        const id = await ensureReleaseBot({ensureBot: async (bot) => {
            calls.push(bot);
            return 'botid';
        }});
        expect(id).toBe('botid');
        expect(calls).toHaveLength(1);
        expect(calls[0].username).toBe(BOT_ACCOUNT.username);
        expect(calls[0].description).toMatch(/reminders/);
        // PNG signature.
        expect([...botIconPng().slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    });

    it('fails clearly when no id comes back', async () => {
        await expect(ensureReleaseBot({ensureBot: async () => ''})).rejects.toThrow(/no user id/);
    });
});

describe('release bot', () => {
    it('posts the run summary as the bot when a run is created, with phases, roles and issues', async () => {
        const api = fakeApi();
        const bot = new ReleaseBot(api, () => 'bot');
        const run = scriptedRun();
        await bot.onRunEvent(scriptedEvents()[0], run);
        expect(api.created).toHaveLength(1);
        const post = api.created[0];
        expect(post.userId).toBe('bot');
        expect(post.channelId).toBe(run.channelId);
        expect(post.message).toContain('Release 1.1.1 has started');
        expect(post.message).toContain('@rita');
        expect(post.message).toContain('A. Code complete | T-4 Wed 2024-03-06 | 3');
        // Phase C holds two steps, one of them for a condition the run answered no.
        expect(post.message).toMatch(/C\. Release candidate testing \| T-2 [^|]+ \| 1 \|/);
        expect(post.message).toContain('https://issues.example.com/MM-1');
        expect(await bot.summaryPostId(run.id)).toBe('new1');
    });

    it('replies in the root thread of an evidence post, naming the step and the user', async () => {
        const api = fakeApi({
            ev1: {id: 'ev1', channelId: 'chan1', userId: 'u-dev', message: 'chef issue opened', rootId: 'root9'},
        });
        const bot = new ReleaseBot(api, () => 'bot');
        const event = scriptedEvents()[6];
        await bot.onRunEvent({...event, postId: 'ev1'}, scriptedRun());
        expect(api.created).toEqual([expect.objectContaining({
            channelId: 'chan1', rootId: 'root9', userId: 'bot',
            message: expect.stringContaining('#7.1 **Chef Cookbook issue** marked done by @dave'),
        })]);
    });

    it('stays silent for step-done without a post, for its own posts, and for unknown posts', async () => {
        const api = fakeApi({own: {id: 'own', channelId: 'ann', userId: 'bot', message: 'announcement'}});
        const bot = new ReleaseBot(api, () => 'bot');
        const event = scriptedEvents()[6];
        await bot.onRunEvent({...event, postId: undefined}, scriptedRun());
        await bot.onRunEvent({...event, postId: 'own'}, scriptedRun());
        await bot.onRunEvent({...event, postId: 'missing'}, scriptedRun());
        expect(api.created).toHaveLength(0);
    });

    it('logs a failed post instead of failing the action that caused it', async () => {
        const api = fakeApi();
        api.createPost = async () => {
            throw new Error('channel archived');
        };
        const bot = new ReleaseBot(api, () => 'bot');
        await expect(bot.onRunEvent(scriptedEvents()[0], scriptedRun())).resolves.toBeUndefined();
        expect(api.warnings).toHaveLength(1);
    });
});
