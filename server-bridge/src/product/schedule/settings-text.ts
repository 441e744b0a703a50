// The System Console stores working days and holidays as text; these turn that text into
// the calendar the schedule uses, naming the exact entry that is wrong.
import {isValidDay} from './days';

export type ParseResult<T> = {ok: true; value: T} | {ok: false; error: string};

const WEEKDAY_KEYS: Record<string, number> = {
    mon: 1, monday: 1,
    tue: 2, tues: 2, tuesday: 2,
    wed: 3, wednesday: 3,
    thu: 4, thur: 4, thurs: 4, thursday: 4,
    fri: 5, friday: 5,
    sat: 6, saturday: 6,
    sun: 7, sunday: 7,
};

/** Bounds keep a pasted novel from being scanned entry by entry. */
const MAX_SETTING_TEXT = 64 * 1024;
const MAX_HOLIDAYS = 2000;

function weekdayNumber(token: string): number | null {
    const key = token.trim().toLowerCase();
    if (/^[1-7]$/.test(key)) {
        return Number(key);
    }
    return WEEKDAY_KEYS[key] ?? null;
}

function quote(entry: string): string {
    return entry.length > 40 ? `'${entry.slice(0, 40)}...'` : `'${entry}'`;
}

/**
 * 'Mon,Tue,Wed,Thu,Fri' (names, short names or ISO numbers, ranges like 'Mon-Fri' or
 * 'Sun-Thu', commas or spaces) to sorted ISO weekdays [1..5].
 */
export function parseWorkingDays(text: string): ParseResult<number[]> {
    if (typeof text !== 'string' || text.length > MAX_SETTING_TEXT) {
        return {ok: false, error: 'working days must be a short text such as Mon,Tue,Wed,Thu,Fri'};
    }
    const days = new Set<number>();
    for (const entry of text.split(/[,;\s]+/).filter((e) => e !== '')) {
        const range = entry.split('-');
        if (range.length > 2) {
            return {ok: false, error: `working day ${quote(entry)} is not a weekday or a range like Mon-Fri`};
        }
        const first = weekdayNumber(range[0]);
        const last = range.length === 2 ? weekdayNumber(range[1]) : first;
        if (first === null || last === null) {
            return {ok: false, error: `working day ${quote(entry)} is not a weekday; use Mon, Tue, Wed, Thu, Fri, Sat, Sun`};
        }
        // A range may wrap past Sunday, e.g. Sun-Thu for a Sunday-to-Thursday week.
        for (let d = first; ; d = (d % 7) + 1) {
            days.add(d);
            if (d === last) {
                break;
            }
        }
    }
    if (days.size === 0) {
        return {ok: false, error: 'no working days given; list at least one, e.g. Mon,Tue,Wed,Thu,Fri'};
    }
    return {ok: true, value: [...days].sort((a, b) => a - b)};
}

/** Holidays, one per line or comma-separated, as YYYY-MM-DD; sorted and without repeats. */
export function parseHolidays(text: string): ParseResult<string[]> {
    if (typeof text !== 'string' || text.length > MAX_SETTING_TEXT) {
        return {ok: false, error: `holidays must be a text of at most ${MAX_SETTING_TEXT} characters`};
    }
    const holidays = new Set<string>();
    const entries = text.split(/[,\n\r]+/).map((e) => e.trim()).filter((e) => e !== '');
    for (const entry of entries) {
        if (!isValidDay(entry)) {
            return {ok: false, error: `holiday ${quote(entry)} is not a date in the form YYYY-MM-DD`};
        }
        holidays.add(entry);
        if (holidays.size > MAX_HOLIDAYS) {
            return {ok: false, error: `more than ${MAX_HOLIDAYS} holidays; remove past years`};
        }
    }
    return {ok: true, value: [...holidays].sort()};
}
