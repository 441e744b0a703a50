// Which open steps need attention on a given local day of a run: overdue (due on an earlier
// day or earlier today) and due later today. Shared by reminders, the digest and /release status.
import {DateTime} from 'luxon';
import type {Run, RunStep} from '../model';
import {applies} from '../report/run-facts';

export interface DueSteps {
    /** Open and past due at `now`. */
    overdue: RunStep[];
    /** Open, due later on the run's local day of `now`. */
    dueToday: RunStep[];
}

export function dueSteps(run: Run, nowMs: number): DueSteps {
    const today = DateTime.fromMillis(nowMs, {zone: run.timeZone}).toISODate();
    const overdue: RunStep[] = [];
    const dueToday: RunStep[] = [];
    for (const step of run.steps) {
        if (step.state !== 'open' || !applies(run, step)) {
            continue;
        }
        const due = DateTime.fromISO(step.dueAt, {zone: run.timeZone});
        if (!due.isValid) {
            continue;
        }
        if (due.toMillis() < nowMs) {
            overdue.push(step);
        } else if (due.toISODate() === today) {
            dueToday.push(step);
        }
    }
    return {overdue, dueToday};
}

/** The run's local calendar day and hour at an instant. */
export function localClock(run: Pick<Run, 'timeZone'>, nowMs: number): {day: string; hour: number} | null {
    const dt = DateTime.fromMillis(nowMs, {zone: run.timeZone});
    return dt.isValid ? {day: dt.toISODate() ?? '', hour: dt.hour} : null;
}
