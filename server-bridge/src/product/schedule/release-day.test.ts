import {checkReleaseDay} from './release-day';

const ctx = {timeZone: 'America/Los_Angeles', workingDays: [1, 2, 3, 4, 5], holidays: ['2024-12-25', '2024-12-26', '2025-07-04']};

describe('checkReleaseDay', () => {
    it('accepts a working day unchanged under every policy', () => {
        for (const policy of ['reject', 'next', 'previous'] as const) {
            expect(checkReleaseDay('2024-12-24', ctx, policy)).toEqual({ok: true, releaseDay: '2024-12-24', moved: false});
        }
    });

    it('rejects a holiday with the date and the reason, and suggests the next working day', () => {
        const res = checkReleaseDay('2024-12-25', ctx, 'reject');
        expect(res.ok).toBe(false);
        if (!res.ok) {
            expect(res.error).toContain('2024-12-25 (Wednesday) is a holiday');
            expect(res.error).toContain('The next working day is 2024-12-27');
        }
    });

    it('rejects a weekend day naming the weekday', () => {
        const res = checkReleaseDay('2024-12-28', ctx, 'reject');
        expect(res).toEqual({ok: false, error: expect.stringContaining('2024-12-28 is a Saturday, which is not a working day')});
    });

    it('moves a holiday to the next working day, past further holidays', () => {
        expect(checkReleaseDay('2024-12-25', ctx, 'next')).toEqual({ok: true, releaseDay: '2024-12-27', moved: true});
    });

    it('moves a holiday to the previous working day', () => {
        expect(checkReleaseDay('2024-12-26', ctx, 'previous')).toEqual({ok: true, releaseDay: '2024-12-24', moved: true});
    });

    it('moves a Friday holiday over the weekend', () => {
        expect(checkReleaseDay('2025-07-04', ctx, 'next')).toEqual({ok: true, releaseDay: '2025-07-07', moved: true});
        expect(checkReleaseDay('2025-07-05', ctx, 'previous')).toEqual({ok: true, releaseDay: '2025-07-03', moved: true});
    });

    it('explains bad input instead of throwing', () => {
        expect(checkReleaseDay('25.12.2024', ctx, 'next')).toEqual({ok: false, error: expect.stringContaining("'25.12.2024' is not a date")});
        expect(checkReleaseDay('2024-12-24', {...ctx, workingDays: []}, 'next')).toEqual({ok: false, error: expect.stringContaining('no working days')});
        expect(checkReleaseDay('2024-12-24', ctx, 'sideways' as 'next')).toEqual({ok: false, error: expect.stringContaining("'sideways'")});
    });

    it('says so when no working day is within a year', () => {
        const weekendOnly = {...ctx, workingDays: [6], holidays: Array.from({length: 80}, (_, i) => {
            const d = new Date(Date.UTC(2024, 0, 6 + i * 7));
            return d.toISOString().slice(0, 10);
        })};
        // Every Saturday of 2024 and early 2025 is a holiday: no working day to move to.
        const res = checkReleaseDay('2024-03-12', weekendOnly, 'next');
        expect(res).toEqual({ok: false, error: expect.stringContaining('cannot be moved')});
        expect(checkReleaseDay('2024-03-12', weekendOnly, 'reject')).toEqual({ok: false, error: expect.stringContaining('2024-03-12 is a Tuesday')});
    });
});
