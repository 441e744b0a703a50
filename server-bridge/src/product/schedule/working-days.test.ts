import {addWorkingDays, isWorkingDay, nearestWorkingDay, workingDaysBetween} from './working-days';

const monFri = {workingDays: [1, 2, 3, 4, 5], holidays: [] as string[]};

describe('addWorkingDays', () => {
    it('counts back over a weekend: T-4 from a Tuesday is the Wednesday before', () => {
        // 2024-03-12 is a Tuesday.
        expect(addWorkingDays('2024-03-12', -4, monFri)).toBe('2024-03-06');
    });

    it('stays inside the week when the span has no weekend', () => {
        // Friday 2024-03-15, four working days back is Monday 2024-03-11.
        expect(addWorkingDays('2024-03-15', -4, monFri)).toBe('2024-03-11');
    });

    it('skips a holiday inside a T-4 span', () => {
        const cal = {workingDays: [1, 2, 3, 4, 5], holidays: ['2024-03-13']};
        expect(addWorkingDays('2024-03-15', -4, cal)).toBe('2024-03-08');
    });

    it('counts forward past the weekend and a Monday holiday for T+1', () => {
        expect(addWorkingDays('2024-03-15', 1, monFri)).toBe('2024-03-18');
        expect(addWorkingDays('2024-03-15', 1, {workingDays: [1, 2, 3, 4, 5], holidays: ['2024-03-18']})).toBe('2024-03-19');
    });

    it('returns the day itself for T-0, even when it is not a working day', () => {
        expect(addWorkingDays('2024-03-16', 0, monFri)).toBe('2024-03-16');
    });

    it('follows a Sunday-to-Thursday week', () => {
        const sunThu = {workingDays: [7, 1, 2, 3, 4], holidays: []};
        // Sunday 2024-03-17 minus one working day is Thursday 2024-03-14.
        expect(addWorkingDays('2024-03-17', -1, sunThu)).toBe('2024-03-14');
    });

    it('crosses a year end', () => {
        const cal = {workingDays: [1, 2, 3, 4, 5], holidays: ['2024-12-25', '2024-12-26', '2025-01-01']};
        // Thursday 2025-01-02 back 4: Tue 12-31, Mon 12-30, Fri 12-27, Tue 12-24.
        expect(addWorkingDays('2025-01-02', -4, cal)).toBe('2024-12-24');
    });

    it('rejects an empty working week instead of looping', () => {
        expect(() => addWorkingDays('2024-03-12', -1, {workingDays: [], holidays: []})).toThrow(/no working days/);
    });

    it('gives up with a clear error when no working day is within reach', () => {
        const holidays: string[] = [];
        for (let d = new Date(Date.UTC(2023, 0, 1)); d.getUTCFullYear() < 2026; d.setUTCDate(d.getUTCDate() + 1)) {
            holidays.push(d.toISOString().slice(0, 10));
        }
        expect(() => addWorkingDays('2024-06-12', -1, {workingDays: [1, 2, 3, 4, 5], holidays})).toThrow(/no working day within 366 days before 2024-06-12/);
    });

    it('rejects bad days, bad weekdays and bad offsets by name', () => {
        expect(() => addWorkingDays('2024-02-30', 1, monFri)).toThrow(/'2024-02-30' is not a date/);
        expect(() => addWorkingDays('2024-03-12', 1, {workingDays: [0, 8], holidays: []})).toThrow(/working day 0/);
        expect(() => addWorkingDays('2024-03-12', 1, {workingDays: [1], holidays: ['soon']})).toThrow(/holiday 'soon'/);
        expect(() => addWorkingDays('2024-03-12', 1.5, monFri)).toThrow(/whole number/);
        expect(() => addWorkingDays('2024-03-12', 100000, monFri)).toThrow(/between/);
    });
});

describe('isWorkingDay and nearestWorkingDay', () => {
    it('tells weekends and holidays from working days', () => {
        const cal = {workingDays: [1, 2, 3, 4, 5], holidays: ['2024-12-25']};
        expect(isWorkingDay('2024-12-24', cal)).toBe(true);
        expect(isWorkingDay('2024-12-25', cal)).toBe(false);
        expect(isWorkingDay('2024-12-28', cal)).toBe(false);
    });

    it('finds the next and previous working day, the day itself when it is one', () => {
        const cal = {workingDays: [1, 2, 3, 4, 5], holidays: ['2024-12-27']};
        expect(nearestWorkingDay('2024-12-27', 'next', cal)).toBe('2024-12-30');
        expect(nearestWorkingDay('2024-12-28', 'previous', cal)).toBe('2024-12-26');
        expect(nearestWorkingDay('2024-12-26', 'next', cal)).toBe('2024-12-26');
    });
});

describe('workingDaysBetween', () => {
    it('is signed and counts only working days', () => {
        expect(workingDaysBetween('2024-03-06', '2024-03-12', monFri)).toBe(4);
        expect(workingDaysBetween('2024-03-12', '2024-03-06', monFri)).toBe(-4);
        expect(workingDaysBetween('2024-03-12', '2024-03-12', monFri)).toBe(0);
    });

    it('undoes addWorkingDays for many offsets and start days', () => {
        const cal = {workingDays: [1, 2, 3, 4, 5], holidays: ['2024-05-01', '2024-05-09', '2024-05-20']};
        for (let day = 1; day <= 31; day++) {
            const start = `2024-05-${String(day).padStart(2, '0')}`;
            for (let n = -8; n <= 8; n++) {
                const target = addWorkingDays(start, n, cal);
                expect(workingDaysBetween(start, target, cal)).toBe(n);
            }
        }
    });
});
