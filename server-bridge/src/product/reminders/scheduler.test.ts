import {DateTime} from 'luxon';
import type {Run} from '../model';
import type {Logger, PlatformPost} from '../platform';
import {scriptedRun, userMap} from '../report/test-fixtures';
import {FakeClock} from './fake-clock';
import {ReminderScheduler, type ReminderSettings} from './scheduler';
import {MemoryKV} from '../store/memory-kv';
import {markerKey, runDayKey} from './sent-markers';

const TICK = 15 * 60_000;
const quiet: Logger = {debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined};

interface Sent {
    post: PlatformPost;
    at: number;
    instance: string;
}

function flush(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
}

function berlinRun(): Run {
    const run = scriptedRun();
    return {...run, id: 'run2', channelId: 'chan2', timeZone: 'Europe/Berlin'};
}

class World {
    readonly clock: FakeClock;
    readonly kv: MemoryKV;
    readonly sent: Sent[] = [];
    settings: ReminderSettings = {enabled: true, hour: 9};
    runs: Run[];
    readonly schedulers: ReminderScheduler[] = [];

    constructor(startIso: string, runs: Run[]) {
        this.clock = new FakeClock(Date.parse(startIso));
        this.kv = new MemoryKV(() => this.clock.now());
        this.runs = runs;
    }

    instance(id: string, hangAfterPosts = Infinity): ReminderScheduler {
        let posted = 0;
        const users = userMap();
        const scheduler = new ReminderScheduler({
            api: {
                kv: this.kv,
                getUser: async (uid) => users.get(uid) ?? null,
                getDirectChannel: async (_bot, uid) => ({id: `dm-${uid}`, teamId: '', name: '', displayName: '', type: 'D'}),
                createPost: async (post) => {
                    if (posted >= hangAfterPosts) {
                        // The process died here: the post never reaches Mattermost and nothing after it runs.
                        return new Promise<PlatformPost>(() => undefined);
                    }
                    posted++;
                    this.sent.push({post, at: this.clock.now(), instance: id});
                    return {...post, id: `p${this.sent.length}`};
                },
            },
            log: quiet,
            clock: this.clock,
            instanceId: id,
            listActiveRuns: async () => this.runs,
            settings: async () => this.settings,
            botUserId: () => 'bot',
            channelLink: async (run) => ({markdown: `~${run.channelId}`}),
            tickMs: TICK,
            leaseMs: 5 * 60_000,
        });
        this.schedulers.push(scheduler);
        scheduler.start();
        return scheduler;
    }

    async advanceTo(iso: string): Promise<void> {
        await this.clock.advanceTo(Date.parse(iso), async () => {
            for (let i = 0; i < 20; i++) await flush();
        });
    }

    dms(): Sent[] {
        return this.sent.filter((s) => s.post.channelId.startsWith('dm-'));
    }

    digests(): Sent[] {
        return this.sent.filter((s) => !s.post.channelId.startsWith('dm-'));
    }

    stopAll(): void {
        this.schedulers.forEach((s) => void s.stop());
    }
}

function local(at: number, zone: string): DateTime {
    return DateTime.fromMillis(at, {zone});
}

