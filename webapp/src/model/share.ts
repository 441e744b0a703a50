// Structural sharing between two revisions of a run: steps that did not change keep their
// object identity, so memoized rows skip re-rendering when one step of sixty changes.
import type {Run, RunStep} from '../api/types';

export function shareUnchanged(prev: Run | undefined, next: Run): Run {
    if (!prev || prev.id !== next.id || !Array.isArray(prev.steps) || !Array.isArray(next.steps)) {
        return next;
    }
    const old = new Map<string, RunStep>(prev.steps.map((s) => [s.id, s]));
    let reused = 0;
    const steps = next.steps.map((s) => {
        const before = old.get(s.id);
        if (before && JSON.stringify(before) === JSON.stringify(s)) {
            reused++;
            return before;
        }
        return s;
    });
    return reused === 0 ? next : {...next, steps};
}
