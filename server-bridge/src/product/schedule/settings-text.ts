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

/** One entry of a settings text that was not understood; the rest of the text still counts. */
export interface EntryProblem {
    /** 1-based line of the text the entry is on. */
    line: number;
    entry: string;
    error: string;
}

/** What could be read from a settings text, and each entry that could not. */
export interface Lenient<T> {
    value: T;
    problems: EntryProblem[];
}

/** Entries separated by commas, semicolons or spaces, with the line each is on. */
function entriesOf(text: string, separators: RegExp): Array<{line: number; entry: string}> {
    return text.split(/\r\n|\r|\n/).flatMap((row, i) => row.split(separators).map((e) => e.trim()).filter((e) => e !== '').map((entry) => ({line: i + 1, entry})));
}

function weekdaysOf(entry: string): number[] | string {
    const range = entry.split('-');
    if (range.length > 2) {
        return `working day ${quote(entry)} is not a weekday or a range like Mon-Fri`;
    }
    const first = weekdayNumber(range[0]);
    const last = range.length === 2 ? weekdayNumber(range[1]) : first;
    if (first === null || last === null) {
        return `working day ${quote(entry)} is not a weekday; use Mon, Tue, Wed, Thu, Fri, Sat, Sun`;
    }
    const days: number[] = [];
    // A range may wrap past Sunday, e.g. Sun-Thu for a Sunday-to-Thursday week.
    for (let d = first; ; d = (d % 7) + 1) {
        days.push(d);
        if (d === last) {
            return days;
        }
    }
}

/**
 * Working days read entry by entry: an entry that is not a weekday is reported and left out,
 * the others still count (the System Console field and the server use this one rule).
 */
export function readWorkingDays(text: string): Lenient<number[]> {
    if (typeof text !== 'string' || text.length > MAX_SETTING_TEXT) {
        return {value: [], problems: [{line: 1, entry: '', error: 'working days must be a short text such as Mon,Tue,Wed,Thu,Fri'}]};
    }
    const days = new Set<number>();
    const problems: EntryProblem[] = [];
    for (const {line, entry} of entriesOf(text, /[,;\s]+/)) {
        const read = weekdaysOf(entry);
        if (typeof read === 'string') {
            problems.push({line, entry, error: read});
        } else {
            read.forEach((d) => days.add(d));
        }
    }
    return {value: [...days].sort((a, b) => a - b), problems};
}

/**
 * 'Mon,Tue,Wed,Thu,Fri' (names, short names or ISO numbers, ranges like 'Mon-Fri' or
 * 'Sun-Thu', commas or spaces) to sorted ISO weekdays [1..5]; strict: the first bad entry fails it.
 */
export function parseWorkingDays(text: string): ParseResult<number[]> {
    const read = readWorkingDays(text);
    if (read.problems.length > 0) {
        return {ok: false, error: read.problems[0].error};
    }
    if (read.value.length === 0) {
        return {ok: false, error: 'no working days given; list at least one, e.g. Mon,Tue,Wed,Thu,Fri'};
    }
    return {ok: true, value: read.value};
}

/**
 * Holidays, one per line or comma-separated, as YYYY-MM-DD; sorted and without repeats. A
 * line that is not a date is reported and left out: the other holidays still count, so one
 * typo never moves every T-n date around the real holidays.
 */
export function readHolidays(text: string): Lenient<string[]> {
    if (typeof text !== 'string' || text.length > MAX_SETTING_TEXT) {
        return {value: [], problems: [{line: 1, entry: '', error: `holidays must be a text of at most ${MAX_SETTING_TEXT} characters`}]};
    }
    const holidays = new Set<string>();
    const problems: EntryProblem[] = [];
    for (const {line, entry} of entriesOf(text, /,/)) {
        if (!isValidDay(entry)) {
            problems.push({line, entry, error: `holiday ${quote(entry)} is not a date in the form YYYY-MM-DD`});
        } else if (holidays.size >= MAX_HOLIDAYS) {
            problems.push({line, entry, error: `more than ${MAX_HOLIDAYS} holidays; remove past years`});
            break;
        } else {
            holidays.add(entry);
        }
    }
    return {value: [...holidays].sort(), problems};
}

/** Strict form of readHolidays: the first bad line fails it. */
export function parseHolidays(text: string): ParseResult<string[]> {
    const read = readHolidays(text);
    return read.problems.length > 0 ? {ok: false, error: read.problems[0].error} : {ok: true, value: read.value};
}
