// Reads an iCalendar file back with ical.js for tests: its VTIMEZONEs are registered first,
// so every TZID time is converted to UTC by the file's own zone data, not by Luxon.
import ICAL from 'ical.js';

export interface ReadEvent {
    uid: string;
    summary: string;
    description: string;
    url: string;
    sequence: number;
    stamp: string;
    status: string;
    /** The start as written: its zone and wall-clock time. */
    tzid: string;
    local: string;
    /** The start as an instant (UTC ISO), computed through the file's VTIMEZONE. */
    utc: string;
    /** For a recurring event, every occurrence (UTC ISO) as ical.js expands its RRULE and EXDATEs. */
    occurrences?: string[];
    rrule?: string;
}

export interface ReadCalendar {
    name: string;
    timezones: string[];
    events: ReadEvent[];
}

function expand(event: InstanceType<typeof ICAL.Event>): string[] {
    const out: string[] = [];
    const it = event.iterator();
    for (let next = it.next(); next && out.length < 1000; next = it.next()) {
        out.push(next.toJSDate().toISOString());
    }
    return out;
}

export function readIcs(text: string): ReadCalendar {
    const root = new ICAL.Component(ICAL.parse(text));
    ICAL.TimezoneService.reset();
    const timezones = root.getAllSubcomponents('vtimezone').map((vtz) => {
        const tz = new ICAL.Timezone(vtz);
        ICAL.TimezoneService.register(tz);
        return tz.tzid;
    });
    const events = root.getAllSubcomponents('vevent').map((component): ReadEvent => {
        const event = new ICAL.Event(component);
        const start = event.startDate;
        const two = (n: number) => String(n).padStart(2, '0');
        return {
            uid: event.uid,
            summary: event.summary,
            description: event.description,
            url: String(component.getFirstPropertyValue('url') ?? ''),
            sequence: event.sequence,
            stamp: String(component.getFirstPropertyValue('dtstamp')),
            status: String(component.getFirstPropertyValue('status') ?? ''),
            tzid: String(component.getFirstProperty('dtstart')?.getParameter('tzid') ?? (start.zone?.tzid ?? '')),
            local: `${start.year}-${two(start.month)}-${two(start.day)}T${two(start.hour)}:${two(start.minute)}`,
            utc: start.toJSDate().toISOString(),
            ...(event.isRecurring() ? {
                rrule: String(component.getFirstPropertyValue('rrule')),
                occurrences: expand(event),
            } : {}),
        };
    });
    ICAL.TimezoneService.reset();
    return {name: String(root.getFirstPropertyValue('x-wr-calname') ?? ''), timezones, events};
}
