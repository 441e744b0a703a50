// Runs stored before notes had records of their own (schemaVersion 2: every note inside its
// step, daily ticks as "Done for <day>" notes), read from a KV dump written by that version
// (testdata/kv-schema2.json).
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {KEY} from './keys';
import {RUN_RECORD_VERSION} from './records';
import {RECENT_NOTES, stepKey} from './note-log';
import {DEV, QA, RM, makeHarness, type Harness} from '../testing/service-harness';
import type {Note, Run, RunStep} from '../model';

interface Dump {
    runIds: string[];
    now: string;
    keys: Record<string, unknown>;
}

const dump = JSON.parse(readFileSync(join(__dirname, 'testdata', 'kv-schema2.json'), 'utf8')) as Dump;
const [runId] = dump.runIds;
const enc = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));
const dec = (v: Uint8Array | null): Record<string, unknown> => JSON.parse(new TextDecoder().decode(v!));

/** The steps as stored in the dump: the chunk's, with the head's pending copies over them. */
function storedSteps(): RunStep[] {
    const head = dump.keys[KEY.run(runId)] as {pending: RunStep[]};
    const chunk = Object.entries(dump.keys).find(([k]) => k.startsWith(`st:${runId}:`))![1] as {steps: RunStep[]};
    return chunk.steps.map((s) => head.pending.find((p) => p.id === s.id) ?? s);
}
const storedNotes = (id: string): Note[] => storedSteps().find((s) => s.id === id)!.notes;

async function load(): Promise<Harness> {
    const h = makeHarness();
    for (const [key, value] of Object.entries(dump.keys)) {
        await h.platform.kv.set(key, enc(value));
    }
    h.clock.now = new Date(dump.now);
    return h;
}

const texts = (notes: Note[]): string[] => notes.map((n) => n.text);

describe('runs stored with schemaVersion 2', () => {
    it('reads every note as it was, and the daily ticks as ticks, without writing anything', async () => {
        const h = await load();
        const before = h.platform.kv.size();
        const headBytes = await h.platform.kv.get(KEY.run(runId));
        const run = await h.service.getRun(RM, runId);
        const fixes = run.steps.find((s) => s.id === 'fixes-merged')!;
        expect(storedNotes('fixes-merged')).toHaveLength(60);
        expect(fixes.notes).toEqual(storedNotes('fixes-merged'));
        expect(fixes.noteCount).toBe(60);
        expect(fixes.state).toBe('done');
        const daily = run.steps.find((s) => s.id === 'merge-back')!;
        expect(texts(storedNotes('merge-back'))).toEqual(['Done for 2026-03-09', 'Done for 2026-03-10']);
        expect(daily.notes).toEqual([]);
        expect(daily.ticks).toEqual(storedNotes('merge-back').map((n) => ({day: n.text.slice(9), userId: n.userId, at: n.at})));
        expect(texts(run.steps.find((s) => s.id === 'blog')!.notes)).toEqual(['blog note 0', 'blog note 1', 'blog note 2']);
        // Pending steps of the head are read alike.
        expect(texts(run.steps.find((s) => s.id === 'installers/puppet')!.notes)).toEqual(['puppet note']);
        expect(run.steps.find((s) => s.id === 'cut-rc')!.noteCount).toBe(1);
        const page = await h.service.stepNotes(DEV, runId, 'fixes-merged', 10, 5);
        expect(page.notes.map((n) => n.seq)).toEqual([5, 6, 7, 8, 9]);
        expect(texts(page.notes)).toEqual(texts(storedNotes('fixes-merged').slice(5, 10)));
        expect(h.platform.kv.size()).toBe(before);
        expect(await h.platform.kv.get(KEY.run(runId))).toEqual(headBytes);
    });

    it('takes back a tick stored as a note with undo, and keeps the other days', async () => {
        const h = await load();
        await expect(h.service.markDone(DEV, runId, 'merge-back', {source: 'rhs'})).rejects.toThrow(/already done for 2026-03-10/);
        const run = await h.service.undo(DEV, runId, 'merge-back', 'rhs');
        const step = run.steps.find((s) => s.id === 'merge-back')!;
        expect(step.state).toBe('open');
        expect(step.ticks!.map((t) => t.day)).toEqual(['2026-03-09']);
        await h.service.markDone(QA, runId, 'merge-back', {source: 'rhs'});
        const again = (await h.service.getRun(RM, runId)).steps.find((s) => s.id === 'merge-back')!;
        expect(again.ticks!.map((t) => [t.day, t.userId])).toEqual([['2026-03-09', DEV], ['2026-03-10', QA]]);
    });

    it('moves a step\'s older notes into their own records with its next note, losing none', async () => {
        const h = await load();
        const delta = await h.service.stepAction(QA, runId, 'fixes-merged', {verb: 'note', text: 'after the upgrade'}, 'rhs');
        const step = delta.steps[0];
        expect(step.noteCount).toBe(61);
        expect(texts(step.notes)).toEqual([...texts(storedNotes('fixes-merged').slice(-(RECENT_NOTES - 1))), 'after the upgrade']);
        expect(dec(await h.platform.kv.get(KEY.run(runId))).schemaVersion).toBe(RUN_RECORD_VERSION);
        const chunks = (await h.platform.kv.listKeys(0, 1000)).filter((k) => k.startsWith(`nt:${runId}:${stepKey('fixes-merged')}:`));
        expect(chunks).toHaveLength(3);
        const all = await h.service.stepNotes(DEV, runId, 'fixes-merged', null, 100);
        expect(all.notes).toEqual([...storedNotes('fixes-merged'), {userId: QA, at: dump.now, text: 'after the upgrade'}].map((n, seq) => ({...n, seq})));
        const run: Run = await h.service.getRun(RM, runId);
        expect(run.steps.find((s) => s.id === 'fixes-merged')).toEqual(step);
        expect(texts(run.steps.find((s) => s.id === 'blog')!.notes)).toEqual(['blog note 0', 'blog note 1', 'blog note 2']);
    });

    it('keeps everything through a run-wide change', async () => {
        const h = await load();
        const before = await h.service.getRun(RM, runId);
        const after = await h.service.finish(RM, runId, 'rhs');
        expect(after.status).toBe('finished');
        expect(after.steps).toEqual(before.steps);
        expect(dec(await h.platform.kv.get(KEY.run(runId))).schemaVersion).toBe(RUN_RECORD_VERSION);
        expect((await h.service.stepNotes(DEV, runId, 'fixes-merged', null, 100)).notes).toHaveLength(60);
    });
});
