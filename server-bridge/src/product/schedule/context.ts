// The calendar a run is scheduled on, and its validation. Every schedule function checks
// the context first, so a bad setting surfaces as one clear message instead of a wrong date.
import {ScheduleError} from './errors';
import {isValidDay} from './days';
import {isValidTimeZone} from './zone';

export interface ScheduleContext {
    /** T-0, 'YYYY-MM-DD'. */
    releaseDay: string;
    /** IANA zone of the run. */
    timeZone: string;
    /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
    workingDays: number[];
    /** 'YYYY-MM-DD' days that are never working days. */
    holidays: string[];
}

/** The calendar without a release day: what checkReleaseDay and the working-day helpers need. */
export type WorkingCalendar = Pick<ScheduleContext, 'workingDays' | 'holidays'>;

/** The first problem with the working days and holidays, or null. */
export function calendarProblem(cal: WorkingCalendar): string | null {
    if (!Array.isArray(cal.workingDays) || cal.workingDays.length === 0) {
        return 'no working days are configured; at least one weekday must be a working day';
    }
    const badDay = cal.workingDays.find((d) => !Number.isInteger(d) || d < 1 || d > 7);
    if (badDay !== undefined) {
        return `working day ${String(badDay)} is not an ISO weekday (1 = Monday ... 7 = Sunday)`;
    }
    if (!Array.isArray(cal.holidays)) {
        return 'holidays must be a list of YYYY-MM-DD dates';
    }
    const badHoliday = cal.holidays.find((h) => !isValidDay(h));
    if (badHoliday !== undefined) {
        return `holiday '${String(badHoliday)}' is not a date in the form YYYY-MM-DD`;
    }
    return null;
}

/** The first problem with a whole context, or null. */
export function contextProblem(ctx: ScheduleContext): string | null {
    if (!isValidDay(ctx.releaseDay)) {
        return `release day '${String(ctx.releaseDay)}' is not a date in the form YYYY-MM-DD`;
    }
    if (!isValidTimeZone(ctx.timeZone)) {
        return `'${String(ctx.timeZone)}' is not a known IANA time zone (e.g. America/Los_Angeles)`;
    }
    return calendarProblem(ctx);
}

export function assertCalendar(cal: WorkingCalendar): void {
    const problem = calendarProblem(cal);
    if (problem) {
        throw new ScheduleError(problem);
    }
}

export function assertContext(ctx: ScheduleContext): void {
    const problem = contextProblem(ctx);
    if (problem) {
        throw new ScheduleError(problem);
    }
}
