import {ActionError, NO_ACCESS} from './errors';
import {ADMIN, CHANNEL, DEV, OUTSIDER, QA, RM, makeHarness, startInput, type Harness} from '../testing/service-harness';
import type {Run} from '../model';
import type {KVStore} from '../platform';
import {RECENT_NOTES_MAX, RunRepository} from '../store';
import {EVENTS_PER_CHUNK} from '../store/records';
import {RunService, type RunDelta} from './service';
import {progressOf} from '../progress';
import {exampleDay} from '../commands/example-day';

async function refused(p: Promise<unknown>, kind: string, pattern?: RegExp): Promise<ActionError> {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as ActionError).kind).toBe(kind);
    if (pattern) {
        expect((err as ActionError).message).toMatch(pattern);
    }
    return err as ActionError;
}

describe('RunService', () => {
    let h: Harness;
    let run: Run;
    beforeEach(async () => {
        h = makeHarness();
        run = await h.service.startRun(RM, startInput(), 'rhs');
    });

    it('creates a run from the template with due times, conditions and an event', async () => {
        expect(run.version).toBe('1.1.1');
        expect(run.steps.map((s) => s.id)).toEqual([
            'fixes-merged', 'merge-back', 'tell-regular', 'approve-rc', 'cut-rc', 'installers', 'installers/puppet', 'installers/chef', 'blog',
        ]);
        // T-4 working days before Friday 2026-03-13 is Monday 2026-03-09, 17:00 UTC.
        expect(run.steps[0].dueAt).toBe('2026-03-09T17:00:00.000Z');
        // The blog post: the day after T-0 at 08:00 Pacific (PDT, UTC-7, in March 2026 after the 8th).
        expect(run.steps.find((s) => s.id === 'blog')!.dueAt).toBe('2026-03-14T15:00:00.000Z');
        const conditional = run.steps.find((s) => s.id === 'tell-regular')!;
        expect(conditional.state).toBe('skipped');
        expect(conditional.skipReason).toContain('Does the dot release coincide with a regular release?');
        expect(run.steps.find((s) => s.id === 'installers/chef')!.parentId).toBe('installers');
        expect(h.platform.published).toContainEqual({event: 'run_created', payload: {runId: run.id, channelId: CHANNEL}, broadcast: {channelId: CHANNEL}});
        const events = await h.service.listEvents(RM, run.id, null, 10);
        expect(events.events.map((e) => [e.type, e.source, e.userId])).toEqual([['run-created', 'rhs', RM]]);
        expect((await h.service.listRuns(DEV, CHANNEL)).currentRunId).toBe(run.id);
    });

    it('previews without storing anything', async () => {
        const before = h.platform.kv.size();
        const preview = await h.service.previewRun(DEV, startInput({conditions: {'regular-release': true}}));
        expect(preview.steps.find((s) => s.id === 'tell-regular')!.applies).toBe(true);
        expect(h.platform.kv.size()).toBe(before);
    });

    it('validates the start request and names the field', async () => {
        const cases: Array<[Partial<Parameters<typeof startInput>[0]>, string]> = [
            [{version: 'one'}, 'version'],
            [{timeZone: 'Mars/Olympus'}, 'timeZone'],
            [{releaseDay: '2026-02-30'}, 'releaseDay'],
            [{releaseDay: '2026-03-14'}, 'releaseDay'],
            [{roles: {wizard: [DEV]}}, 'roles.wizard'],
            [{roles: {dev: ['nobody']}}, 'roles.dev.0'],
            [{conditions: {}}, 'conditions.regular-release'],
            [{conditions: {'regular-release': true, other: false}}, 'conditions.other'],
            [{issues: ['javascript:alert(1)']}, 'issues.0'],
            [{holidays: ['soon']}, 'holidays.0'],
            [{templateId: 'nope'}, 'templateId'],
        ];
        for (const [extra, field] of cases) {
            const err = await refused(h.service.startRun(RM, startInput(extra), 'rhs'), 'invalid');
            expect(err.field).toBe(field);
        }
    });

    it('moves a weekend release day when the policy says so', async () => {
        const moved = makeHarness({config: {DefaultTimeZone: 'UTC', ReleaseDayOnHoliday: 'next'}});
        const r = await moved.service.startRun(RM, startInput({releaseDay: '2026-03-14'}), 'rhs');
        expect(r.releaseDay).toBe('2026-03-16');
    });

    it('lets only listed users (or admins) start when WhoCanStart is listed', async () => {
        const listed = makeHarness({config: {WhoCanStart: 'listed', AllowedStarters: '@qauser'}});
        await refused(listed.service.startRun(DEV, startInput(), 'rhs'), 'forbidden', /listed/);
        await expect(listed.service.startRun(QA, startInput(), 'rhs')).resolves.toBeDefined();
        await expect(listed.service.startRun(ADMIN, startInput({version: '1.1.2'}), 'rhs')).resolves.toBeDefined();
    });

    it('refuses non-members the same way whether the run exists or not', async () => {
        const a = await refused(h.service.getRun(OUTSIDER, run.id), 'forbidden');
        const b = await refused(h.service.getRun(OUTSIDER, 'doesnotexist'), 'forbidden');
        const c = await refused(h.service.getRun(OUTSIDER, '../../etc'), 'forbidden');
        expect([a.message, b.message, c.message]).toEqual([NO_ACCESS, NO_ACCESS, NO_ACCESS]);
        await refused(h.service.markDone(OUTSIDER, run.id, 'fixes-merged', {source: 'rhs'}), 'forbidden');
        await refused(h.service.listRuns(OUTSIDER, CHANNEL), 'forbidden');
        await refused(h.service.startRun(OUTSIDER, startInput(), 'rhs'), 'forbidden');
    });

    it('marks done with evidence, undoes, and publishes each change', async () => {
        const post = h.platform.addPost({channelId: CHANNEL, userId: DEV, message: 'merged'});
        const done = await h.service.markDone(DEV, run.id, 'fixes-merged', {postId: post.id, source: 'post-menu'});
        const step = done.steps.find((s) => s.id === 'fixes-merged')!;
        expect(step).toMatchObject({state: 'done', closedBy: DEV, evidence: [{postId: post.id, userId: DEV}]});
        expect(h.platform.published.at(-1)).toEqual({
            event: 'run_updated', payload: {runId: run.id, channelId: CHANNEL, revision: done.revision, delta: expect.any(String)}, broadcast: {channelId: CHANNEL},
        });
        // The event carries what changed: the step, the new revision and the progress counts.
        const delta = JSON.parse(h.platform.published.at(-1)!.payload.delta as string) as RunDelta;
        expect(delta).toEqual({runId: run.id, channelId: CHANNEL, revision: done.revision, status: 'active', progress: progressOf(done), steps: [step]});
        await refused(h.service.markDone(DEV, run.id, 'fixes-merged', {source: 'rhs'}), 'conflict', /already done/);
        const undone = await h.service.undo(DEV, run.id, 'fixes-merged', 'rhs');
        expect(undone.steps.find((s) => s.id === 'fixes-merged')!.state).toBe('open');
        const events = (await h.service.listEvents(DEV, run.id, null, 10)).events;
        expect(events.map((e) => e.type)).toEqual(['step-undone', 'step-done', 'run-created']);
        expect(events[1]).toMatchObject({postId: post.id, source: 'post-menu', stepId: 'fixes-merged'});
    });

    it('only takes evidence from posts in the run channel', async () => {
        const elsewhere = h.platform.addPost({channelId: 'chan2', userId: OUTSIDER, message: 'x'});
        const err = await refused(h.service.attachEvidence(DEV, run.id, 'cut-rc', elsewhere.id as string, 'rhs'), 'invalid');
        expect(err.field).toBe('postId');
        await refused(h.service.attachEvidence(DEV, run.id, 'cut-rc', 'not-a-post', 'rhs'), 'invalid');
    });

    it('requires a reason to skip, trims it and bounds it', async () => {
        expect((await refused(h.service.skip(DEV, run.id, 'cut-rc', '   ', 'rhs'), 'invalid')).field).toBe('reason');
        await refused(h.service.skip(DEV, run.id, 'cut-rc', 'x'.repeat(501), 'rhs'), 'invalid', /500/);
        const r = await h.service.skip(DEV, run.id, 'cut-rc', '  not this time ', 'rhs');
        expect(r.steps.find((s) => s.id === 'cut-rc')).toMatchObject({state: 'skipped', skipReason: 'not this time'});
    });

    it('lets only the Release Manager or the user they assigned tick an approval step', async () => {
        await refused(h.service.markDone(DEV, run.id, 'approve-rc', {source: 'rhs'}), 'forbidden', /Release Manager/);
        await refused(h.service.skip(DEV, run.id, 'approve-rc', 'no', 'rhs'), 'forbidden');
        await refused(h.service.assign(DEV, run.id, 'approve-rc', DEV, 'rhs'), 'forbidden');
        await h.service.assign(RM, run.id, 'approve-rc', QA, 'rhs');
        await refused(h.service.markDone(DEV, run.id, 'approve-rc', {source: 'rhs'}), 'forbidden');
        const r = await h.service.markDone(QA, run.id, 'approve-rc', {source: 'rhs'});
        expect(r.steps.find((s) => s.id === 'approve-rc')!.state).toBe('done');
        await h.service.undo(RM, run.id, 'approve-rc', 'rhs');
    });

    it('reassigns only to channel members; unknown steps are 404 for members', async () => {
        expect((await refused(h.service.assign(DEV, run.id, 'cut-rc', OUTSIDER, 'rhs'), 'invalid')).field).toBe('userId');
        const r = await h.service.assign(DEV, run.id, 'cut-rc', QA, 'rhs');
        expect(r.steps.find((s) => s.id === 'cut-rc')!.assignee).toBe(QA);
        await refused(h.service.addNote(DEV, run.id, 'no-such-step', 'hi', 'rhs'), 'not_found');
    });

    it('edits a due time and goes back to the schedule', async () => {
        const scheduled = run.steps.find((s) => s.id === 'cut-rc')!.dueAt;
        const r = await h.service.setDue(DEV, run.id, 'cut-rc', '2026-03-10T09:30:00+01:00', 'rhs');
        expect(r.steps.find((s) => s.id === 'cut-rc')).toMatchObject({dueAt: '2026-03-10T08:30:00.000Z', dueOverridden: true});
        await refused(h.service.setDue(DEV, run.id, 'cut-rc', 'tomorrow', 'rhs'), 'invalid');
        const back = await h.service.setDue(DEV, run.id, 'cut-rc', null, 'rhs');
        expect(back.steps.find((s) => s.id === 'cut-rc')).toMatchObject({dueAt: scheduled, dueOverridden: false});
    });

    it('moves the release day: open non-overridden steps follow, done and overridden steps stay', async () => {
        await h.service.markDone(DEV, run.id, 'fixes-merged', {source: 'rhs'});
        await h.service.setDue(DEV, run.id, 'cut-rc', '2026-03-11T10:00:00Z', 'rhs');
        await refused(h.service.moveReleaseDay(DEV, run.id, '2026-03-20', 'rhs'), 'forbidden');
        await refused(h.service.moveReleaseDay(RM, run.id, '2026-03-21', 'rhs'), 'invalid', /working day/);
        const {run: moved} = await h.service.moveReleaseDay(RM, run.id, '2026-03-20', 'rhs');
        const due = (id: string) => moved.steps.find((s) => s.id === id)!.dueAt;
        expect(moved.releaseDay).toBe('2026-03-20');
        expect(due('fixes-merged')).toBe('2026-03-09T17:00:00.000Z');
        expect(due('cut-rc')).toBe('2026-03-11T10:00:00.000Z');
        expect(due('approve-rc')).toBe('2026-03-17T17:00:00.000Z');
    });

    it('changes roles, finishes and then refuses changes; archives', async () => {
        await refused(h.service.setRoles(RM, run.id, {qa: ['ghost']}, 'rhs'), 'invalid');
        const r = await h.service.setRoles(RM, run.id, {qa: [QA, DEV]}, 'rhs');
        expect(r.roles.qa).toEqual([QA, DEV]);
        expect(r.roles.dev).toEqual([DEV]);
        await refused(h.service.finish(QA, run.id, 'rhs'), 'forbidden');
        const finished = await h.service.finish(ADMIN, run.id, 'rhs');
        expect(finished.status).toBe('finished');
        await refused(h.service.markDone(DEV, run.id, 'cut-rc', {source: 'rhs'}), 'conflict', /finished/);
        expect(await h.service.activeRuns()).toEqual([]);
        const archived = await h.service.archive(RM, run.id, 'rhs');
        expect(archived.status).toBe('archived');
        await refused(h.service.archive(RM, run.id, 'rhs'), 'conflict');
    });

    it('keeps a finished run read-only: every action is refused and nothing in KV changes', async () => {
        const post = h.platform.addPost({channelId: CHANNEL, userId: DEV, message: 'evidence'}).id as string;
        await h.service.skip(DEV, run.id, 'fixes-merged', 'not needed', 'rhs');
        await h.service.finish(RM, run.id, 'rhs');
        const snapshot = async (): Promise<string> => {
            const out: string[] = [];
            for (let page = 0; ; page++) {
                const keys = await h.platform.kv.listKeys(page, 100);
                for (const k of keys) {
                    out.push(`${k}=${Buffer.from((await h.platform.kv.get(k)) ?? new Uint8Array()).toString('base64')}`);
                }
                if (keys.length < 100) return out.join('\n');
            }
        };
        const before = await snapshot();
        const published = h.platform.published.length;
        const attempts: Array<[string, () => Promise<unknown>]> = [
            ['done', () => h.service.markDone(DEV, run.id, 'cut-rc', {source: 'rhs'})],
            ['undo', () => h.service.undo(DEV, run.id, 'fixes-merged', 'rhs')],
            ['skip', () => h.service.skip(DEV, run.id, 'cut-rc', 'late', 'rhs')],
            ['assign', () => h.service.assign(DEV, run.id, 'cut-rc', QA, 'rhs')],
            ['due', () => h.service.setDue(DEV, run.id, 'cut-rc', '2026-03-10T09:00:00Z', 'rhs')],
            ['due reset', () => h.service.setDue(DEV, run.id, 'cut-rc', null, 'rhs')],
            ['note', () => h.service.addNote(DEV, run.id, 'cut-rc', 'afterthought', 'rhs')],
            ['evidence', () => h.service.attachEvidence(DEV, run.id, 'cut-rc', post, 'rhs')],
            ['move', () => h.service.moveReleaseDay(RM, run.id, '2026-03-20', 'rhs')],
            ['roles', () => h.service.setRoles(RM, run.id, {qa: [DEV]}, 'rhs')],
            ['finish', () => h.service.finish(RM, run.id, 'rhs')],
        ];
        for (const [name, attempt] of attempts) {
            const err = await attempt().then(() => null, (e: unknown) => e);
            expect([name, err instanceof ActionError ? err.kind : String(err)]).toEqual([name, 'conflict']);
            expect([name, (err as ActionError).message]).toEqual([name, expect.stringMatching(/finished/)]);
        }
        expect(await snapshot()).toBe(before);
        expect(h.platform.published.length).toBe(published);
        // Reading stays possible, and archiving (keeping it, read-only) is the one change allowed.
        expect((await h.service.getRun(DEV, run.id)).status).toBe('finished');
        expect((await h.service.archive(RM, run.id, 'rhs')).status).toBe('archived');
    });

    it('ticks a recurring step once a day from its first day and closes it on its last day', async () => {
        const last = run.steps.find((s) => s.id === 'merge-back')!.dueAt; // T-0: 2026-03-13 17:00 UTC
        expect(last).toBe('2026-03-13T17:00:00.000Z');
        // Its first day is its phase's day, T-4: Monday 9 March.
        h.clock.now = new Date('2026-03-05T10:00:00Z');
        await refused(h.service.markDone(DEV, run.id, 'merge-back', {source: 'rhs'}), 'conflict', /daily step from Mon 2026-03-09; it cannot be ticked before then/);
        h.clock.now = new Date('2026-03-09T10:00:00Z');
        let r = await h.service.markDone(DEV, run.id, 'merge-back', {source: 'rhs'});
        expect(r.steps.find((s) => s.id === 'merge-back')!.state).toBe('open');
        await refused(h.service.markDone(DEV, run.id, 'merge-back', {source: 'rhs'}), 'conflict', /already done for 2026-03-09/);
        // Undo takes back the day's tick only; the step stays open.
        r = await h.service.undo(DEV, run.id, 'merge-back', 'rhs');
        expect(r.steps.find((s) => s.id === 'merge-back')!.ticks ?? []).toEqual([]);
        expect(r.steps.find((s) => s.id === 'merge-back')!.noteCount).toBe(0);
        await refused(h.service.undo(DEV, run.id, 'merge-back', 'rhs'), 'conflict', /not done for 2026-03-09/);
        await h.service.markDone(DEV, run.id, 'merge-back', {source: 'rhs'});
        h.clock.now = new Date(last);
        r = await h.service.markDone(DEV, run.id, 'merge-back', {source: 'rhs'});
        const step = r.steps.find((s) => s.id === 'merge-back')!;
        expect(step.state).toBe('done');
        expect(step.ticks!.map((t) => [t.day, t.userId])).toEqual([['2026-03-09', DEV], ['2026-03-13', DEV]]);
        // Ticks are days on the step, not notes: the step's notes stay its people's own.
        expect(step.notes).toEqual([]);
        const {events} = await h.service.reportData(DEV, run.id);
        expect(events.filter((e) => e.stepId === 'merge-back').map((e) => [e.type, e.data])).toEqual([
            ['step-done', {recurring: true, day: '2026-03-09', closed: false}],
            ['step-undone', {from: 'open', recurring: true, day: '2026-03-09'}],
            ['step-done', {recurring: true, day: '2026-03-09', closed: false}],
            ['step-done', {recurring: true, day: '2026-03-13', closed: true}],
        ]);
    });

    it('tells change listeners about a step action without assembling the run, unless one asks (then once)', async () => {
        const wholeAt = jest.spyOn(RunRepository.prototype as unknown as {wholeAt: () => Promise<Run>}, 'wholeAt');
        let ask = false;
        const told: Array<{runId: string; events: string[]; steps?: number}> = [];
        const lh = makeHarness({
            onEvents: async (change, events) => {
                const entry: {runId: string; events: string[]; steps?: number} = {runId: change.runId, events: events.map((e) => e.type)};
                if (ask) {
                    const [a, b] = await Promise.all([change.run(), change.run()]);
                    expect(b).toBe(a);
                    entry.steps = a.steps.length;
                }
                told.push(entry);
            },
        });
        const r = await lh.service.startRun(RM, startInput(), 'rhs');
        wholeAt.mockClear();
        await lh.service.stepAction(DEV, r.id, 'fixes-merged', {verb: 'done'}, 'rhs');
        expect(wholeAt).not.toHaveBeenCalled();
        ask = true;
        await lh.service.stepAction(DEV, r.id, 'fixes-merged', {verb: 'undo'}, 'rhs');
        expect(wholeAt).toHaveBeenCalledTimes(1);
        expect(told.slice(1)).toEqual([
            {runId: r.id, events: ['step-done']},
            {runId: r.id, events: ['step-undone'], steps: r.steps.length},
        ]);
        wholeAt.mockRestore();
    });

    it('keeps taking notes of the longest kind on every step of a full chunk of steps', async () => {
        // 32 steps share one record; ten 2,000-character notes of three-byte characters on each
        // would be 1.9 MB in it. A step carries only as many of its latest notes as fit its share.
        const steps = Array.from({length: 32}, (_, i) => ({id: `s${i}`, title: `Step ${i}`, role: 'dev', substeps: []}));
        const big = makeHarness({
            template: {schemaVersion: 1, id: 'security-release', name: 'Long notes', roles: [{id: 'release-manager', name: 'RM'}, {id: 'dev', name: 'Dev'}],
                conditions: [], phases: [{id: 'a', label: 'A', title: 'A', offset: {unit: 'working', days: -1}, steps}]},
        });
        big.clock.now = new Date();
        const r = await big.service.startRun(RM, startInput({roles: {}, conditions: {}, releaseDay: exampleDay(big.clock.now)}), 'rhs');
        const text = (step: number, n: number) => `${step}-${n} ${'漢'.repeat(1990)}`;
        for (let n = 0; n < 12; n++) {
            for (let i = 0; i < steps.length; i++) {
                await big.service.addNote(RM, r.id, `s${i}`, text(i, n), 'rhs');
            }
        }
        const final = await big.service.getRun(RM, r.id);
        for (let i = 0; i < steps.length; i++) {
            const step = final.steps.find((s) => s.id === `s${i}`)!;
            expect(step.noteCount).toBe(12);
            expect(step.notes.length).toBeGreaterThanOrEqual(1);
            expect(step.notes.at(-1)!.text).toBe(text(i, 11));
            const paged = await big.service.stepNotes(RM, r.id, `s${i}`, null, 100);
            expect(paged.notes.map((x) => x.text)).toEqual(Array.from({length: 12}, (_, n) => text(i, n)));
        }
    });

    it('keeps both of two concurrent actions: 20 writers x 50 actions with injected conflicts and a second server', async () => {
        const writers = 20;
        const perWriter = 50;
        const others = 5;
        const perOther = 20;
        const steps = Array.from({length: writers + others}, (_, i) => ({id: `w${i}`, title: `Step ${i}`, role: 'dev', substeps: []}));
        const big = makeHarness({
            template: {schemaVersion: 1, id: 'security-release', name: 'Load', roles: [{id: 'release-manager', name: 'RM'}, {id: 'dev', name: 'Dev'}],
                conditions: [], phases: [{id: 'a', label: 'A', title: 'A', offset: {unit: 'working', days: -1}, steps}]},
            members: Array.from({length: writers + others}, (_, i) => `writer${i}`),
        });
        big.clock.now = new Date();
        // A release day ahead of the real clock: a past one is refused.
        const r = await big.service.startRun(RM, startInput({roles: {}, conditions: {}, releaseDay: exampleDay(big.clock.now)}), 'rhs');

        // Reads and writes yield to other writers first, as a network round trip would.
        const kv = big.platform.kv;
        const read = kv.get.bind(kv);
        const write = kv.setWithOptions.bind(kv);
        const roundTrip = () => new Promise((resolve) => setImmediate(resolve));
        kv.get = async (key) => {
            await roundTrip();
            return read(key);
        };
        kv.setWithOptions = async (key, value, options) => {
            await roundTrip();
            return write(key, value, options);
        };
        // A second server of the cluster: same KV, its own process (so its own write queue).
        const serverB: KVStore = {
            get: (k) => kv.get(k), set: (k, v) => kv.set(k, v), setWithOptions: (k, v, o) => kv.setWithOptions(k, v, o),
            delete: (k) => kv.delete(k), listKeys: (p, n) => kv.listKeys(p, n),
        };
        const serviceB = new RunService({
            api: big.platform,
            runs: new RunRepository(serverB), templates: big.templates, settings: () => big.settings, now: () => new Date(),
        });
        let injected = 0;
        kv.injectConflicts((key) => {
            const lose = (key.startsWith('run:') || key.startsWith('nt:')) && Math.random() < 0.15;
            injected += lose ? 1 : 0;
            return lose;
        });

        const failures: unknown[] = [];
        const serverA = Array.from({length: writers}, async (_, w) => {
            for (let i = 0; i < perWriter; i++) {
                const user = `writer${w}`;
                try {
                    if (i % 5 === 0) {
                        await big.service.markDone(user, r.id, `w${w}`, {source: 'api'});
                    } else if (i % 5 === 1) {
                        await big.service.undo(user, r.id, `w${w}`, 'api');
                    } else {
                        await big.service.addNote(user, r.id, `w${w}`, `${w}-${i}`, 'api');
                    }
                } catch (err) {
                    failures.push(err);
                }
            }
        });
        const serverBWriters = Array.from({length: others}, async (_, o) => {
            const w = writers + o;
            for (let i = 0; i < perOther; i++) {
                await new Promise((resolve) => setTimeout(resolve, 3));
                try {
                    await serviceB.addNote(`writer${w}`, r.id, `w${w}`, `${w}-${i}`, 'api');
                } catch (err) {
                    failures.push(err);
                }
            }
        });
        await Promise.all([...serverA, ...serverBWriters]);
        kv.injectConflicts(null);

        const final = await big.service.getRun(RM, r.id);
        const {events} = await big.service.reportData(RM, r.id);
        const notes = final.steps.reduce((n, s) => n + s.noteCount, 0);
        const actionEvents = events.filter((e) => e.type !== 'run-created');
        const total = writers * perWriter + others * perOther;
        // The log as stored: chunk records in KV, each bounded, together holding every event once.
        const chunkKeys: string[] = [];
        for (let page = 0; ; page++) {
            const keys = await kv.listKeys(page, 100);
            chunkKeys.push(...keys.filter((k) => k.startsWith(`ev:${r.id}:`)));
            if (keys.length < 100) break;
        }
        const chunkSizes: number[] = [];
        for (const key of chunkKeys) {
            const record = JSON.parse(Buffer.from((await kv.get(key))!).toString('utf8')) as {events: unknown[]};
            chunkSizes.push(record.events.length);
        }
        console.log(`concurrency: ${writers} writers x ${perWriter} actions on server A + ${others} x ${perOther} on server B = ${total} actions; ` +
            `${failures.length} failed; ${injected} injected conflicts, ${kv.conflicts - injected} real conflicts between servers; ` +
            `final revision ${final.revision}; ${notes} notes in the run; ${actionEvents.length} action events in the log ` +
            `stored in ${chunkKeys.length} KV chunks of at most ${Math.max(...chunkSizes)} events`);
        expect(failures.map(String)).toEqual([]);
        expect(injected).toBeGreaterThan(0);
        expect(final.revision).toBe(1 + total);
        for (let w = 0; w < writers + others; w++) {
            const step = final.steps.find((s) => s.id === `w${w}`)!;
            const expected = w < writers
                ? Array.from({length: perWriter}, (_, i) => i).filter((i) => i % 5 > 1).map((i) => `${w}-${i}`)
                : Array.from({length: perOther}, (_, i) => `${w}-${i}`);
            // The step carries its latest notes; the rest are in their own records, paged back here.
            const paged = await big.service.stepNotes(RM, r.id, `w${w}`, null, 100);
            expect(paged.notes.map((n) => n.text)).toEqual(expected);
            expect(paged.notes.map((n) => n.seq)).toEqual(expected.map((_, i) => i));
            expect(step.noteCount).toBe(expected.length);
            expect(step.notes.length).toBeLessThanOrEqual(RECENT_NOTES_MAX);
            expect(step.notes).toEqual(paged.notes.slice(-step.notes.length).map(({seq: _seq, ...n}) => n));
            expect(step.state).toBe('open');
            const mine = actionEvents.filter((e) => e.stepId === `w${w}`).map((e) => e.type);
            expect(mine.length).toBe(w < writers ? perWriter : perOther);
            if (w < writers) {
                expect(mine.filter((t) => t === 'step-done').length).toBe(perWriter / 5);
                expect(mine.filter((t) => t === 'step-undone').length).toBe(perWriter / 5);
            }
        }
        expect(events.map((e) => e.seq)).toEqual(Array.from({length: events.length}, (_, i) => i));
        expect(actionEvents.length).toBe(total);
        expect(chunkSizes.reduce((a, b) => a + b, 0)).toBe(events.length);
        expect(Math.max(...chunkSizes)).toBeLessThanOrEqual(EVENTS_PER_CHUNK);
        expect(chunkKeys.length).toBeGreaterThan(1);
        // 1100 actions with back-offs: a load test, given room on a busy shared machine.
    }, 60_000);
});
