// What a run's calendar holds: its milestones (each phase's day, T-4 ... T-0, and the steps
// with a day of their own after it, such as the blog post at T+1 and the security update at
// +30 days) or one person's steps. Every entry has a key that never changes for the same
// milestone or step of the same run, so a calendar app that imports the file again updates
// its events instead of adding copies.
import {DateTime} from 'luxon';

import {dailyFirstDay} from '../attention';
import {applies} from '../progress';
import type {Run, RunPhase, RunStep} from '../model';
import {offsetLabel, ownersOf, roleName, stepNumbers} from '../report/run-facts';
import {computeDueAt} from '../schedule/due';

export interface CalendarEntry {
    /** Unique within the run and stable across exports (becomes the event's UID). */
    key: string;
    summary: string;
    /** The due instant (UTC ISO); the event is placed at it in the run's zone. */
    dueAt: string;
    /** Plain text lines (the permalink is added by the writer). */
    details: string[];
    /** A step that was closed or no longer applies stays in the file, marked, so a re-import updates it. */
    status: 'open' | 'done' | 'skipped' | 'cancelled';
    /** A daily step: one occurrence each working day from `firstDueAt` to `dueAt`, at the same wall-clock time. */
    daily?: DailyRecurrence;
}

export interface DailyRecurrence {
    /** The first occurrence (UTC ISO): the step's first day at its time of day in the run's zone. */
    firstDueAt: string;
    /** ISO weekdays (1 = Monday) the step recurs on: the run's working days. */
    weekdays: number[];
    /** Occurrences left out (UTC ISO): the run's holidays on those weekdays. */
    exclude: string[];
}

function sameOffset(step: RunStep, phase: RunPhase): boolean {
    const d = step.due;
    return d.offset.unit === phase.offset.unit && d.offset.days === phase.offset.days && d.time === undefined && d.zone === undefined;
}

function phaseDueAt(run: Run, phase: RunPhase): string | null {
    try {
        return computeDueAt(run, {offset: phase.offset});
    } catch {
        // A run whose calendar no longer resolves (a hand-edited record) still exports its steps.
        return null;
    }
}

/**
 * The run's milestones in time order: one per phase, named by its T-offset, and one per
 * top-level step that applies and is due on a day of its own (not its phase's; daily steps
 * excluded, they recur).
 */
export function milestoneEntries(run: Run): CalendarEntry[] {
    const out: CalendarEntry[] = [];
    for (const phase of run.phases) {
        const dueAt = phaseDueAt(run, phase);
        const steps = run.steps.filter((s) => s.phaseId === phase.id && !s.parentId && applies(run, s) && sameOffset(s, phase));
        if (dueAt === null) {
            continue;
        }
        const label = phase.offset.days === 0 && phase.offset.unit === 'working' ? 'T-0, release day' : offsetLabel(phase.offset);
        out.push({
            key: `phase-${phase.id}`,
            summary: `Release ${run.version}: ${label}, ${phase.label}. ${phase.title}`,
            dueAt,
            details: [`${steps.length} step${steps.length === 1 ? '' : 's'} due:`, ...steps.map((s) => `- ${s.title} (${roleName(run, s.role)})`)],
            status: 'open',
        });
    }
    if (!run.phases.some((p) => p.offset.days === 0)) {
        const releaseDay = phaseDueAt(run, {id: '', label: '', title: '', offset: {unit: 'working', days: 0}});
        if (releaseDay) {
            out.push({key: 'release-day', summary: `Release ${run.version}: T-0, release day`, dueAt: releaseDay, details: [], status: 'open'});
        }
    }
    for (const step of run.steps) {
        const phase = run.phases.find((p) => p.id === step.phaseId);
        if (step.parentId || step.recurring === 'daily' || !applies(run, step) || (phase && sameOffset(step, phase))) {
            continue;
        }
        out.push({
            key: `milestone-${step.id}`,
            summary: `Release ${run.version}: ${step.title}`,
            dueAt: step.dueAt,
            details: [`${roleName(run, step.role)}, ${offsetLabel(step.due.offset)}`],
            status: step.state,
        });
    }
    return out.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.key.localeCompare(b.key));
}

/**
 * The recurrence of an open daily step (the merge-back): every working day of the run from its
 * first day (its phase's day) to its last (the day of its due time), as the attention rule
 * has it due; null when its calendar cannot be worked out or it is due on one day only.
 */
export function dailyRecurrence(run: Run, step: RunStep): DailyRecurrence | null {
    const zone = run.timeZone;
    const last = DateTime.fromISO(step.dueAt, {zone: 'utc'}).setZone(zone);
    const firstDay = dailyFirstDay(run, step);
    if (!last.isValid || !firstDay) {
        return null;
    }
    const first = DateTime.fromISO(`${firstDay}T${last.toFormat('HH:mm')}`, {zone});
    if (!first.isValid || first >= last) {
        return null;
    }
    const lastDay = last.toISODate() ?? '';
    const exclude = run.holidays
        .filter((day) => day >= firstDay && day <= lastDay && run.workingDays.includes(DateTime.fromISO(day, {zone: 'utc'}).weekday))
        .map((day) => DateTime.fromISO(`${day}T${last.toFormat('HH:mm')}`, {zone}).toUTC().toISO() ?? '')
        .filter((iso) => iso !== '');
    return {firstDueAt: first.toUTC().toISO() ?? step.dueAt, weekdays: [...run.workingDays].sort(), exclude};
}

/** One entry per step the user owns (a role they fill, or assigned to them), in time order. */
export function myStepEntries(run: Run, userId: string): CalendarEntry[] {
    const numbers = stepNumbers(run);
    return run.steps
        .filter((s) => ownersOf(run, s).includes(userId))
        .map((s): CalendarEntry => {
            const number = numbers.get(s.id);
            const lines = [`${roleName(run, s.role)}${number ? `, step #${number}` : ''}`];
            const daily = s.recurring === 'daily' && s.state === 'open' ? dailyRecurrence(run, s) : null;
            if (s.recurring === 'daily') {
                lines.push('Due every working day until its last day; tick it once a day.');
            }
            if (s.description) {
                lines.push('', s.description);
            }
            return {
                key: `step-${s.id}`,
                summary: `Release ${run.version}: ${s.title}`,
                dueAt: s.dueAt,
                details: lines,
                status: applies(run, s) ? s.state : 'cancelled',
                ...(daily ? {daily} : {}),
            };
        })
        .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.key.localeCompare(b.key));
}
