// Calendar days ('YYYY-MM-DD') as luxon dates. Day arithmetic runs in UTC, where every
// day is 24 hours long, so adding days can never be shifted by a daylight-saving change.
import {DateTime} from 'luxon';

const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/**
 * Whether the text is a real 'YYYY-MM-DD' date (2024-02-30 is not). Checked without
 * building a luxon date because calendars validate every holiday on every call.
 */
export function isValidDay(day: unknown): day is string {
    if (typeof day !== 'string' || !DAY_FORMAT.test(day)) {
        return false;
    }
    const [y, m, d] = day.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The day as a UTC midnight, or null when it is not a real 'YYYY-MM-DD' date. */
export function parseDay(day: unknown): DateTime | null {
    if (!isValidDay(day)) {
        return null;
    }
    const parsed = DateTime.fromISO(day, {zone: 'utc'});
    return parsed.isValid ? parsed : null;
}

export function formatDay(date: DateTime): string {
    return date.toISODate() as string;
}

/** ISO weekday, 1 = Monday ... 7 = Sunday. */
export function weekdayOf(date: DateTime): number {
    return date.weekday;
}

export function weekdayName(isoWeekday: number): string {
    return WEEKDAY_NAMES[isoWeekday - 1] ?? `day ${isoWeekday}`;
}
