// Several runs in one channel: a second active run of the same version is refused, and a
// new run that becomes current while others are active tells the channel so.
import {ReleaseBot} from '../bot/release-bot';
import type {Run} from '../model';
import {ADMIN, CHANNEL, DEV, QA, RM, makeHarness, startInput} from '../testing/service-harness';
import {RunService} from './service';
import type {KVStore} from '../platform';
import type {MemoryPlatform} from '../testing/memory-platform';
import {CLAIM_PENDING_MS, KEY, RunRepository} from '../store';
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

    it('lets exactly one of several starts of the same version at the same moment through, also across servers', async () => {
        const h = makeHarness();
        const kv = h.platform.kv;
        // Every KV call takes a turn of the event loop, as a round trip to the server would.
        const read = kv.get.bind(kv);
        const write = kv.setWithOptions.bind(kv);
        kv.get = async (key) => {
            await new Promise((r) => setImmediate(r));
            return read(key);
        };
        kv.setWithOptions = async (key, value, options) => {
            await new Promise((r) => setImmediate(r));
            return write(key, value, options);
        };
        // A second server of the cluster: same KV, its own process (its own write queues).
        const serverB: KVStore = {
            get: (k) => kv.get(k), set: (k, v) => kv.set(k, v), setWithOptions: (k, v, o) => kv.setWithOptions(k, v, o),
            delete: (k) => kv.delete(k), listKeys: (p, n) => kv.listKeys(p, n),
        };
        const serviceB = new RunService({
            api: Object.assign(Object.create(h.platform) as MemoryPlatform, {kv: serverB}),
            runs: new RunRepository(serverB), templates: h.templates, settings: () => h.settings, now: () => h.clock.now,
        });
        await h.templates.list();
        const outcomes = await Promise.allSettled([
            h.service.startRun(RM, startInput(), 'rhs'), serviceB.startRun(RM, startInput(), 'rhs'),
            h.service.startRun(RM, startInput(), 'slash-command'), serviceB.startRun(RM, startInput(), 'api'),
        ]);
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as ActionError] : []));
        expect({won: won.length, refused: refused.map((e) => e.kind)}).toEqual({won: 1, refused: ['conflict', 'conflict', 'conflict']});
        for (const e of refused) {
            expect(e.message).toMatch(/^release 1\.1\.1 is (already active in this channel \(run \w+|being started in this channel right now)/);
        }
        expect((await h.service.listRuns(RM, CHANNEL)).runs.map((r) => r.version)).toEqual(['1.1.1']);
        // Once it is finished, the version is free again, on either server.
        await h.service.finish(RM, (won[0] as PromiseFulfilledResult<Run>).value.id, 'rhs');
        expect((await serviceB.startRun(RM, startInput(), 'rhs')).version).toBe('1.1.1');
    });

    it('takes over a claim whose start died before writing its run, once it is stale', async () => {
        const h = makeHarness();
        await h.platform.kv.set(KEY.version(CHANNEL, '1.1.1'), new TextEncoder().encode(JSON.stringify({runId: 'ghostrun', at: h.clock.now.getTime()})));
        const fresh = await h.service.startRun(RM, startInput(), 'rhs').then(() => null, (e: ActionError) => e.message);
        expect(fresh).toMatch(/being started in this channel right now/);
        h.clock.now = new Date(h.clock.now.getTime() + CLAIM_PENDING_MS + 1);
        expect((await h.service.startRun(RM, startInput(), 'rhs')).version).toBe('1.1.1');
    });

    it('lets only those who may manage a run make it the channel\'s current run (it changes what everyone sees)', async () => {
        const h = makeHarness();
        const first = await h.service.startRun(RM, startInput(), 'rhs');
        await h.service.startRun(DEV, startInput({version: '1.1.2', roles: {'release-manager': [QA]}}), 'rhs');
        const refused = await h.service.setCurrent(QA, first.id).then(() => null, (e: ActionError) => [e.kind, e.message]);
        expect(refused).toEqual(['forbidden', 'only the Release Manager, the person who started the run, or a system admin may do this']);
        expect((await h.service.listRuns(QA, CHANNEL)).currentRunId).not.toBe(first.id);
        for (const who of [RM, ADMIN]) {
            expect(await h.service.setCurrent(who, first.id)).toEqual({currentRunId: first.id});
        }
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
            onEvents: (change, events) => bot.onRunEvents(change, events),
        });
        await service.startRun(RM, startInput(), 'rhs');
        expect(posts[0]).not.toMatch(/still active/);
        const second = await service.startRun(RM, startInput({version: '1.1.2'}), 'rhs');
        expect((await service.listRuns(RM, CHANNEL)).currentRunId).toBe(second.id);
        expect(posts[1]).toContain('Release 1.1.2 has started');
        expect(posts[1]).toContain('This is now the channel\'s current release; release 1.1.1 is still active.');
    });
});
