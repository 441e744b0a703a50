// Release days for tests that start or move runs through the real clock. A run may not start
// on a day before today in its zone, so a fixed date would make such a test fail on its own
// once the calendar passes it; these days are counted from today instead.
import {DateTime} from 'luxon';

/** Far enough ahead that no time zone's "today" and no T-n span reaches back to the real today. */
const LEAD_WEEKS = 3;

/**
 * The first given weekday (1 = Monday … 7 = Sunday) at least three weeks after today's UTC
 * day, as a UTC date to do day arithmetic on.
 */
export function weekdayAhead(weekday: number, now: Date = new Date()): DateTime {
    const earliest = DateTime.fromJSDate(now, {zone: 'utc'}).startOf('day').plus({weeks: LEAD_WEEKS});
    return earliest.plus({days: (weekday - earliest.weekday + 7) % 7});
}

/** The YYYY-MM-DD form the API and the forms take. */
export function isoDay(day: DateTime): string {
    const iso = day.toISODate();
    if (!iso) {
        throw new Error(`not a valid day: ${day.invalidExplanation ?? String(day)}`);
    }
    return iso;
}

export const FRIDAY = 5;
export const TUESDAY = 2;
