// A channel's run list from its summary pages: a fixed number of reads, kept up to date by
// changes, rebuilt when missing or behind.
import {MemoryKV} from './memory-kv';
import {RunRepository, type NewEvent} from './run-repository';
import {KEY} from './keys';
import {SUMMARY_PAGES} from './run-summaries';
import {bareRun, bareStep} from '../testing/fixtures';

const ev: NewEvent = {type: 'step-done', userId: 'u1', at: '2026-01-02T00:00:00.000Z', source: 'api'};

function counting(kv: MemoryKV): string[] {
    const reads: string[] = [];
    const get = kv.get.bind(kv);
    kv.get = async (k) => {
        reads.push(k);
        return get(k);
    };
    return reads;
}

function tick(repo: RunRepository, runId: string, stepId: string) {
    return repo.updateSteps(runId, [stepId], (run) => {
        run.steps[0].state = 'done';
        return {run, events: [{...ev, stepId}], result: null};
    });
}

describe('run summaries', () => {
    it('lists a channel of 200 runs with the same few reads as a channel of 2, and shows each change', async () => {
        const readsFor: number[] = [];
        for (const count of [2, 200]) {
            const kv = new MemoryKV();
            const repo = new RunRepository(kv);
            for (let i = 0; i < count; i++) {
                await repo.create(bareRun(`r${i}`, 'c1', {version: `1.${i}.0`, steps: [bareStep('a'), bareStep('b')]}), []);
            }
            await tick(repo, 'r1', 'a');
            const reads = counting(kv);
            const list = await new RunRepository(kv).listSummaries('c1');
            expect(list.runs.map((r) => r.id)).toEqual(Array.from({length: count}, (_, i) => `r${i}`));
            expect(list.currentRunId).toBe(`r${count - 1}`);
            expect(list.runs[1].progress).toEqual({done: 1, skipped: 0, open: 1, total: 2});
            expect(reads.filter((k) => k.startsWith('run:'))).toEqual([]);
            readsFor.push(reads.length);
        }
        expect(readsFor).toEqual([1 + SUMMARY_PAGES, 1 + SUMMARY_PAGES]);
    });

    it('rebuilds a missing summary from the run head once, and repair rewrites one left behind', async () => {
        const kv = new MemoryKV();
        const repo = new RunRepository(kv);
        await repo.create(bareRun('r1', 'c1', {steps: [bareStep('a')]}), []);
        for (let k = 0; k < SUMMARY_PAGES; k++) {
            await kv.delete(KEY.summaries('c1', k));
        }
        let reads = counting(kv);
        expect((await repo.listSummaries('c1')).runs.map((r) => r.id)).toEqual(['r1']);
        expect(reads).toContain(KEY.run('r1'));
        reads = counting(kv);
        await repo.listSummaries('c1');
        expect(reads).not.toContain(KEY.run('r1'));

        // A crash between the head write and the summary write: the summary stays behind until repair.
        const pages = await Promise.all(Array.from({length: SUMMARY_PAGES}, (_, k) => kv.get(KEY.summaries('c1', k))));
        await tick(repo, 'r1', 'a');
        for (const [k, bytes] of pages.entries()) {
            await kv.set(KEY.summaries('c1', k), bytes);
        }
        expect((await repo.listSummaries('c1')).runs[0].progress.done).toBe(0);
        await repo.repairIndexes();
        expect((await repo.listSummaries('c1')).runs[0].progress.done).toBe(1);
    });

    it('never lets an older summary replace a newer one', async () => {
        const kv = new MemoryKV();
        const repo = new RunRepository(kv);
        await repo.create(bareRun('r1', 'c1', {steps: [bareStep('a'), bareStep('b')]}), []);
        await Promise.all([tick(repo, 'r1', 'a'), tick(repo, 'r1', 'b')]);
        const [summary] = (await repo.listSummaries('c1')).runs;
        expect(summary.revision).toBe(3);
        expect(summary.progress.done).toBe(2);
    });
});
