import {DateTime} from 'luxon';
import type {DueSpec} from '../model';
import {ScheduleContext} from './context';
import {computeDueAt, computeDueDay} from './due';

function ctxIn(timeZone: string, releaseDay: string, holidays: string[] = []): ScheduleContext {
    return {releaseDay, timeZone, workingDays: [1, 2, 3, 4, 5], holidays};
}

const working = (days: number, extra: Partial<DueSpec> = {}): DueSpec => ({offset: {unit: 'working', days}, ...extra});
const calendar = (days: number, extra: Partial<DueSpec> = {}): DueSpec => ({offset: {unit: 'calendar', days}, ...extra});

/** The instant seen on a wall clock in the zone, e.g. '2024-03-06 17:00 UTC-8'. */
function wallClock(iso: string, zone: string): string {
    return DateTime.fromISO(iso, {zone: 'utc'}).setZone(zone).toFormat("yyyy-MM-dd HH:mm 'UTC'ZZ");
}

describe('computeDueAt: time of day and zones', () => {
    it('defaults to 17:00 in the run zone and answers a UTC ISO instant', () => {
        const dueAt = computeDueAt(ctxIn('America/Los_Angeles', '2024-03-12'), working(0));
        expect(dueAt).toBe('2024-03-13T00:00:00.000Z');
    });

    it.each([
        // zone, expected UTC instant of 17:00 local on Tuesday 2024-03-12
        ['America/Los_Angeles', '2024-03-13T00:00:00.000Z'],
        ['Asia/Tokyo', '2024-03-12T08:00:00.000Z'],
        ['Pacific/Kiritimati', '2024-03-12T03:00:00.000Z'],
        ['Asia/Kolkata', '2024-03-12T11:30:00.000Z'],
        ['UTC', '2024-03-12T17:00:00.000Z'],
    ])('places 17:00 in %s on both sides of UTC', (zone, expected) => {
        expect(computeDueAt(ctxIn(zone, '2024-03-12'), working(0))).toBe(expected);
    });

    it('can land on the previous UTC day for a morning time far east of UTC', () => {
        expect(computeDueAt(ctxIn('Pacific/Kiritimati', '2024-03-12'), working(0, {time: '08:00'}))).toBe('2024-03-11T18:00:00.000Z');
    });

    it('uses the spec time when one is given', () => {
        expect(computeDueAt(ctxIn('Asia/Kolkata', '2024-03-12'), working(-1, {time: '09:15'}))).toBe('2024-03-11T03:45:00.000Z');
    });
});

describe('computeDueAt: daylight saving', () => {
    it('keeps 17:00 local across the US spring change (T-4 before, T-0 after)', () => {
        const ctx = ctxIn('America/Los_Angeles', '2024-03-12');
        const before = computeDueAt(ctx, working(-4));
        const after = computeDueAt(ctx, working(0));
        expect(wallClock(before, ctx.timeZone)).toBe('2024-03-06 17:00 UTC-08:00');
        expect(wallClock(after, ctx.timeZone)).toBe('2024-03-12 17:00 UTC-07:00');
    });

    it('keeps 17:00 local across the EU spring change', () => {
        // DST starts in Berlin on 2024-03-31; Easter Monday 2024-04-01 is a holiday here.
        const ctx = ctxIn('Europe/Berlin', '2024-04-03', ['2024-04-01']);
        expect(wallClock(computeDueAt(ctx, working(-4)), ctx.timeZone)).toBe('2024-03-27 17:00 UTC+01:00');
        expect(computeDueAt(ctx, working(-4))).toBe('2024-03-27T16:00:00.000Z');
        expect(computeDueAt(ctx, working(0))).toBe('2024-04-03T15:00:00.000Z');
    });

    it('keeps 17:00 local across the EU and US autumn changes', () => {
        // EU falls back on 2024-10-27, the US on 2024-11-03.
        const berlin = ctxIn('Europe/Berlin', '2024-10-29');
        expect(computeDueAt(berlin, working(-4))).toBe('2024-10-23T15:00:00.000Z');
        expect(computeDueAt(berlin, working(0))).toBe('2024-10-29T16:00:00.000Z');
        const la = ctxIn('America/Los_Angeles', '2024-11-05');
        expect(computeDueAt(la, working(-4))).toBe('2024-10-31T00:00:00.000Z');
        expect(computeDueAt(la, working(0))).toBe('2024-11-06T01:00:00.000Z');
    });

    it('resolves a time in the repeated fall-back hour to one fixed instant', () => {
        // 01:30 happens twice in Los Angeles on 2024-11-03; luxon takes the standard-time one.
        const ctx = ctxIn('America/Los_Angeles', '2024-11-02');
        const dueAt = computeDueAt(ctx, calendar(1, {time: '01:30'}));
        expect(dueAt).toBe('2024-11-03T09:30:00.000Z');
        expect(computeDueAt(ctx, calendar(1, {time: '01:30'}))).toBe(dueAt);
    });

    it('moves a time inside the spring-forward gap forward by the gap', () => {
        // 02:30 does not exist in Los Angeles on 2024-03-10; it becomes 03:30 PDT.
        const ctx = ctxIn('America/Los_Angeles', '2024-03-09');
        expect(wallClock(computeDueAt(ctx, calendar(1, {time: '02:30'})), ctx.timeZone)).toBe('2024-03-10 03:30 UTC-07:00');
    });
});

