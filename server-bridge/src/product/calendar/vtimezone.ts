// A VTIMEZONE (RFC 5545 3.6.5) for an IANA zone, written from the runtime's own zone data
// through Luxon: one observance per offset change in the years the events fall in, each with
// the local time it starts at (in the offset before it), so a calendar app places every
// TZID-qualified time exactly as the plugin did, daylight-saving changes included.
import {DateTime} from 'luxon';

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/** '+0100', '-0500', '+0530' (and seconds when a historical offset has them). */
function formatOffset(minutes: number): string {
    const sign = minutes < 0 ? '-' : '+';
    const abs = Math.abs(minutes);
    const whole = Math.floor(abs);
    const seconds = Math.round((abs - whole) * 60);
    const text = `${sign}${String(Math.floor(whole / 60)).padStart(2, '0')}${String(whole % 60).padStart(2, '0')}`;
    return seconds ? `${text}${String(seconds).padStart(2, '0')}` : text;
}

function offsetAt(ms: number, zone: string): number {
    return DateTime.fromMillis(ms, {zone}).offset;
}

/** The first instant (to the minute) in (lo, hi] whose offset differs from lo's. */
function transitionIn(lo: number, hi: number, zone: string): number {
    const before = offsetAt(lo, zone);
    while (hi - lo > MINUTE_MS) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
        if (offsetAt(mid, zone) === before) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return hi;
}

interface Observance {
    /** The instant it starts. */
    at: number;
    from: number;
    to: number;
}

function observance(o: Observance, zone: string): string[] {
    const after = DateTime.fromMillis(o.at, {zone});
    const kind = after.isInDST ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART is the local time the change happens at, read in the offset in force before it.
    const localStart = DateTime.fromMillis(o.at + o.from * MINUTE_MS, {zone: 'utc'}).toFormat("yyyyLLdd'T'HHmmss");
    const name = after.offsetNameShort;
    return [
        `BEGIN:${kind}`,
        `DTSTART:${localStart}`,
        `TZOFFSETFROM:${formatOffset(o.from)}`,
        `TZOFFSETTO:${formatOffset(o.to)}`,
        ...(name && /^[A-Za-z0-9+-]{1,16}$/.test(name) ? [`TZNAME:${name}`] : []),
        `END:${kind}`,
    ];
}

/**
 * The VTIMEZONE of `zone` covering the whole calendar years from `fromMs` to `toMs` (UTC),
 * lines joined by CRLF; null for a zone Luxon does not know.
 */
export function vtimezone(zone: string, fromMs: number, toMs: number): string | null {
    const start = DateTime.fromMillis(Math.min(fromMs, toMs), {zone});
    if (!start.isValid) {
        return null;
    }
    const first = start.startOf('year').toMillis();
    const last = DateTime.fromMillis(Math.max(fromMs, toMs), {zone}).endOf('year').toMillis();
    const initial = offsetAt(first, zone);
    const observances: Observance[] = [{at: first, from: initial, to: initial}];
    let previous = initial;
    for (let t = first; t < last; t += DAY_MS) {
        const next = Math.min(t + DAY_MS, last);
        if (offsetAt(next, zone) !== previous) {
            const at = transitionIn(t, next, zone);
            const to = offsetAt(at, zone);
            observances.push({at, from: previous, to});
            previous = to;
        }
    }
    return [
        'BEGIN:VTIMEZONE',
        `TZID:${zone}`,
        ...observances.flatMap((o) => observance(o, zone)),
        'END:VTIMEZONE',
    ].join('\r\n');
}
