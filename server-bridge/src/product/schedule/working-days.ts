// Working-day arithmetic: T-n / T+n counting that skips non-working weekdays and holidays.
// Every walk is bounded, so a calendar with (almost) no working days ends in an error,
// never in an endless loop.
import {DateTime} from 'luxon';
import {assertCalendar, WorkingCalendar} from './context';
import {formatDay, parseDay} from './days';
import {ScheduleError} from './errors';

/** How far any walk may look for the next working day before giving up. */
export const MAX_SEARCH_DAYS = 366;

/** Largest working-day offset or span the helpers accept (about four years of working days). */
export const MAX_WORKING_OFFSET = 1000;

function dayOrThrow(day: string, what: string): DateTime {
    const parsed = parseDay(day);
    if (!parsed) {
        throw new ScheduleError(`${what} '${String(day)}' is not a date in the form YYYY-MM-DD`);
    }
    return parsed;
}

/** A predicate over days for one calendar; built once per call so walks stay cheap. */
function workingTest(cal: WorkingCalendar): (date: DateTime) => boolean {
    const weekdays = new Set(cal.workingDays);
    const holidays = new Set(cal.holidays);
    return (date) => weekdays.has(date.weekday) && !holidays.has(formatDay(date));
}

export function isWorkingDay(day: string, cal: WorkingCalendar): boolean {
    assertCalendar(cal);
    return workingTest(cal)(dayOrThrow(day, 'day'));
}

/** The first working day strictly after (direction 1) or before (-1) the date. */
function stepToWorkingDay(from: DateTime, direction: 1 | -1, isWorking: (d: DateTime) => boolean): DateTime {
    let cursor = from;
    for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
        cursor = cursor.plus({days: direction});
        if (isWorking(cursor)) {
            return cursor;
        }
    }
    const side = direction > 0 ? 'after' : 'before';
    throw new ScheduleError(`no working day within ${MAX_SEARCH_DAYS} days ${side} ${formatDay(from)}; check the working days and holidays`);
}

/** The day n working days after (n > 0) or before (n < 0) the given day; n = 0 is the day itself. */
export function addWorkingDays(day: string, n: number, cal: WorkingCalendar): string {
    assertCalendar(cal);
    if (!Number.isInteger(n) || Math.abs(n) > MAX_WORKING_OFFSET) {
        throw new ScheduleError(`working-day offset ${String(n)} must be a whole number between -${MAX_WORKING_OFFSET} and ${MAX_WORKING_OFFSET}`);
    }
    const isWorking = workingTest(cal);
    const direction = n >= 0 ? 1 : -1;
    let cursor = dayOrThrow(day, 'day');
    for (let i = 0; i < Math.abs(n); i++) {
        cursor = stepToWorkingDay(cursor, direction, isWorking);
    }
    return formatDay(cursor);
}

/**
 * The nearest working day to the given day in one direction, the day itself included:
 * what a release day on a holiday moves to.
 */
export function nearestWorkingDay(day: string, direction: 'next' | 'previous', cal: WorkingCalendar): string {
    assertCalendar(cal);
    const isWorking = workingTest(cal);
    const start = dayOrThrow(day, 'day');
    if (isWorking(start)) {
        return day;
    }
    return formatDay(stepToWorkingDay(start, direction === 'next' ? 1 : -1, isWorking));
}

/**
 * Working days from `from` to `to`: the count of working days in (from, to] when to is
 * later, minus the count in [to, from) when it is earlier. The inverse of addWorkingDays
 * for working `to` days: addWorkingDays(from, workingDaysBetween(from, to)) === to.
 */
export function workingDaysBetween(from: string, to: string, cal: WorkingCalendar): number {
    assertCalendar(cal);
    const start = dayOrThrow(from, 'from day');
    const end = dayOrThrow(to, 'to day');
    const span = Math.round(end.diff(start, 'days').days);
    if (Math.abs(span) > MAX_WORKING_OFFSET * 2) {
        throw new ScheduleError(`the span from ${from} to ${to} is longer than ${MAX_WORKING_OFFSET * 2} days`);
    }
    const isWorking = workingTest(cal);
    const direction = span >= 0 ? 1 : -1;
    let count = 0;
    let cursor = start;
    for (let i = 0; i < Math.abs(span); i++) {
        // Walking away from `from` visits (from, to] forwards or [to, from) backwards.
        cursor = cursor.plus({days: direction});
        if (isWorking(cursor)) {
            count++;
        }
    }
    return direction * count;
}