describe('computeDueAt: calendar offsets and own zones', () => {
    it('counts +30 calendar days across a year end', () => {
        const ctx = ctxIn('America/Los_Angeles', '2024-12-10');
        expect(computeDueDay(ctx, calendar(30))).toBe('2025-01-09');
        expect(computeDueAt(ctx, calendar(30))).toBe('2025-01-10T01:00:00.000Z');
    });

    it('counts +30 calendar days across a month end in a leap year, weekends included', () => {
        const ctx = ctxIn('UTC', '2024-01-31');
        expect(computeDueDay(ctx, calendar(30))).toBe('2024-03-01');
        // 2024-03-16 is a Saturday: calendar offsets do not skip weekends.
        expect(computeDueDay(ctxIn('UTC', '2024-02-15'), calendar(30))).toBe('2024-03-16');
    });

    it('puts the blog post at 08:00 Pacific the day after a release run in Europe/Berlin', () => {
        const blog = calendar(1, {time: '08:00', zone: 'America/Los_Angeles'});
        const ctx = ctxIn('Europe/Berlin', '2024-03-14');
        expect(computeDueAt(ctx, blog)).toBe('2024-03-15T15:00:00.000Z');
        expect(wallClock(computeDueAt(ctx, blog), 'America/Los_Angeles')).toBe('2024-03-15 08:00 UTC-07:00');
        // Before the US change (PST) the same spec is an hour later in UTC.
        expect(computeDueAt(ctxIn('Europe/Berlin', '2024-03-07'), blog)).toBe('2024-03-08T16:00:00.000Z');
    });

    it('computes the own-zone spec for the calendar day after T-0 even from east of the date line', () => {
        const blog = calendar(1, {time: '08:00', zone: 'America/Los_Angeles'});
        expect(computeDueAt(ctxIn('Pacific/Kiritimati', '2024-06-14'), blog)).toBe('2024-06-15T15:00:00.000Z');
    });
});

describe('computeDueAt: bad input', () => {
    it('throws clear errors', () => {
        expect(() => computeDueAt(ctxIn('Mars/Olympus', '2024-03-12'), working(0))).toThrow(/'Mars\/Olympus' is not a known IANA time zone/);
        expect(() => computeDueAt(ctxIn('UTC', '2024-03-12'), working(0, {zone: 'Nowhere/Land'}))).toThrow(/Nowhere\/Land/);
        expect(() => computeDueAt(ctxIn('UTC', '2024-03-32'), working(0))).toThrow(/release day '2024-03-32'/);
        expect(() => computeDueAt(ctxIn('UTC', '2024-03-12'), working(0, {time: '25:00'}))).toThrow(/time '25:00'/);
        expect(() => computeDueAt(ctxIn('UTC', '2024-03-12'), calendar(5000))).toThrow(/at most 400 days/);
        expect(() => computeDueAt({...ctxIn('UTC', '2024-03-12'), workingDays: []}, working(-1))).toThrow(/no working days/);
    });
});
