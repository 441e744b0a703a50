// The release days the real-clock tests use: the asked weekday, three to four weeks ahead.
import {DateTime} from 'luxon';

import {FRIDAY, isoDay, TUESDAY, weekdayAhead} from './lib/days-ahead';

test.each([
    ['2026-11-25T07:38:00Z', FRIDAY],
    ['2026-12-31T23:59:00Z', TUESDAY],
    ['2029-02-27T00:00:00Z', FRIDAY],
    ['2030-06-07T12:00:00Z', FRIDAY],
])('from %s the day is weekday %i, 21 to 27 days ahead', (now, weekday) => {
    const day = weekdayAhead(weekday, new Date(now));
    const today = DateTime.fromISO(now, {zone: 'utc'}).startOf('day');
    expect(day.weekday).toBe(weekday);
    const ahead = day.diff(today, 'days').days;
    expect(ahead).toBeGreaterThanOrEqual(21);
    expect(ahead).toBeLessThan(28);
    expect(isoDay(day)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});

test('isoDay refuses an invalid day with a clear message', () => {
    expect(() => isoDay(DateTime.fromISO('2030-13-45'))).toThrow(/not a valid day/);
});
