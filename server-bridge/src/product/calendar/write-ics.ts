// The iCalendar text (RFC 5545) of a run's entries, written by ical-generator: CRLF lines
// folded at 75 octets, TEXT values escaped. Times carry the run's zone (TZID) with a
// VTIMEZONE from vtimezone.ts, so they stay at the same wall-clock time across a
// daylight-saving change wherever the calendar is shown.
import ical, {ICalEventRepeatingFreq, ICalEventStatus, ICalEventTransparency, ICalWeekday} from 'ical-generator';
import {DateTime} from 'luxon';

import type {Run} from '../model';
import type {CalendarEntry} from './entries';
import {vtimezone} from './vtimezone';

export const PRODUCT_ID = {company: 'Mattermost', product: 'Release Checklist', language: 'EN'};

export interface CalendarMeta {
    /** The calendar's name, e.g. "Release 1.1.1 milestones". */
    name: string;
    /** Where the run is worked on: the event's URL and the last line of its description. */
    permalink: string;
    /** When the run last changed (DTSTAMP, LAST-MODIFIED): the same file for an unchanged run. */
    lastChanged: string;
}

/** Control characters other than tab and line breaks are not allowed in TEXT values. */
function clean(text: string): string {
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/** The domain part of every UID: the plugin, so UIDs of other products never collide. */
const UID_DOMAIN = 'release-checklist.mattermost';

export function uidOf(runId: string, key: string): string {
    return `${encodeURIComponent(runId)}.${encodeURIComponent(key)}@${UID_DOMAIN}`;
}

/** ISO weekday (1 = Monday ... 7 = Sunday) to RFC 5545's BYDAY code. */
const WEEKDAYS: Record<number, ICalWeekday> = {
    1: ICalWeekday.MO, 2: ICalWeekday.TU, 3: ICalWeekday.WE, 4: ICalWeekday.TH, 5: ICalWeekday.FR, 6: ICalWeekday.SA, 7: ICalWeekday.SU,
};

/** How far from the release day the time zone block reaches, each way (entries beyond keep its last offset). */
const ZONE_SPAN_MS = 3 * 366 * 24 * 3600 * 1000;

export function writeIcs(run: Run, entries: CalendarEntry[], meta: CalendarMeta): string {
    const stamp = DateTime.fromISO(meta.lastChanged, {zone: 'utc'});
    const changed = stamp.isValid ? stamp : DateTime.fromISO(run.createdAt, {zone: 'utc'});
    const calendar = ical({
        prodId: PRODUCT_ID,
        // The name is written unescaped by the library: only plain text reaches it.
        name: clean(meta.name).replace(/[\r\n\\;,]/g, ' '),
        // No calendar-wide zone (it would write DTSTAMP as a local time); each event names the
        // run's zone and the generator adds its VTIMEZONE.
        timezone: {
            name: null,
            generator: (zone: string) => {
                const times = entries.flatMap((e) => [e.dueAt, e.daily?.firstDueAt ?? e.dueAt]).map((iso) => Date.parse(iso)).filter((t) => !Number.isNaN(t));
                if (times.length === 0) {
                    return null;
                }
                // The zone's rules for the years around the release, not for every year between a
                // step's far-off due time and another's (a due date is anyone's to set, up to 2200).
                const releaseMs = DateTime.fromISO(run.releaseDay, {zone: run.timeZone}).toMillis();
                const anchor = Number.isNaN(releaseMs) ? times[0] : releaseMs;
                const near = (t: number) => Math.min(Math.max(t, anchor - ZONE_SPAN_MS), anchor + ZONE_SPAN_MS);
                return vtimezone(zone, near(Math.min(...times)), near(Math.max(...times)));
            },
        },
    });
    for (const entry of entries) {
        const inZone = (iso: string) => DateTime.fromISO(iso, {zone: 'utc'}).setZone(run.timeZone);
        const due = inZone(entry.dueAt);
        if (!due.isValid) {
            continue;
        }
        // A daily step starts at its first occurrence and repeats on working days until its due time.
        const start = entry.daily ? inZone(entry.daily.firstDueAt) : due;
        const closed = entry.status === 'done' || entry.status === 'skipped';
        calendar.createEvent({
            id: uidOf(run.id, entry.key),
            // Rises with every stored change of the run, so an update wins over an older import.
            sequence: run.revision,
            stamp: changed,
            lastModified: changed,
            start,
            timezone: run.timeZone,
            summary: clean(closed ? `${entry.summary} (${entry.status})` : entry.summary),
            description: clean([...entry.details, '', `Open the release: ${meta.permalink}`].join('\n')),
            url: meta.permalink,
            status: entry.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
            ...(entry.daily ? {
                repeating: {
                    freq: ICalEventRepeatingFreq.DAILY,
                    byDay: entry.daily.weekdays.map((d) => WEEKDAYS[d]).filter((d) => d !== undefined),
                    until: due,
                    ...(entry.daily.exclude.length ? {exclude: entry.daily.exclude.map(inZone)} : {}),
                },
            } : {}),
            // A due time is a deadline, not a meeting: it never blocks the person's time.
            transparency: ICalEventTransparency.TRANSPARENT,
        });
    }
    // RFC 5545 ends every content line with CRLF, the last one too.
    const text = calendar.toString();
    return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
