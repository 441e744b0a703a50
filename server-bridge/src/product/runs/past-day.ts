// A release day before today (in the run's time zone) would start every step overdue: the
// preview warns about it, starting or moving a run onto it is refused.
import {localDay} from './step-actions';

/** Today's date as YYYY-MM-DD in `zone`. */
export function todayIn(zone: string, now: string): string {
    return localDay(now, zone);
}

export function isPastDay(day: string, zone: string, now: string): boolean {
    return day < todayIn(zone, now);
}

export function pastDayWarning(day: string): string {
    return `The release day ${day} is in the past: every step will start overdue.`;
}

export function pastDayRefusal(day: string, zone: string, now: string): string {
    return `The release day ${day} is in the past (today is ${todayIn(zone, now)} in ${zone}); choose today or a later day.`;
}
