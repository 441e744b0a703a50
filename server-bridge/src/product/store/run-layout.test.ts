// The split run layout: a head that every action compare-and-sets, pending step copies in it,
// copy-on-write step chunks (docs/storage.md).
import {MemoryKV} from './memory-kv';
import {RunRepository, type NewEvent} from './run-repository';
import {KEY} from './keys';
import {PENDING_STEPS, type RunLayout} from './run-layout';
import {RUN_RECORD_VERSION} from './records';
import {bareRun, bareStep} from '../testing/fixtures';
import {addNote, keysOf} from '../testing/store-helpers';
import {progressOf} from '../progress';

const enc = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));
const dec = (v: Uint8Array | null): Record<string, unknown> => JSON.parse(new TextDecoder().decode(v!));
const note = (stepId: string, text: string): NewEvent => ({type: 'step-note', userId: 'u1', at: '2026-01-02T00:00:00.000Z', source: 'api', stepId, data: {text}});

function runWith(id: string, steps: number) {
    return bareRun(id, 'c1', {steps: Array.from({length: steps}, (_, i) => bareStep(`s${i}`, {description: 'Do the thing described here, then tick it.'}))});
}

describe('run layout', () => {
    it('reads and writes a bounded number of bytes per step action, the same for 300 and 3000 steps', async () => {
        const perAction: number[] = [];
        for (const steps of [300, 3000]) {
            const kv = new MemoryKV();
            const repo = new RunRepository(kv);
            await repo.create(runWith('r1', steps), []);
            let bytes = 0;
            const get = kv.get.bind(kv);
            const set = kv.setWithOptions.bind(kv);
            kv.get = async (k) => {
                const v = await get(k);
                bytes += v?.length ?? 0;
                return v;
            };
            kv.setWithOptions = async (k, v, o) => {
                bytes += v?.length ?? 0;
                return set(k, v, o);
            };
            for (let i = 0; i < 100; i++) {
                await addNote(repo, 'r1', `s${(i * 7) % 300}`, `n${i}`);
            }
            perAction.push(bytes / 100);
        }
        // The head, the event chunk and, now and then, the chunks of the pending steps. The head
        // names one chunk generation (about 20 bytes) per 32 steps and is read, written and
        // compared on each action: 84 more chunks add about 5 KiB, whatever else the run holds.
        expect(perAction[1]).toBeLessThan(perAction[0] + 10 * 1024);
        expect(perAction[1]).toBeLessThan(40 * 1024);
    });

    it('keeps changed steps in the head until they grow past the bound, then writes them into new chunk generations', async () => {
        const kv = new MemoryKV();
        const repo = new RunRepository(kv);
        await repo.create(runWith('r1', 100), []);
        const chunkKeys = await keysOf(kv, 'st:r1:');
        expect(chunkKeys.length).toBe(4);
        for (let i = 0; i < PENDING_STEPS; i++) {
            await addNote(repo, 'r1', `s${i}`, `n${i}`);
        }
        expect((dec(await kv.get(KEY.run('r1'))).pending as unknown[]).length).toBe(PENDING_STEPS);
        expect(await keysOf(kv, 'st:r1:')).toEqual(chunkKeys);
        // Readers merge the pending copies over the chunks.
        const mid = (await new RunRepository(kv).getRun('r1'))!;
        expect(mid.steps.slice(0, PENDING_STEPS).map((s) => s.notes.map((n) => n.text))).toEqual(Array.from({length: PENDING_STEPS}, (_, i) => [`n${i}`]));
        await addNote(repo, 'r1', `s${PENDING_STEPS}`, 'one more');
        const head = dec(await kv.get(KEY.run('r1')));
        expect(head.pending).toEqual([]);
        const after = await keysOf(kv, 'st:r1:');
        expect(after.length).toBe(4);
        expect(after).not.toEqual(chunkKeys);
        const run = (await new RunRepository(kv).getRun('r1'))!;
        expect(run.steps.map((s) => s.id)).toEqual(Array.from({length: 100}, (_, i) => `s${i}`));
        expect(run.steps.slice(0, PENDING_STEPS + 1).every((s) => s.notes.length === 1)).toBe(true);
        expect(run.steps.slice(PENDING_STEPS + 1).every((s) => s.notes.length === 0)).toBe(true);
        expect(run.revision).toBe(PENDING_STEPS + 2);
    });

    it('keeps the head\'s progress counts equal to the run\'s through step and run-wide changes', async () => {
        const kv = new MemoryKV();
        const repo = new RunRepository(kv);
        const steps = Array.from({length: 80}, (_, i) => bareStep(`s${i}`, i % 4 === 0 ? {condition: 'c'} : {}));
        await repo.create(bareRun('r1', 'c1', {steps, conditions: {c: true}}), []);
        const states = ['done', 'skipped', 'open'] as const;
        for (let i = 0; i < 120; i++) {
            const id = `s${(i * 13) % 80}`;
            await repo.updateSteps('r1', [id], (run) => {
                run.steps[0].state = states[i % 3];
                return {run, events: [note(id, 'x')], result: null};
            });
            if (i === 60) {
                await repo.update('r1', (run) => ({run: {...run, conditions: {c: false}}, events: [note('s0', 'no')], result: null}));
            }
        }
        const run = (await repo.getRun('r1'))!;
        expect((await repo.head('r1'))!.progress).toEqual(progressOf(run));
        expect(progressOf(run).total).toBe(60);
    });

    it('keeps parsed copies of the chunks a head names, none of the ones it replaced', async () => {
        const kv = new MemoryKV();
        const repo = new RunRepository(kv);
        await repo.create(runWith('r1', 100), []);
        const before = await keysOf(kv, 'st:r1:');
        for (let i = 0; i <= PENDING_STEPS; i++) {
            await addNote(repo, 'r1', `s${i}`, `n${i}`);
        }
        const after = await keysOf(kv, 'st:r1:');
        const replaced = before.filter((k) => !after.includes(k));
        expect(replaced.length).toBeGreaterThan(0);
        const cache = (repo as unknown as {layout: RunLayout}).layout.chunks;
        expect(replaced.filter((k) => cache.get(k) !== undefined)).toEqual([]);
        expect(after.filter((k) => cache.get(k) === undefined)).toEqual([]);
    });

    it('lets a reader on another server that read an older head catch up when its chunk is replaced', async () => {
        const kv = new MemoryKV();
        const writer = new RunRepository(kv);
        await writer.create(runWith('r1', 40), []);
        // The reader sees the head, then the writer replaces every chunk before the reader reads them.
        const reader = new RunRepository(kv);
        const get = kv.get.bind(kv);
        let replaced = false;
        kv.get = async (k) => {
            if (k.startsWith('st:') && !replaced) {
                replaced = true;
                await writer.update('r1', (run) => {
                    run.steps.forEach((s) => s.notes.push({userId: 'u1', at: '2026-01-02T00:00:00.000Z', text: 'all'}));
                    return {run, events: [note('s0', 'all')], result: null};
                });
            }
            return get(k);
        };
        const run = (await reader.getRun('r1'))!;
        expect(run.revision).toBe(2);
        expect(run.steps.every((s) => s.notes.length === 1)).toBe(true);
    });

    it('deletes the chunks it wrote when its head write loses every time', async () => {
        const kv = new MemoryKV();
        const repo = new RunRepository(kv);
        await repo.create(runWith('r1', 40), []);
        const before = await keysOf(kv, 'st:');
        kv.injectConflicts((key) => key === KEY.run('r1'));
        await expect(repo.update('r1', (run) => {
            run.steps[0].state = 'done';
            return {run, events: [note('s0', 'x')], result: null};
        })).rejects.toThrow(/gave up after 10 attempts/);
        kv.injectConflicts(null);
        expect(await keysOf(kv, 'st:')).toEqual(before);
    });

    it('repair deletes step chunks no head names once they are old, and keeps the named ones', async () => {
        const kv = new MemoryKV();
        const repo = new RunRepository(kv);
        await repo.create(runWith('r1', 10), []);
        const named = await keysOf(kv, 'st:');
        const old = (Date.now() - 2 * 3600_000).toString(36);
        const recent = Date.now().toString(36);
        await kv.set(`st:r1:0:${old}.aaaaaaaa`, enc({schemaVersion: RUN_RECORD_VERSION, positions: [], steps: []}));
        await kv.set(`st:r1:0:${recent}.bbbbbbbb`, enc({schemaVersion: RUN_RECORD_VERSION, positions: [], steps: []}));
        await kv.set(`st:gone:0:${old}.cccccccc`, enc({schemaVersion: RUN_RECORD_VERSION, positions: [], steps: []}));
        await repo.repairIndexes();
        expect((await keysOf(kv, 'st:')).sort()).toEqual([...named, `st:r1:0:${recent}.bbbbbbbb`].sort());
        expect((await repo.getRun('r1'))!.steps.length).toBe(10);
    });

    it('refuses heads and chunks from a newer plugin and reports corrupt ones', async () => {
        const kv = new MemoryKV();
        const repo = new RunRepository(kv);
        await repo.create(runWith('r1', 3), []);
        const head = dec(await kv.get(KEY.run('r1')));
        await kv.set(KEY.run('r1'), enc({...head, schemaVersion: RUN_RECORD_VERSION + 1}));
        await expect(repo.get('r1')).rejects.toThrow(/newer than this plugin understands/);
        await kv.set(KEY.run('r1'), enc({...head, chunks: 'x'}));
        await expect(repo.head('r1')).rejects.toThrow(/is not a run/);
        await kv.set(KEY.run('r1'), enc(head));
        const [chunk] = await keysOf(kv, 'st:');
        await kv.set(chunk, enc({schemaVersion: RUN_RECORD_VERSION + 1, positions: [], steps: []}));
        await expect(new RunRepository(kv).get('r1')).rejects.toThrow(/newer than this plugin understands/);
        await kv.set(chunk, enc({schemaVersion: RUN_RECORD_VERSION, positions: [0], steps: []}));
        await expect(new RunRepository(kv).get('r1')).rejects.toThrow(/is not a step chunk/);
    });
});
