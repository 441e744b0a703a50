// What needs attention in a run at a moment: the one rule behind the RHS's Overdue / Due
// today, the reminders, the daily digest and `/release status`. Shared by the server and the
// webapp (it needs only Luxon, which the web app host provides), so all four agree.
//
// A daily step (`{daily}`, the merge-back) is due every working day of the run from its first
// day (its phase's day) to its last (the day of its due time): each such day it is due at its
// time of day until it is ticked for that day ("Done for <day>", in the run's zone). Before the
// first day, on a non-working day, or once ticked for the day, it needs nothing; after its last
// day it is overdue until closed.
import {DateTime} from 'luxon';
import type {Run, RunStep} from './model';
import {applies} from './progress';
import {computeDueDay} from './schedule/due';

/** How a daily step's tick for a day reads where its notes are shown. */
export function dailyTick(day: string): string {
    return `Done for ${day}`;
}

/** The calendar day of an instant in a zone ('YYYY-MM-DD'). */
export function dayIn(ms: number, zone: string): string {
    return DateTime.fromMillis(ms, {zone}).toISODate() ?? '';
}

type Calendar = Pick<Run, 'releaseDay' | 'timeZone' | 'workingDays' | 'holidays' | 'phases'>;

/** The first day a daily step is due: its phase's day on the run's calendar ('' when unknown). */
export function dailyFirstDay(run: Calendar, step: Pick<RunStep, 'phaseId'>): string {
    const phase = run.phases.find((p) => p.id === step.phaseId);
    if (!phase) {
        return '';
    }
    try {
        return computeDueDay(run, {offset: phase.offset});
    } catch {
        return '';
    }
}

export interface DailyDay {
    /** The run's local day now. */
    day: string;
    firstDay: string;
    /** The local day of the step's due time. */
    lastDay: string;
    /** Today is one of the run's working days. */
    working: boolean;
    /** Ticked for today. */
    ticked: boolean;
    /** Today's occurrence: today at the step's time of day, in the run's zone (UTC ISO). */
    dueAt: string;
}

/** Where a daily step stands on the run's local day of `nowMs`. */
export function dailyDay(run: Calendar, step: RunStep, nowMs: number): DailyDay {
    const zone = run.timeZone;
    const day = dayIn(nowMs, zone);
    const due = DateTime.fromISO(step.dueAt, {zone: 'utc'}).setZone(zone);
    const today = DateTime.fromISO(`${day}T${due.toFormat('HH:mm')}`, {zone});
    const weekday = DateTime.fromISO(day, {zone: 'utc'}).weekday;
    return {
        day,
        firstDay: dailyFirstDay(run, step),
        lastDay: due.toISODate() ?? '',
        working: run.workingDays.includes(weekday) && !run.holidays.includes(day),
        ticked: (step.ticks ?? []).some((t) => t.day === day),
        dueAt: today.isValid ? today.toUTC().toISO() ?? step.dueAt : step.dueAt,
    };
}

export interface Attention {
    /** Open and past due (oldest first). */
    overdue: RunStep[];
    /** Open and due later today (soonest first). */
    dueToday: RunStep[];
}

/**
 * Overdue and due-today steps at `nowMs`. `dayOf` says which calendar day an instant is on
 * (the run's zone on the server, the viewer's in the RHS). Daily steps are listed with the
 * due time of today's occurrence, so every reader shows today's time.
 */
export function attentionOf(run: Run, nowMs: number, dayOf: (ms: number) => string = (ms) => dayIn(ms, run.timeZone)): Attention {
    const overdue: RunStep[] = [];
    const dueToday: RunStep[] = [];
    for (const step of run.steps) {
        if (step.state !== 'open' || !applies(run, step)) {
            continue;
        }
        let shown = step;
        if (step.recurring === 'daily') {
            const d = dailyDay(run, step, nowMs);
            if (d.day <= d.lastDay) {
                if ((d.firstDay && d.day < d.firstDay) || !d.working || d.ticked) {
                    continue;
                }
                shown = d.dueAt === step.dueAt ? step : {...step, dueAt: d.dueAt};
            }
        }
        const due = Date.parse(shown.dueAt);
        if (Number.isNaN(due)) {
            continue;
        }
        if (due < nowMs) {
            overdue.push(shown);
        } else if (dayOf(due) === dayOf(nowMs)) {
            dueToday.push(shown);
        }
    }
    const byDue = (a: RunStep, b: RunStep) => Date.parse(a.dueAt) - Date.parse(b.dueAt);
    return {overdue: overdue.sort(byDue), dueToday: dueToday.sort(byDue)};
}
