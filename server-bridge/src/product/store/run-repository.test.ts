import {MemoryKV} from './memory-kv';
import {RunRepository, RunNotFoundError, type NewEvent} from './run-repository';
import {KEY} from './keys';
import {EVENTS_PER_CHUNK, RUN_RECORD_VERSION} from './records';
import {bareRun, bareStep} from '../testing/fixtures';
import {newId} from './ids';

const enc = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));
const dec = (v: Uint8Array | null): Record<string, unknown> => JSON.parse(new TextDecoder().decode(v!));

function ev(userId: string, data: Record<string, string> = {}): NewEvent {
    return {type: 'step-note', userId, at: '2026-01-02T00:00:00.000Z', source: 'api', data};
}

describe('RunRepository', () => {
    let kv: MemoryKV;
    let repo: RunRepository;
    beforeEach(() => {
        kv = new MemoryKV();
        repo = new RunRepository(kv);
    });

    it('creates a run, indexes it in its channel and as active, and makes it current', async () => {
        await repo.create(bareRun('r1', 'c1'), [ev('u1')]);
        await repo.create(bareRun('r2', 'c1'), []);
        const list = await repo.listChannel('c1');
        expect(list.runs.map((r) => r.id)).toEqual(['r1', 'r2']);
        expect(list.currentRunId).toBe('r2');
        expect((await repo.listActive()).map((r) => r.id).sort()).toEqual(['r1', 'r2']);
        await repo.setCurrent('c1', 'r1');
        expect((await repo.listChannel('c1')).currentRunId).toBe('r1');
    });

    it('keeps indexes consistent after many concurrent creates', async () => {
        kv.injectConflicts(() => Math.random() < 0.2);
        const ids = Array.from({length: 60}, () => newId());
        await Promise.all(ids.map((id, i) => repo.create(bareRun(id, `c${i % 3}`), [ev('u')])));
        kv.injectConflicts(null);
        for (let c = 0; c < 3; c++) {
            const list = await repo.listChannel(`c${c}`);
            expect(list.runs.map((r) => r.id).sort()).toEqual(ids.filter((_, i) => i % 3 === c).sort());
        }
        expect((await repo.listActive()).map((r) => r.id).sort()).toEqual([...ids].sort());
        expect(await repo.repairIndexes()).toEqual({runs: 60, channelFixes: 0, activeFixes: 0});
    });

    it('applies an update with a compare-and-set and bumps the revision', async () => {
        await repo.create(bareRun('r1', 'c1'), []);
        const out = await repo.update('r1', (run) => {
            run.steps[0].state = 'done';
            return {run, events: [ev('u1')], result: 'ok'};
        });
        expect(out.result).toBe('ok');
        expect(out.run.revision).toBe(2);
        expect(out.events[0].seq).toBe(0);
        expect((await repo.getRun('r1'))!.steps[0].state).toBe('done');
    });

    it('writes nothing when the action throws or changes nothing', async () => {
        await repo.create(bareRun('r1', 'c1'), []);
        const before = await kv.get(KEY.run('r1'));
        await expect(repo.update('r1', () => {
            throw new Error('refused');
        })).rejects.toThrow('refused');
        await repo.update('r1', () => ({unchanged: true, result: null}));
        expect(await kv.get(KEY.run('r1'))).toEqual(before);
        await expect(repo.update('nope', (run) => ({run, events: [], result: 1}))).rejects.toThrow(RunNotFoundError);
    });

    it('gives up with a clear error after bounded retries', async () => {
        await repo.create(bareRun('r1', 'c1'), []);
        kv.injectConflicts((key) => key === KEY.run('r1'));
        await expect(repo.update('r1', (run) => ({run, events: [ev('u')], result: 1})))
            .rejects.toThrow(/too many concurrent changes to run:r1: gave up after 10 attempts/);
    });

    it('moves events into chunks of EVENTS_PER_CHUNK and reads them newest first across chunk boundaries', async () => {
        await repo.create(bareRun('r1', 'c1'), []);
        const rest = EVENTS_PER_CHUNK - 3;
        const total = EVENTS_PER_CHUNK * 2 + rest;
        for (let i = 0; i < total; i++) {
            await repo.update('r1', (run) => ({run, events: [ev('u', {i: String(i)})], result: null}));
        }
        const stored = (await repo.get('r1'))!;
        expect(stored.eventCount).toBe(total);
        // Only the last action's event is still in the run record (copied, dropped by the next action).
        expect(stored.tail.map((e) => e.seq)).toEqual([total - 1]);
        for (let c = 0; c < 3; c++) {
            const chunk = dec(await kv.get(KEY.eventChunk('r1', c)));
            expect((chunk.events as unknown[]).length).toBe(c < 2 ? EVENTS_PER_CHUNK : rest);
        }
        expect(await kv.get(KEY.eventChunk('r1', 3))).toBeNull();
        const page1 = await repo.events(stored, null, 50);
        expect(page1.events.map((e) => e.seq)).toEqual(Array.from({length: 50}, (_, i) => total - 1 - i));
        const seen: number[] = [];
        let before: number | null = null;
        do {
            const page = await repo.events(stored, before, 45);
            seen.push(...page.events.map((e) => e.seq));
            before = page.nextBefore;
        } while (before !== null);
        expect(seen).toEqual(Array.from({length: total}, (_, i) => total - 1 - i));
        expect(seen.map((s) => 0 + s)).toEqual((await repo.allEvents(stored)).map((e) => e.seq).reverse());
    });

    it('shows events still in the run record when copying to a chunk failed (crash between writes)', async () => {
        await repo.create(bareRun('r1', 'c1'), []);
        kv.injectConflicts((key) => key.startsWith('ev:'));
        await repo.update('r1', (run) => ({run, events: [ev('u', {n: 'a'}), ev('u', {n: 'b'})], result: null}));
        kv.injectConflicts(null);
        const stored = (await repo.get('r1'))!;
        expect(stored.tail.map((e) => e.seq)).toEqual([0, 1]);
        expect((await repo.events(stored, null, 10)).events.map((e) => e.data?.n)).toEqual(['b', 'a']);
        await repo.flushTail('r1');
        expect((dec(await kv.get(KEY.eventChunk('r1', 0))).events as unknown[]).length).toBe(2);
        await repo.update('r1', (run) => ({run, events: [ev('u', {n: 'c'})], result: null}));
        expect((await repo.get('r1'))!.tail.map((e) => e.seq)).toEqual([2]);
        expect((await repo.allEvents((await repo.get('r1'))!)).map((e) => e.data?.n)).toEqual(['a', 'b', 'c']);
    });

    it('removes a finished run from the active index and skips stale index entries', async () => {
        await repo.create(bareRun('r1', 'c1'), []);
        await repo.update('r1', (run) => ({run: {...run, status: 'finished'}, events: [ev('u')], result: null}));
        expect(dec(await kv.get(KEY.active())).runIds).toEqual([]);
        // A crash after the run write but before the index write leaves a stale entry: readers skip it.
        await kv.set(KEY.active(), enc({schemaVersion: 1, runIds: ['r1', 'ghost']}));
        expect(await repo.listActive()).toEqual([]);
    });

    it('repairs indexes left out of step by a crash between writes', async () => {
        await repo.create(bareRun('r1', 'c1'), []);
        // A run record written without its index entries, and an index entry with no run.
        await kv.set(KEY.run('r2'), enc({schemaVersion: 1, run: bareRun('r2', 'c1'), eventCount: 0, tail: []}));
        await kv.set(KEY.channel('c1'), enc({schemaVersion: 1, runIds: ['r1', 'ghost'], currentRunId: 'ghost'}));
        expect((await repo.listChannel('c1')).runs.map((r) => r.id)).toEqual(['r1']);
        const report = await repo.repairIndexes();
        expect(report).toEqual({runs: 2, channelFixes: 1, activeFixes: 1});
        const list = await repo.listChannel('c1');
        expect(list.runs.map((r) => r.id)).toEqual(['r1', 'r2']);
        expect(list.currentRunId).toBe('r2');
        expect((dec(await kv.get(KEY.active())).runIds as string[]).sort()).toEqual(['r1', 'r2']);
    });

    it('migrates a version 0 run (bare run, inline events, done/skipped flags) on read', async () => {
        const v0 = {
            id: 'old', channelId: 'c1', templateId: 't', templateName: 'T', version: '1.0.1', releaseDay: '2025-05-05',
            timeZone: 'UTC', roles: {dev: ['u1']}, createdBy: 'u1', createdAt: '2025-05-01T00:00:00.000Z',
            steps: [
                {id: 'a', phaseId: 'p', title: 'A', role: 'dev', due: {offset: {unit: 'working', days: 0}}, dueAt: '2025-05-05T17:00:00.000Z', done: true},
                {id: 'b', phaseId: 'p', title: 'B', role: 'dev', due: {offset: {unit: 'working', days: 0}}, dueAt: '2025-05-05T17:00:00.000Z', skipped: 'not needed'},
                {id: 'c', phaseId: 'p', title: 'C', role: 'dev', due: {offset: {unit: 'working', days: 0}}, dueAt: '2025-05-05T17:00:00.000Z'},
            ],
            events: [{type: 'run-created', userId: 'u1', at: '2025-05-01T00:00:00.000Z', source: 'rhs'}],
        };
        await kv.set(KEY.run('old'), enc(v0));
        const stored = (await repo.get('old'))!;
        expect(stored.schemaVersion).toBe(RUN_RECORD_VERSION);
        expect(stored.run.steps.map((s) => s.state)).toEqual(['done', 'skipped', 'open']);
        expect(stored.run.steps[1].skipReason).toBe('not needed');
        expect(stored.run.steps[0].notes).toEqual([]);
        expect(stored.run.status).toBe('active');
        expect(stored.run.roleNames).toEqual({dev: 'dev'});
        expect(stored.eventCount).toBe(1);
        expect(stored.tail[0]).toMatchObject({seq: 0, runId: 'old', schemaVersion: 1, type: 'run-created'});
        // The next action writes it back in the current shape and moves the old events into a chunk.
        await repo.update('old', (run) => ({run, events: [ev('u1')], result: null}));
        const raw = dec(await kv.get(KEY.run('old')));
        expect(raw.schemaVersion).toBe(RUN_RECORD_VERSION);
        expect((dec(await kv.get(KEY.eventChunk('old', 0))).events as unknown[]).length).toBe(2);
    });

    it('refuses records from a newer plugin and corrupt records with a clear error', async () => {
        await kv.set(KEY.run('new'), enc({schemaVersion: 99, run: bareRun('new', 'c1'), eventCount: 0, tail: []}));
        await expect(repo.get('new')).rejects.toThrow(/newer than this plugin understands/);
        await kv.set(KEY.run('bad'), new TextEncoder().encode('{not json'));
        await expect(repo.get('bad')).rejects.toThrow(/not valid JSON/);
        await kv.set(KEY.run('odd'), enc({schemaVersion: 1, run: 5}));
        await expect(repo.get('odd')).rejects.toThrow(/is not a run/);
    });

    it('refuses a run that would exceed the value size bound', async () => {
        await repo.create(bareRun('r1', 'c1'), []);
        await expect(repo.update('r1', (run) => {
            run.steps = Array.from({length: 3000}, (_, i) => bareStep(`s${i}`, {description: 'x'.repeat(400)}));
            return {run, events: [ev('u')], result: null};
        })).rejects.toThrow(/over the storage limit/);
    });
});
