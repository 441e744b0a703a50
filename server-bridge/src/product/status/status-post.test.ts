// The live status post: posted once when a run starts, then edited (never re-posted) as the
// run moves, keeping its pin; bursts of changes become one edit per coalescing window.
import {ReleaseFeatures} from '../bot/features';
import type {PlatformPost} from '../platform';
import {FakeClock} from '../reminders/fake-clock';
import {sampleTemplate} from '../testing/fixtures';
import {CHANNEL, DEV, RM, makeHarness, startInput} from '../testing/service-harness';

const WINDOW = 3000;

async function settle(): Promise<void> {
    for (let i = 0; i < 20; i++) {
        await new Promise((resolve) => setImmediate(resolve));
    }
}

async function world(template = sampleTemplate(), startAt?: string) {
    let features: ReleaseFeatures | null = null;
    const h = makeHarness({template, onEvents: (run, events) => features?.onRunEvents(run, events) ?? Promise.resolve()});
    if (startAt) {
        h.clock.now = new Date(startAt);
    }
    const fake = new FakeClock(h.clock.now.getTime());
    // The harness's clock and the timers' clock move together.
    const clock = {
        now: () => fake.now(), setTimeout: fake.setTimeout.bind(fake), clearTimeout: fake.clearTimeout.bind(fake),
    };
    features = new ReleaseFeatures({api: h.platform, service: h.service, settings: () => h.settings, now: () => new Date(fake.now()), clock, instanceId: 't', statusCoalesceMs: WINDOW});
    await features.activate();
    const run = await h.service.startRun(RM, startInput(), 'rhs');
    const statusPosts = (): PlatformPost[] => [...h.platform.posts.values()].filter((p) => (p.props?.release_checklist as {kind?: string} | undefined)?.kind === 'status');
    const advance = async (ms: number) => {
        await fake.advanceTo(fake.now() + ms, settle);
        h.clock.now = new Date(fake.now());
    };
    return {h, features, run, statusPosts, advance, fake};
}

describe('the live status post', () => {
    it('is posted once when the run starts, then edited in place and still pinned as the run moves', async () => {
        const w = await world();
        expect(w.statusPosts()).toHaveLength(1);
        const [post] = w.statusPosts();
        expect(post.channelId).toBe(CHANNEL);
        expect(post.message).toContain('#### Release 1.1.1 status');
        expect(post.message).toContain('**Release day (T-0)**: Fri 2026-03-13');
        expect(post.message).toContain('0 of 8 done');
        expect(post.message).toMatch(/\*\*Next milestone\*\*: A\. Code complete \(T-4, Mon 2026-03-09\)/);
        w.h.platform.pin(post.id as string);

        await w.h.service.markDone(DEV, w.run.id, 'fixes-merged', {source: 'rhs'});
        await w.advance(WINDOW);
        const after = w.h.platform.posts.get(post.id as string) as PlatformPost;
        expect(w.statusPosts()).toHaveLength(1);
        expect(w.h.platform.edits.map((e) => e.postId)).toEqual([post.id]);
        expect(after.message).toContain('1 of 8 done');
        expect(after.message).toMatch(/\| A\. Code complete \| T-4 Mon 2026-03-09 \| 1 of 2 \|/);
        expect(after.isPinned).toBe(true);

        await w.h.service.finish(RM, w.run.id, 'rhs');
        await w.advance(WINDOW);
        const finished = w.h.platform.posts.get(post.id as string) as PlatformPost;
        expect(finished.message).toContain('#### Release 1.1.1 status (finished)');
        expect(finished.isPinned).toBe(true);
        expect(w.statusPosts()).toHaveLength(1);
    });

    it('coalesces a burst of changes into one edit per window, showing the latest state', async () => {
        const w = await world();
        const [post] = w.statusPosts();
        for (let i = 0; i < 15; i++) {
            await w.h.service.addNote(DEV, w.run.id, 'cut-rc', `note ${i}`, 'rhs');
        }
        await w.h.service.markDone(DEV, w.run.id, 'fixes-merged', {source: 'rhs'});
        await w.h.service.markDone(DEV, w.run.id, 'cut-rc', {source: 'rhs'});
        await w.advance(WINDOW - 1);
        expect(w.h.platform.edits).toHaveLength(0);
        await w.advance(1);
        expect(w.h.platform.edits).toHaveLength(1);
        expect(w.h.platform.posts.get(post.id as string)?.message).toContain('2 of 8 done');
        // Changes spread over a longer time: still at most one edit per window.
        const editTimes: number[] = [];
        const update = w.h.platform.updatePost.bind(w.h.platform);
        w.h.platform.updatePost = async (p) => {
            editTimes.push(w.fake.now());
            return update(p);
        };
        for (let i = 0; i < 10; i++) {
            // Each change changes the text: the approval step ticked, then reopened.
            await (i % 2 === 0 ? w.h.service.markDone(RM, w.run.id, 'approve-rc', {source: 'rhs'}) : w.h.service.undo(RM, w.run.id, 'approve-rc', 'rhs'));
            await w.advance(1000);
        }
        await w.advance(WINDOW);
        expect(editTimes.length).toBeGreaterThanOrEqual(3);
        expect(editTimes.slice(1).map((t, i) => t - editTimes[i]).every((gap) => gap >= WINDOW)).toBe(true);
        expect(w.statusPosts()).toHaveLength(1);
    });

    it('deactivation clears the pending edit; nothing fires afterwards', async () => {
        const w = await world();
        await w.h.service.markDone(DEV, w.run.id, 'fixes-merged', {source: 'rhs'});
        await w.features.deactivate();
        await w.advance(WINDOW * 10);
        expect(w.h.platform.edits).toHaveLength(0);
        expect(w.h.platform.logs.filter((l) => l.level !== 'debug' && l.level !== 'info')).toEqual([]);
    });

    it('never pings: @channel in a step title is neutralised and owners are named without @', async () => {
        const template = sampleTemplate();
        template.phases[0].steps[0].title = 'Tell @channel and @here about <b>it</b>';
        // On T-4 the step is due today, so it is listed with its owner.
        const w = await world(template, '2026-03-09T12:00:00Z');
        await w.h.service.addNote(RM, w.run.id, 'cut-rc', 'x', 'rhs');
        await w.advance(WINDOW);
        const message = w.statusPosts()[0].message;
        expect(message).toContain('**Due today**');
        expect(message).not.toMatch(/@(channel|here|all)\b/);
        expect(message).toContain('@\u200bchannel');
        expect(message).not.toMatch(/@devuser/);
        expect(message).toContain('devuser');
    });

    it('a failed edit is logged once and not retried in a loop', async () => {
        const w = await world();
        w.h.platform.updatePost = async () => {
            throw new Error('server busy');
        };
        await w.h.service.markDone(DEV, w.run.id, 'fixes-merged', {source: 'rhs'});
        await w.advance(WINDOW * 20);
        expect(w.h.platform.logs.filter((l) => l.message.startsWith('status post: could not edit'))).toHaveLength(1);
    });
});
