// Due times in the viewer's zone, through the host's Luxon (an external).
import {DateTime} from 'luxon';

export function dayKeyIn(zone: string): (ms: number) => string {
    return (ms) => DateTime.fromMillis(ms, {zone}).toISODate() ?? '';
}

export function formatAbsolute(iso: string, zone: string, locale: string): string {
    const dt = DateTime.fromISO(iso, {zone});
    if (!dt.isValid) {
        return iso;
    }
    return dt.setLocale(locale).toLocaleString({
        weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short',
    });
}

/** "Dec 11, 14:02" in `zone`: short enough to name a link. */
export function formatShort(iso: string, zone: string, locale: string): string {
    const dt = DateTime.fromISO(iso, {zone});
    if (!dt.isValid) {
        return iso;
    }
    return dt.setLocale(locale).toLocaleString({month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'});
}

export function formatRelative(iso: string, nowMs: number, locale: string): string {
    const dt = DateTime.fromISO(iso);
    if (!dt.isValid) {
        return '';
    }
    return dt.setLocale(locale).toRelative({base: DateTime.fromMillis(nowMs)}) ?? '';
}

export function formatDay(day: string, locale: string): string {
    const dt = DateTime.fromISO(day);
    return dt.isValid ? dt.setLocale(locale).toLocaleString({weekday: 'short', year: 'numeric', month: 'short', day: 'numeric'}) : day;
}

/** Value for an <input type="datetime-local"> showing `iso` in `zone`. */
export function toLocalInput(iso: string, zone: string): string {
    const dt = DateTime.fromISO(iso, {zone});
    return dt.isValid ? dt.toFormat("yyyy-LL-dd'T'HH:mm") : '';
}

/** Reads a datetime-local value as a wall time in `zone`; null when it is not a valid time. */
export function fromLocalInput(value: string, zone: string): string | null {
    const dt = DateTime.fromISO(value, {zone});
    return dt.isValid ? dt.toUTC().toISO() : null;
}

export function isValidZone(zone: string): boolean {
    return zone.trim() !== '' && DateTime.local().setZone(zone).isValid;
}
