// How far a run has got, counted one way everywhere (RHS, run list, bot, status, report):
// steps whose condition the run answered "no" are not part of the release, so they count
// neither as closed nor in the total. Pure and dependency-free so the webapp shares it.
import type {Run, RunStep} from './model';

export interface Progress {
    done: number;
    skipped: number;
    open: number;
    total: number;
}

/** False when the step's condition was answered no for this run. */
export function applies(run: Pick<Run, 'conditions'>, step: Pick<RunStep, 'condition'>): boolean {
    // Own properties only: a condition id is template text ('constructor' is a valid id).
    return !step.condition || !Object.prototype.hasOwnProperty.call(run.conditions, step.condition) || run.conditions[step.condition] !== false;
}

export function progressOf(run: Pick<Run, 'conditions' | 'steps'>): Progress {
    let done = 0;
    let skipped = 0;
    let total = 0;
    for (const s of run.steps) {
        if (!applies(run, s)) {
            continue;
        }
        total++;
        if (s.state === 'done') {
            done++;
        } else if (s.state === 'skipped') {
            skipped++;
        }
    }
    return {done, skipped, open: total - done - skipped, total};
}
