// Which open steps need attention on a given local day of a run: overdue (due on an earlier
// day or earlier today) and due later today, by the shared rule of product/attention.ts (the
// RHS uses it too). Used by reminders, the digest and /release status.
import {DateTime} from 'luxon';
import type {Run} from '../model';
import {attentionOf, type Attention} from '../attention';

export type DueSteps = Attention;

/** The run's own calendar day decides "today". */
export function dueSteps(run: Run, nowMs: number): DueSteps {
    return attentionOf(run, nowMs);
}

/** The run's local calendar day and hour at an instant. */
export function localClock(run: Pick<Run, 'timeZone'>, nowMs: number): {day: string; hour: number} | null {
    const dt = DateTime.fromMillis(nowMs, {zone: run.timeZone});
    return dt.isValid ? {day: dt.toISODate() ?? '', hour: dt.hour} : null;
}
