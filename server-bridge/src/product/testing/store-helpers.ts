// Helpers for the store's tests: reading back which records exist, adding a note through the
// few-steps path as the service does.
import type {KVStore} from '../platform';
import type {RunRepository} from '../store';

const AT = '2026-01-02T00:00:00.000Z';

/** Every key with the prefix, across all of the store's pages. */
export async function keysOf(kv: KVStore, prefix: string): Promise<string[]> {
    const out: string[] = [];
    for (let page = 0; ; page++) {
        const keys = await kv.listKeys(page, 100);
        out.push(...keys.filter((k) => k.startsWith(prefix)));
        if (keys.length < 100) {
            return out;
        }
    }
}

/** Adds a note by u1 to one step through the few-steps path, with its step-note event. */
export function addNote(repo: RunRepository, runId: string, stepId: string, text: string) {
    return repo.updateSteps(runId, [stepId], (run) => {
        run.steps[0].notes.push({userId: 'u1', at: AT, text});
        run.steps[0].noteCount += 1;
        return {run, events: [{type: 'step-note', userId: 'u1', at: AT, source: 'api', stepId, data: {text}}], result: null};
    });
}
