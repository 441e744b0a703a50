// Over three years of release days, working-day offsets never land on a weekend or a
// holiday, and the local due time in the run zone is always the default 17:00.
import {DateTime} from 'luxon';
import {checkReleaseDay} from './release-day';
import {computeDueAt, computeDueDay} from './due';
import {workingDaysBetween} from './working-days';

const holidays = [
    '2024-01-01', '2024-05-27', '2024-07-04', '2024-09-02', '2024-11-28', '2024-11-29', '2024-12-25',
    '2025-01-01', '2025-05-26', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-24', '2025-12-25', '2025-12-26',
    '2026-01-01', '2026-04-03', '2026-05-25', '2026-07-03', '2026-12-25',
];
const base = {workingDays: [1, 2, 3, 4, 5], holidays};
const zones = ['America/Los_Angeles', 'Europe/Berlin', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Asia/Kolkata'];

describe('working-day offsets over many release days', () => {
    it('never put a due day on a weekend or holiday, and keep the offset exact', () => {
        let checked = 0;
        let day = DateTime.fromISO('2024-01-01', {zone: 'utc'});
        for (let i = 0; i < 3 * 366; i++, day = day.plus({days: 1})) {
            const picked = day.toFormat('yyyy-MM-dd');
            const timeZone = zones[i % zones.length];
            const release = checkReleaseDay(picked, {...base, timeZone}, i % 2 === 0 ? 'next' : 'previous');
            if (!release.ok) {
                throw new Error(release.error);
            }
            const ctx = {...base, timeZone, releaseDay: release.releaseDay};
            for (const days of [-6, -4, -3, -2, -1, 0, 1, 2]) {
                const spec = {offset: {unit: 'working' as const, days}};
                const dueDay = computeDueDay(ctx, spec);
                const weekday = DateTime.fromISO(dueDay, {zone: 'utc'}).weekday;
                expect(weekday).toBeLessThanOrEqual(5);
                expect(holidays).not.toContain(dueDay);
                expect(workingDaysBetween(ctx.releaseDay, dueDay, base)).toBe(days);
                const local = DateTime.fromISO(computeDueAt(ctx, spec), {zone: 'utc'}).setZone(timeZone);
                expect(local.toFormat('yyyy-MM-dd HH:mm')).toBe(`${dueDay} 17:00`);
                checked++;
            }
        }
        expect(checked).toBe(3 * 366 * 8);
    });
});
