// A release day before today (in the run's time zone) would start every step overdue: the
// preview warns about it, starting or moving a run onto it is refused.
import type {RunStep, TemplatePhase} from '../model';
import {offsetLabel} from '../report/run-facts';
import {formatInstant} from '../report/time-format';
import {localDay} from './step-actions';

/** Today's date as YYYY-MM-DD in `zone`. */
export function todayIn(zone: string, now: string): string {
    return localDay(now, zone);
}

export function isPastDay(day: string, zone: string, now: string): boolean {
    return day < todayIn(zone, now);
}

export function pastDayWarning(day: string): string {
    return `The release day ${day} is in the past: every step will start overdue.`;
}

export function pastDayRefusal(day: string, zone: string, now: string): string {
    return `The release day ${day} is in the past (today is ${todayIn(zone, now)} in ${zone}); choose today or a later day.`;
}

/**
 * A release day close enough that a phase's day has already passed (T-4 before now): the
 * start is allowed, but the preview says which phases start overdue and how many steps.
 */
export function pastPhaseWarnings(phases: TemplatePhase[], steps: RunStep[], zone: string, now: string): string[] {
    const nowMs = Date.parse(now);
    const out: string[] = [];
    for (const phase of phases) {
        // The phase's own day: its top-level steps without a due time of their own.
        const onPhaseDay = steps.filter((s) => s.phaseId === phase.id && !s.parentId && s.state === 'open' && !s.due.time && !s.due.zone &&
            s.due.offset.unit === phase.offset.unit && s.due.offset.days === phase.offset.days);
        const late = onPhaseDay.filter((s) => Date.parse(s.dueAt) < nowMs);
        if (late.length > 0) {
            const count = late.length === 1 ? '1 step' : `${late.length} steps`;
            out.push(`${offsetLabel(phase.offset)} (${formatInstant(late[0].dueAt, zone)}) is already past: ${count} of ${phase.label}. ${phase.title} will start overdue.`);
        }
    }
    return out;
}
