// Notes in records of their own (note-log.ts): a step carries its latest few, the rest are in
// note chunks copied before the change that drops them, paged back in order.
import {MemoryKV} from './memory-kv';
import {RunRepository} from './run-repository';
import {KEY} from './keys';
import {CorruptRecordError, MAX_VALUE_BYTES} from './codec';
import {NOTES_PER_CHUNK, RECENT_NOTES, RECENT_NOTES_MAX, notePage, stepKey, storeNotes, trimNotes, type NotePage} from './note-log';
import {bareRun, bareStep} from '../testing/fixtures';
import {addNote, keysOf} from '../testing/store-helpers';
import type {Note, RunStep} from '../model';

const at = '2026-01-02T00:00:00.000Z';
const noteOf = (text: string): Note => ({userId: 'u1', at, text});

async function allNotes(repo: RunRepository, runId: string, stepId: string, limit = 7): Promise<string[]> {
    const out: string[] = [];
    let before: number | null = null;
    for (;;) {
        const page: NotePage = (await repo.stepNotes(runId, stepId, before, limit))!.page!;
        out.unshift(...page.notes.map((n) => `${n.seq}:${n.text}`));
        if (page.nextBefore === null) {
            return out;
        }
        before = page.nextBefore;
    }
}

describe('note log', () => {
    it('keeps any number of notes on a step, each once and in order, while the step and the run head stay small', async () => {
        const kv = new MemoryKV();
        const repo = new RunRepository(kv);
        await repo.create(bareRun('r1', 'c1', {steps: [bareStep('a'), bareStep('b/c')]}), []);
        const long = 'x'.repeat(1900);
        const count = 600; // 600 notes of 1.9 KB: over 1 MiB, more than any one KV value may hold
        for (let i = 0; i < count; i++) {
            await addNote(repo, 'r1', 'b/c', `${i} ${long}`);
        }
        const run = (await repo.getRun('r1'))!;
        const step = run.steps.find((s) => s.id === 'b/c')!;
        expect(step.noteCount).toBe(count);
        expect(step.notes.length).toBeGreaterThanOrEqual(RECENT_NOTES);
        expect(step.notes.length).toBeLessThanOrEqual(RECENT_NOTES_MAX);
        expect(step.notes.at(-1)!.text).toBe(`${count - 1} ${long}`);
        expect((await kv.get(KEY.run('r1')))!.length).toBeLessThan(64 * 1024);
        const chunks = await keysOf(kv, `nt:r1:${stepKey('b/c')}:`);
        expect(chunks.length).toBe(Math.ceil((count - step.notes.length) / NOTES_PER_CHUNK));
        for (const key of chunks) {
            expect((await kv.get(key))!.length).toBeLessThan(MAX_VALUE_BYTES);
        }
        expect(await allNotes(repo, 'r1', 'b/c')).toEqual(Array.from({length: count}, (_, i) => `${i}:${i} ${long}`));
        expect(run.steps.find((s) => s.id === 'a')!.noteCount).toBe(0);
    });

    it('copies a step\'s older notes after a change, in batches, so the change that leaves them out has nothing to copy', async () => {
        const kv = new MemoryKV();
        const repo = new RunRepository(kv);
        await repo.create(bareRun('r1', 'c1', {steps: [bareStep('a')]}), []);
        let inWindow = false;
        let noteCallsInWindow = 0;
        let noteWrites = 0;
        const get = kv.get.bind(kv);
        const set = kv.setWithOptions.bind(kv);
        kv.get = async (k) => {
            if (k === KEY.run('r1')) {
                inWindow = true;
            } else if (k.startsWith('nt:') && inWindow) {
                noteCallsInWindow++;
            }
            return get(k);
        };
        kv.setWithOptions = async (k, v, o) => {
            if (k === KEY.run('r1')) {
                inWindow = false;
            } else if (k.startsWith('nt:')) {
                noteWrites++;
                noteCallsInWindow += inWindow ? 1 : 0;
            }
            return set(k, v, o);
        };
        const count = 100;
        for (let i = 0; i < count; i++) {
            await addNote(repo, 'r1', 'a', `n${i}`);
        }
        expect(noteCallsInWindow).toBe(0);
        // One batch per RECENT_NOTES notes, a second write where a batch spans two chunks.
        expect(noteWrites).toBeLessThanOrEqual(Math.ceil(count / RECENT_NOTES) + Math.ceil(count / NOTES_PER_CHUNK));
        expect(await allNotes(repo, 'r1', 'a', 30)).toEqual(Array.from({length: count}, (_, i) => `${i}:n${i}`));
    });

    it('pages from the latest back, with nextBefore, across the chunks and the step', async () => {
        const kv = new MemoryKV();
        const repo = new RunRepository(kv);
        await repo.create(bareRun('r1', 'c1', {steps: [bareStep('a')]}), []);
        for (let i = 0; i < 40; i++) {
            await addNote(repo, 'r1', 'a', `n${i}`);
        }
        const latest = (await repo.stepNotes('r1', 'a', null, 3))!.page!;
        expect(latest.notes.map((n) => n.text)).toEqual(['n37', 'n38', 'n39']);
        expect(latest).toMatchObject({nextBefore: 37, noteCount: 40});
        const middle = (await repo.stepNotes('r1', 'a', 30, 10))!.page!;
        expect(middle.notes.map((n) => n.seq)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
        const first = (await repo.stepNotes('r1', 'a', 2, 10))!.page!;
        expect(first.notes.map((n) => n.text)).toEqual(['n0', 'n1']);
        expect(first.nextBefore).toBeNull();
        expect((await repo.stepNotes('r1', 'a', 1000, 2))!.page!.notes.map((n) => n.seq)).toEqual([38, 39]);
        expect((await repo.stepNotes('r1', 'missing', null, 2))!.page).toBeUndefined();
        expect(await repo.stepNotes('nosuchrunnosuchrunnosuchru', 'a', null, 2)).toBeNull();
    });

    it('copies before it drops, and copying again changes nothing', async () => {
        const kv = new MemoryKV();
        const step: RunStep = bareStep('a', {notes: Array.from({length: RECENT_NOTES_MAX + 1}, (_, i) => noteOf(`n${i}`)), noteCount: 30});
        // A copy of the notes that are to be dropped fails: nothing is dropped.
        kv.injectConflicts(() => true);
        await expect(trimNotes(kv, 'r1', step, 0)).rejects.toThrow(/too many concurrent changes/);
        kv.injectConflicts(null);
        const trimmed = await trimNotes(kv, 'r1', step, 0);
        expect(trimmed.notes.map((n) => n.text)).toEqual(['n6', 'n7', 'n8', 'n9', 'n10']);
        expect(trimmed.noteCount).toBe(30);
        const key = KEY.noteChunk('r1', stepKey('a'), 0);
        const bytes = await kv.get(key);
        await storeNotes(kv, 'r1', 'a', [{...noteOf('n0'), seq: 19}]);
        expect(await kv.get(key)).toEqual(bytes);
        const page = await notePage(kv, 'r1', trimmed, null, 11);
        expect(page.notes.map((n) => `${n.seq}:${n.text}`)).toEqual(Array.from({length: 11}, (_, i) => `${19 + i}:n${i}`));
        // Notes 0 to 18 were never written: reading them is an error, never a silent gap.
        await expect(notePage(kv, 'r1', trimmed, 19, 5)).rejects.toThrow(CorruptRecordError);
    });

    it('refuses a note chunk of another step or of a newer version', async () => {
        const kv = new MemoryKV();
        await storeNotes(kv, 'r1', 'a', [{...noteOf('x'), seq: 0}]);
        const step = bareStep('b', {notes: [], noteCount: 1});
        const key = KEY.noteChunk('r1', stepKey('b'), 0);
        await kv.set(key, await kv.get(KEY.noteChunk('r1', stepKey('a'), 0)));
        await expect(notePage(kv, 'r1', step, null, 5)).rejects.toThrow(/not a note chunk of step 'b'/);
        await kv.set(key, new TextEncoder().encode(JSON.stringify({schemaVersion: 9, stepId: 'b', notes: []})));
        await expect(notePage(kv, 'r1', step, null, 5)).rejects.toThrow(/newer than this plugin understands/);
    });
});
