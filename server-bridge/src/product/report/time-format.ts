// Instants shown in the run's own time zone, the way the team talks about the schedule.
import {DateTime} from 'luxon';

/** e.g. 'Tue 2024-05-07 17:00 EDT'; the raw value when it is not a valid instant or zone. */
export function formatInstant(iso: string | undefined, zone: string): string {
    if (!iso) {
        return '';
    }
    const dt = DateTime.fromISO(iso, {zone});
    return dt.isValid ? dt.toFormat('ccc yyyy-LL-dd HH:mm ZZZZ') : iso;
}

/** e.g. 'Tue 2024-05-07' for a 'YYYY-MM-DD' calendar day. */
export function formatDay(day: string): string {
    const dt = DateTime.fromISO(day, {zone: 'UTC'});
    return dt.isValid ? dt.toFormat('ccc yyyy-LL-dd') : day;
}

/** The calendar day of an instant in a zone, as 'YYYY-MM-DD'. */
export function localDay(iso: string, zone: string): string {
    const dt = DateTime.fromISO(iso, {zone});
    return dt.isValid ? dt.toISODate() ?? '' : '';
}
