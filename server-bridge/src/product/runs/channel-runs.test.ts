// Several runs in one channel: a second active run of the same version is refused, and a
// new run that becomes current while others are active tells the channel so.
import {ReleaseBot} from '../bot/release-bot';
import type {Run, RunEvent} from '../model';
import {CHANNEL, RM, makeHarness, startInput} from '../testing/service-harness';
import {RunService} from './service';
import {ActionError} from './errors';

describe('runs in one channel', () => {
    it('refuses a second active run of the same version, naming the existing run, and stores nothing', async () => {
        const h = makeHarness();
        const first = await h.service.startRun(RM, startInput(), 'rhs');
        const before = h.platform.kv.size();
        const err = await h.service.startRun(RM, startInput(), 'rhs').then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(ActionError);
        expect((err as ActionError).kind).toBe('conflict');
        expect((err as ActionError).message).toContain('release 1.1.1 is already active in this channel');
        expect((err as ActionError).message).toContain(first.id);
        expect(h.platform.kv.size()).toBe(before);
        expect((await h.service.listRuns(RM, CHANNEL)).runs).toHaveLength(1);
    });

    it('allows the same version again once the first run is finished', async () => {
        const h = makeHarness();
        const first = await h.service.startRun(RM, startInput(), 'rhs');
        await h.service.finish(RM, first.id, 'rhs');
        const again = await h.service.startRun(RM, startInput(), 'rhs');
        expect(again.version).toBe('1.1.1');
    });

    it('says in the bot summary that another active run is still open when a new one becomes current', async () => {
        const h = makeHarness();
        const posts: string[] = [];
        const bot = new ReleaseBot({
            ...h.platform,
            kv: h.platform.kv, log: h.platform.log,
            getUser: (id) => h.platform.getUser(id),
            getPost: (id) => h.platform.getPost(id),
            createPost: async (p) => {
                posts.push(p.message);
                return {...p, id: `post${posts.length}`};
            },
        }, () => 'bot');
        const service = new RunService({
            api: h.platform, runs: h.runs, templates: h.templates, settings: () => h.settings, now: () => h.clock.now,
            onEvents: (run: Run, events: RunEvent[]) => bot.onRunEvents(run, events),
        });
        await service.startRun(RM, startInput(), 'rhs');
        expect(posts[0]).not.toMatch(/still active/);
        const second = await service.startRun(RM, startInput({version: '1.1.2'}), 'rhs');
        expect((await service.listRuns(RM, CHANNEL)).currentRunId).toBe(second.id);
        expect(posts[1]).toContain('Release 1.1.2 has started');
        expect(posts[1]).toContain('This is now the channel\'s current release; release 1.1.1 is still active.');
    });
});