/** (run, channel, local day) -> number of posts, to check "once per recipient per day". */
function countPerDay(sent: Sent[], zoneOf: (s: Sent) => string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const s of sent) {
        const runId = (s.post.props?.release_checklist as {runId: string} | undefined)?.runId;
        const key = `${runId}:${s.post.channelId}@${local(s.at, zoneOf(s)).toISODate()}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
}

function zoneOfPost(runs: Run[]): (s: Sent) => string {
    return (s) => {
        const meta = s.post.props?.release_checklist as {runId: string} | undefined;
        return runs.find((r) => r.id === meta?.runId)?.timeZone ?? 'UTC';
    };
}

describe('reminder scheduler', () => {
    it('sends at the configured hour in each run zone, across the US daylight-saving change', async () => {
        // Toronto switches to EDT on Sunday 2024-03-10; Berlin stays on CET until March 31.
        const world = new World('2024-03-07T06:00:00Z', [scriptedRun(), berlinRun()]);
        world.instance('a');
        await world.advanceTo('2024-03-12T23:59:00Z');
        world.stopAll();

        const zoneOf = zoneOfPost(world.runs);
        expect(world.sent.length).toBeGreaterThan(0);
        for (const s of world.sent) {
            const t = local(s.at, zoneOf(s));
            expect(t.hour).toBe(9);
            expect(t.minute).toBeLessThan(15);
        }
        const torontoDigests = world.digests().filter((s) => s.post.channelId === 'chan1').map((s) => new Date(s.at).toISOString());
        expect(torontoDigests).toContain('2024-03-08T14:00:00.000Z'); // 09:00 EST
        expect(torontoDigests).toContain('2024-03-11T13:00:00.000Z'); // 09:00 EDT
        const berlinDigests = world.digests().filter((s) => s.post.channelId === 'chan2').map((s) => new Date(s.at).toISOString());
        expect(berlinDigests).toContain('2024-03-08T08:00:00.000Z');
        expect(berlinDigests).toContain('2024-03-11T08:00:00.000Z');
        // One digest per run per local day, every day including the weekend of the DST change.
        expect(torontoDigests).toHaveLength(6);
        expect(berlinDigests).toHaveLength(6);
    });

    it('sends each owner one DM a day listing exactly their due-today and overdue steps', async () => {
        const world = new World('2024-03-08T13:00:00Z', [scriptedRun()]);
        world.instance('a');
        await world.advanceTo('2024-03-08T20:00:00Z');
        world.stopAll();
        const byUser = new Map(world.dms().map((s) => [s.post.channelId, s.post.message]));
        // Friday 2024-03-08 in Toronto: 'verify-rc' (Build, due Thursday) is overdue, 'test-rc' (QA) due today.
        expect([...byUser.keys()].sort()).toEqual(['dm-u-build', 'dm-u-qa']);
        expect(byUser.get('dm-u-build')).toContain('Verify with Release Manager');
        expect(byUser.get('dm-u-build')).toContain('**overdue**');
        expect(byUser.get('dm-u-qa')).toContain('Test the new RC');
        expect(byUser.get('dm-u-qa')).not.toContain('Update prev.test'); // condition answered no
        expect(byUser.get('dm-u-qa')).toContain('~chan1');
        expect(world.dms().every((s) => s.post.userId === 'bot')).toBe(true);
        expect(world.digests()).toHaveLength(1);
        expect(world.digests()[0].post.message).toContain('**Overdue**');
    });

    it('sends nothing before the hour, and nothing when reminders are disabled', async () => {
        const world = new World('2024-03-08T05:00:00Z', [scriptedRun()]);
        world.instance('a');
        await world.advanceTo('2024-03-08T13:59:00Z');
        expect(world.sent).toHaveLength(0);
        world.settings = {enabled: false, hour: 9};
        await world.advanceTo('2024-03-08T23:00:00Z');
        world.stopAll();
        expect(world.sent).toHaveLength(0);
    });

    it('sends exactly once with two instances sharing one KV', async () => {
        const world = new World('2024-03-07T06:00:00Z', [scriptedRun(), berlinRun()]);
        world.instance('server-1');
        world.instance('server-2');
        await world.advanceTo('2024-03-12T23:59:00Z');
        world.stopAll();
        const counts = countPerDay(world.sent, zoneOfPost(world.runs));
        expect(counts.size).toBeGreaterThan(10);
        for (const [key, n] of counts) {
            expect(`${key}: ${n}`).toBe(`${key}: 1`);
        }
    });

    it('resumes after a restart in the middle: the rest is sent, nothing is repeated', async () => {
        const world = new World('2024-03-08T13:45:00Z', [scriptedRun()]);
        // The first instance sends one DM and dies while sending the second, holding the lease.
        world.instance('before-restart', 1);
        await world.advanceTo('2024-03-08T14:00:00Z');
        expect(world.sent).toHaveLength(1);
        // The plugin restarts (a new instance id); it waits for the dead holder's lease to expire.
        world.schedulers[0].stop();
        world.instance('after-restart');
        await world.advanceTo('2024-03-08T14:04:00Z');
        expect(world.sent).toHaveLength(1);
        await world.advanceTo('2024-03-08T16:00:00Z');
        world.stopAll();
        const counts = countPerDay(world.sent, zoneOfPost(world.runs));
        expect([...counts.keys()].sort()).toEqual(['run1:chan1@2024-03-08', 'run1:dm-u-build@2024-03-08', 'run1:dm-u-qa@2024-03-08']);
        expect([...counts.values()].every((n) => n === 1)).toBe(true);
        expect(world.sent.slice(1).every((s) => s.instance === 'after-restart')).toBe(true);
    });

    it('retries a failed send on the next tick without repeating what went out', async () => {
        const world = new World('2024-03-08T13:45:00Z', [scriptedRun()]);
        const s = world.instance('a');
        let failures = 1;
        const api = (s as unknown as {deps: {api: {createPost: (p: PlatformPost) => Promise<PlatformPost>}}}).deps.api;
        const real = api.createPost;
        api.createPost = async (p) => {
            if (p.channelId === 'dm-u-qa' && failures-- > 0) throw new Error('server busy');
            return real(p);
        };
        await world.advanceTo('2024-03-08T14:00:00Z');
        expect(world.dms().map((d) => d.post.channelId)).toEqual(['dm-u-build']);
        await world.advanceTo('2024-03-08T15:00:00Z');
        world.stopAll();
        const counts = countPerDay(world.sent, zoneOfPost(world.runs));
        expect(counts.get('run1:dm-u-qa@2024-03-08')).toBe(1);
        expect(counts.get('run1:dm-u-build@2024-03-08')).toBe(1);
        expect(counts.get('run1:chan1@2024-03-08')).toBe(1);
    });

    it('does not post again when the sent marker could not be written after the post; it writes the marker next tick', async () => {
        const world = new World('2024-03-08T13:45:00Z', [scriptedRun()]);
        world.instance('a');
        const write = world.kv.setWithOptions.bind(world.kv);
        let refusals = 0;
        world.kv.setWithOptions = async (key, value, options) => {
            // The 'sent' write (no compare-and-set) of one reminder fails: KV was briefly unavailable.
            if (key === markerKey('run1', '2024-03-08', {kind: 'user', userId: 'u-qa'}) && !options.atomic && refusals++ === 0) {
                throw new Error('KV unavailable');
            }
            return write(key, value, options);
        };
        await world.advanceTo('2024-03-08T14:00:00Z');
        expect(refusals).toBe(1);
        await world.advanceTo('2024-03-08T16:00:00Z');
        world.stopAll();
        const counts = countPerDay(world.sent, zoneOfPost(world.runs));
        expect([...counts.entries()].sort()).toEqual([['run1:chan1@2024-03-08', 1], ['run1:dm-u-build@2024-03-08', 1], ['run1:dm-u-qa@2024-03-08', 1]]);
        expect(new TextDecoder().decode((await world.kv.get(markerKey('run1', '2024-03-08', {kind: 'user', userId: 'u-qa'})))!)).toContain('"state":"sent"');
        expect(await world.kv.get(runDayKey('run1', '2024-03-08'))).not.toBeNull();
    });

    it('survives garbage in its KV keys', async () => {
        const world = new World('2024-03-08T13:45:00Z', [scriptedRun()]);
        await world.kv.set('rem:lease', new TextEncoder().encode('not json'));
        await world.kv.set('rem:run1:2024-03-08:u:u-qa', new TextEncoder().encode('{"state":1}'));
        world.instance('a');
        await world.advanceTo('2024-03-08T15:00:00Z');
        world.stopAll();
        expect(world.dms().map((d) => d.post.channelId).sort()).toEqual(['dm-u-build', 'dm-u-qa']);
    });

    it('leaves out the day a run was started on when it started after the reminder hour in its zone', async () => {
        // Toronto, reminder hour 09:00 EST = 14:00Z. One run starts at 10:30 local (after the
        // hour), one at 08:00 local (before it).
        const late = {...scriptedRun(), id: 'late', channelId: 'late-chan', createdAt: '2024-03-07T15:30:00.000Z'};
        const early = {...scriptedRun(), id: 'early', channelId: 'early-chan', createdAt: '2024-03-07T13:00:00.000Z'};
        const world = new World('2024-03-07T13:00:00Z', [early]);
        world.instance('a');
        await world.advanceTo('2024-03-07T15:30:00Z');
        world.runs.push(late);
        await world.advanceTo('2024-03-07T23:59:00Z');
        const day1 = world.digests().map((s) => s.post.channelId);
        expect(day1).toEqual(['early-chan']);
        // The next morning both runs get their digest at 09:00 local.
        await world.advanceTo('2024-03-08T14:14:00Z');
        world.stopAll();
        const day2 = world.digests().filter((s) => s.at >= Date.parse('2024-03-08T00:00:00Z'));
        expect(day2.map((s) => s.post.channelId).sort()).toEqual(['early-chan', 'late-chan']);
        expect(day2.every((s) => local(s.at, 'America/Toronto').hour === 9)).toBe(true);
    });

    it('reminders carry a card with buttons per step; the digest only when the run turned channel buttons on', async () => {
        const plain = scriptedRun();
        const withButtons = {...berlinRun(), settings: {channelButtons: true}};
        const world = new World('2024-03-08T05:00:00Z', [plain, withButtons]);
        world.instance('a');
        await world.advanceTo('2024-03-08T20:00:00Z');
        world.stopAll();
        const cards = (s: Sent) => (s.post.props?.attachments as Array<{actions?: Array<{name: string}>}> | undefined) ?? [];
        expect(world.dms().length).toBeGreaterThan(0);
        for (const dm of world.dms()) {
            expect(cards(dm).length).toBeGreaterThan(0);
            expect(cards(dm)[0].actions?.map((a) => a.name)).toEqual(['Done', 'Skip…', 'Snooze to tomorrow']);
        }
        const digest = (channelId: string) => world.digests().find((s) => s.post.channelId === channelId) as Sent;
        expect(cards(digest('chan1'))).toEqual([]);
        expect(cards(digest('chan2')).length).toBeGreaterThan(0);
    });
});
