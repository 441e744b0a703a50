// From a step's DueSpec to a concrete instant. The due day is found on the calendar
// (working or calendar days from T-0), then the time of day is placed in the spec's own
// zone or the run's zone with luxon, which applies that zone's daylight-saving rules.
import {DateTime} from 'luxon';
import type {DueSpec} from '../model';
import {assertContext, ScheduleContext} from './context';
import {formatDay, parseDay} from './days';
import {ScheduleError} from './errors';
import {addWorkingDays} from './working-days';
import {isValidTimeZone} from './zone';

/** The end of the working day, used when a spec gives no time. */
export const DEFAULT_DUE_TIME = '17:00';

/** Largest calendar offset accepted (a bit over a year either way). */
export const MAX_CALENDAR_OFFSET = 400;

const TIME_FORMAT = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isValidTime(time: unknown): time is string {
    return typeof time === 'string' && TIME_FORMAT.test(time);
}

/** The calendar day ('YYYY-MM-DD') a spec falls on, before any time of day is applied. */
export function computeDueDay(ctx: ScheduleContext, due: DueSpec): string {
    assertContext(ctx);
    const {unit, days} = due.offset;
    if (unit === 'working') {
        return addWorkingDays(ctx.releaseDay, days, ctx);
    }
    if (unit !== 'calendar' || !Number.isInteger(days) || Math.abs(days) > MAX_CALENDAR_OFFSET) {
        throw new ScheduleError(`offset ${JSON.stringify(due.offset)} is not a working or calendar offset of at most ${MAX_CALENDAR_OFFSET} days`);
    }
    const releaseDay = parseDay(ctx.releaseDay) as DateTime;
    return formatDay(releaseDay.plus({days}));
}

/**
 * The due instant of a spec as a UTC ISO string (e.g. '2024-03-12T00:00:00.000Z').
 * A local time that does not exist (inside a spring-forward gap) moves forward by the gap;
 * one that happens twice (the fall-back hour) is luxon's fixed choice, the later instant.
 */
export function computeDueAt(ctx: ScheduleContext, due: DueSpec): string {
    const day = computeDueDay(ctx, due);
    const time = due.time ?? DEFAULT_DUE_TIME;
    if (!isValidTime(time)) {
        throw new ScheduleError(`time '${String(time)}' is not a time of day in the form HH:mm`);
    }
    const zone = due.zone ?? ctx.timeZone;
    if (!isValidTimeZone(zone)) {
        throw new ScheduleError(`'${String(zone)}' is not a known IANA time zone (e.g. America/Los_Angeles)`);
    }
    const [hour, minute] = time.split(':').map(Number);
    const [year, month, dayOfMonth] = day.split('-').map(Number);
    const local = DateTime.fromObject({year, month, day: dayOfMonth, hour, minute}, {zone});
    if (!local.isValid) {
        throw new ScheduleError(`cannot place ${day} ${time} in ${zone}: ${local.invalidExplanation ?? 'invalid'}`);
    }
    return local.toUTC().toISO() as string;
}
