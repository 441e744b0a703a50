// A run started after the day's reminder hour (in its own zone) begins with the next day's
// reminders: sending that day's at once would greet a fresh run with "nothing is due today"
// and mark the day done.
import {DateTime} from 'luxon';
import type {Run} from '../model';

export function startedAfterReminderHour(run: Pick<Run, 'createdAt' | 'timeZone'>, day: string, hour: number): boolean {
    const created = DateTime.fromISO(run.createdAt, {zone: 'utc'}).setZone(run.timeZone);
    if (!created.isValid || created.toISODate() !== day) {
        return false;
    }
    const reminderAt = DateTime.fromISO(day, {zone: run.timeZone}).set({hour, minute: 0, second: 0, millisecond: 0});
    return created > reminderAt;
}
