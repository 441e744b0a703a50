// The text forms of day offsets and due specs, shared by phase headings and {due: ...}
// markers:  T-4, T-0, T+1  (working days)  |  +30 days, -1 day  (calendar days),
// optionally followed by a time HH:mm and an IANA zone.
import type {DayOffset, DueSpec} from '../model';
import {isValidTime, isValidTimeZone, MAX_CALENDAR_OFFSET, MAX_WORKING_OFFSET} from '../schedule';

export type Parsed<T> = {ok: true; value: T} | {ok: false; error: string};

const WORKING = /^T([+-])(\d{1,4})$/;
const CALENDAR_SIGNED = /^([+-])(\d{1,4})$/;
const CALENDAR_UNIT = /^days?$/;

function fail<T>(error: string): Parsed<T> {
    return {ok: false, error};
}

/** Zero is always written T-0 / +0 days; never -0, which would not survive a JSON round trip as -0. */
function signed(sign: string, digits: string): number {
    const n = Number(digits);
    return n === 0 ? 0 : sign === '-' ? -n : n;
}

/** Reads an offset from the front of the tokens; answers how many tokens it used. */
function takeOffset(tokens: string[]): Parsed<{offset: DayOffset; used: number}> {
    const working = WORKING.exec(tokens[0] ?? '');
    if (working) {
        const days = signed(working[1], working[2]);
        if (Math.abs(days) > MAX_WORKING_OFFSET) {
            return fail(`working-day offset ${tokens[0]} is too far; at most T-${MAX_WORKING_OFFSET} or T+${MAX_WORKING_OFFSET}`);
        }
        return {ok: true, value: {offset: {unit: 'working', days}, used: 1}};
    }
    const calendar = CALENDAR_SIGNED.exec(tokens[0] ?? '');
    if (calendar && CALENDAR_UNIT.test(tokens[1] ?? '')) {
        const days = signed(calendar[1], calendar[2]);
        if (Math.abs(days) > MAX_CALENDAR_OFFSET) {
            return fail(`calendar offset ${tokens[0]} days is too far; at most ${MAX_CALENDAR_OFFSET} days either way`);
        }
        return {ok: true, value: {offset: {unit: 'calendar', days}, used: 2}};
    }
    return fail(`'${tokens.slice(0, 2).join(' ')}' is not an offset; write working days as T-2 or T+1, calendar days as +30 days`);
}

export function parseOffset(text: string): Parsed<DayOffset> {
    const tokens = text.trim().split(/\s+/).filter((t) => t !== '');
    const taken = takeOffset(tokens);
    if (!taken.ok) {
        return taken;
    }
    if (tokens.length > taken.value.used) {
        return fail(`unexpected '${tokens.slice(taken.value.used).join(' ')}' after the offset`);
    }
    return {ok: true, value: taken.value.offset};
}

export function formatOffset(offset: DayOffset): string {
    if (offset.unit === 'working') {
        return offset.days > 0 ? `T+${offset.days}` : `T-${Math.abs(offset.days)}`;
    }
    const sign = offset.days < 0 ? '-' : '+';
    const n = Math.abs(offset.days);
    return `${sign}${n} ${n === 1 ? 'day' : 'days'}`;
}

/** 'T+1 08:00 America/Los_Angeles', '+30 days', 'T-2 12:00'. */
export function parseDueText(text: string): Parsed<DueSpec> {
    const tokens = text.trim().split(/\s+/).filter((t) => t !== '');
    if (tokens.length === 0) {
        return fail('{due: ...} needs an offset, like {due: T+1 08:00 America/Los_Angeles} or {due: +30 days}');
    }
    const taken = takeOffset(tokens);
    if (!taken.ok) {
        return taken;
    }
    const spec: DueSpec = {offset: taken.value.offset};
    let rest = tokens.slice(taken.value.used);
    if (rest.length > 0 && /^\d{1,2}:\d{2}/.test(rest[0])) {
        if (!isValidTime(rest[0])) {
            return fail(`time '${rest[0]}' must be a 24-hour time HH:mm, e.g. 08:00 or 17:30`);
        }
        spec.time = rest[0];
        rest = rest.slice(1);
    }
    if (rest.length > 0) {
        if (!isValidTimeZone(rest[0])) {
            return fail(`unknown time zone '${rest[0]}'; use an IANA name such as America/Los_Angeles`);
        }
        spec.zone = rest[0];
        rest = rest.slice(1);
    }
    if (rest.length > 0) {
        return fail(`unexpected '${rest.join(' ')}' in {due: ...}; the form is offset, then optional HH:mm, then optional zone`);
    }
    return {ok: true, value: spec};
}

export function formatDueText(due: DueSpec): string {
    return [formatOffset(due.offset), due.time, due.zone].filter((part) => part !== undefined).join(' ');
}
