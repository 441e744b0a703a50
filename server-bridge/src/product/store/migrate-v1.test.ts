// Runs stored by the plugin before run records were split (schemaVersion 1: the whole run in
// `run:<id>`), read from a KV dump written by that version (testdata/kv-schema1.json).
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {MemoryKV} from './memory-kv';
import {RunRepository} from './run-repository';
import {KEY} from './keys';
import {RUN_RECORD_VERSION} from './records';
import type {Run} from '../model';
import {keysOf} from '../testing/store-helpers';

interface Dump {
    runIds: string[];
    channelId: string;
    keys: Record<string, unknown>;
}

const dump = JSON.parse(readFileSync(join(__dirname, 'testdata', 'kv-schema1.json'), 'utf8')) as Dump;
const enc = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));
const dec = (v: Uint8Array | null): Record<string, unknown> => JSON.parse(new TextDecoder().decode(v!));
const [active, finished] = dump.runIds;
const stored = (id: string): Run => (dump.keys[KEY.run(id)] as {run: Run}).run;
/**
 * The run as read since schemaVersion 3: every step counts its notes, and the merge-back's
 * "Done for" note (its daily tick of 2026-03-10) is a tick instead.
 */
const v1Run = (id: string): Run => {
    const run = stored(id);
    return {...run, steps: run.steps.map((s) => (s.id === 'merge-back' && s.notes.length > 0
        ? {...s, notes: [], noteCount: 0, ticks: [{day: '2026-03-10', userId: 'devuser', at: '2026-03-10T12:00:00.000Z'}]}
        : {...s, noteCount: s.notes.length}))};
};

async function load(): Promise<{kv: MemoryKV; repo: RunRepository}> {
    const kv = new MemoryKV();
    for (const [key, value] of Object.entries(dump.keys)) {
        await kv.set(key, enc(value));
    }
    return {kv, repo: new RunRepository(kv)};
}

describe('runs stored with schemaVersion 1', () => {
    it('reads them whole, unchanged, without writing anything', async () => {
        const {kv, repo} = await load();
        const before = await kv.get(KEY.run(active));
        const stored = (await repo.get(active))!;
        expect(stored.run).toEqual(v1Run(active));
        expect(stored.eventCount).toBe(127);
        expect((await repo.allEvents(stored)).map((e) => e.seq)).toEqual(Array.from({length: 127}, (_, i) => i));
        expect((await repo.head(active))!.progress).toEqual({done: 1, skipped: 1, open: 6, total: 8});
        // The head of a schemaVersion 1 run has no event counts: they are counted from the chunks.
        expect(await repo.eventTypes(stored)).toEqual({'run-created': 1, 'step-done': 2, 'step-note': 121, 'step-skipped': 1, 'step-reassigned': 1, 'step-due-changed': 1});
        expect(await kv.get(KEY.run(active))).toEqual(before);
        expect(await keysOf(kv, 'st:')).toEqual([]);
        const list = await repo.listChannel(dump.channelId);
        expect(list.runs.map((r) => [r.id, r.status])).toEqual([[active, 'active'], [finished, 'finished']]);
        expect(list.currentRunId).toBe(active);
        expect((await repo.listActive()).map((r) => r.id)).toEqual([active]);
    });

    it('splits a run into a head and step chunks with its next change, losing nothing', async () => {
        const {kv, repo} = await load();
        const out = await repo.updateSteps(active, ['blog'], (run) => {
            run.steps[0].notes.push({userId: 'u1', at: '2026-03-03T00:00:00.000Z', text: 'after the upgrade'});
            return {run, events: [{type: 'step-note', userId: 'u1', at: '2026-03-03T00:00:00.000Z', source: 'api', stepId: 'blog', data: {text: 'after the upgrade'}}], result: null};
        });
        expect(out.run.revision).toBe(v1Run(active).revision + 1);
        expect(out.events[0].seq).toBe(127);
        const head = dec(await kv.get(KEY.run(active)));
        expect(head.schemaVersion).toBe(RUN_RECORD_VERSION);
        expect(head).not.toHaveProperty('run.steps');
        const chunks = await keysOf(kv, `st:${active}:`);
        expect(chunks.length).toBe((head.chunks as string[]).length);
        const run = (await new RunRepository(kv).getRun(active))!;
        const expected = v1Run(active);
        expect(run.steps.map((s) => s.id)).toEqual(expected.steps.map((s) => s.id));
        expect(run.steps.find((s) => s.id === 'installers/puppet')!.notes).toEqual(expected.steps.find((s) => s.id === 'installers/puppet')!.notes);
        expect(run.steps.find((s) => s.id === 'blog')!.notes.map((n) => n.text)).toEqual(['after the upgrade']);
        expect({...run, steps: [], revision: 0}).toEqual({...expected, steps: [], revision: 0});
        const all = await repo.allEvents((await repo.get(active))!);
        expect(all.map((e) => e.seq)).toEqual(Array.from({length: 128}, (_, i) => i));
        // The other run is left as it was until it changes.
        expect(dec(await kv.get(KEY.run(finished))).schemaVersion).toBe(1);
    });

    it('migrates a run on its next run-wide change too', async () => {
        const {kv, repo} = await load();
        await repo.update(active, (run) => ({run: {...run, status: 'finished'}, events: [{type: 'run-finished', userId: 'u1', at: '2026-03-03T00:00:00.000Z', source: 'api'}], result: null}));
        expect(dec(await kv.get(KEY.run(active))).schemaVersion).toBe(RUN_RECORD_VERSION);
        const run = (await repo.getRun(active))!;
        expect(run.status).toBe('finished');
        expect(run.steps).toEqual(v1Run(active).steps);
        expect(await repo.listActive()).toEqual([]);
    });
});
