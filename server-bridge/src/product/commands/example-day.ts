// The date shown in usage examples: a weekday about two weeks ahead, so an example copied as
// is names a plausible future release day instead of one long past.
import {DateTime} from 'luxon';

const EXAMPLE_LEAD_DAYS = 14;

export function exampleDay(now: Date = new Date()): string {
    let day = DateTime.fromJSDate(now, {zone: 'utc'}).startOf('day').plus({days: EXAMPLE_LEAD_DAYS});
    while (day.weekday > 5) {
        day = day.plus({days: 1});
    }
    return day.toISODate() ?? 'YYYY-MM-DD';
}
