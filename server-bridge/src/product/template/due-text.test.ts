import {formatDueText, formatOffset, parseDueText, parseOffset} from './due-text';

describe('offsets', () => {
    it.each([
        ['T-4', {unit: 'working', days: -4}],
        ['T-0', {unit: 'working', days: 0}],
        ['T+1', {unit: 'working', days: 1}],
        ['+30 days', {unit: 'calendar', days: 30}],
        ['+1 day', {unit: 'calendar', days: 1}],
        ['-2 days', {unit: 'calendar', days: -2}],
    ])('%s reads and writes back the same', (text, offset) => {
        expect(parseOffset(text)).toEqual({ok: true, value: offset});
        expect(formatOffset(offset as never)).toBe(text);
    });

    it('writes zero as T-0 and +0 days, never as a negative zero', () => {
        const zero = parseOffset('T+0');
        expect(zero).toEqual({ok: true, value: {unit: 'working', days: 0}});
        expect(zero.ok && Object.is(zero.value.days, -0)).toBe(false);
        expect(zero.ok && formatOffset(zero.value)).toBe('T-0');
        expect(parseOffset('-0 days').ok && formatOffset({unit: 'calendar', days: 0})).toBe('+0 days');
    });

    it('rejects other text', () => {
        for (const bad of ['T4', 'T-', 'T-4 days', '30 days', '+30', '+30 weeks', 'tomorrow', '']) {
            expect(parseOffset(bad).ok).toBe(false);
        }
    });
});

describe('due specs', () => {
    it('read offset, time and zone in that order', () => {
        expect(parseDueText('+1 day 08:00 America/Los_Angeles')).toEqual({ok: true, value: {offset: {unit: 'calendar', days: 1}, time: '08:00', zone: 'America/Los_Angeles'}});
        expect(parseDueText('T-2 12:30')).toEqual({ok: true, value: {offset: {unit: 'working', days: -2}, time: '12:30'}});
        expect(parseDueText('T+1 Asia/Tokyo')).toEqual({ok: true, value: {offset: {unit: 'working', days: 1}, zone: 'Asia/Tokyo'}});
    });

    it('write back what they read', () => {
        for (const text of ['+1 day 08:00 America/Los_Angeles', 'T-2 12:30', 'T+1 Asia/Tokyo', '+30 days']) {
            const parsed = parseDueText(text);
            expect(parsed.ok && formatDueText(parsed.value)).toBe(text);
        }
    });

    it('explain what is wrong', () => {
        expect(parseDueText('08:00')).toEqual({ok: false, error: expect.stringContaining("'08:00' is not an offset")});
        expect(parseDueText('T+1 24:00')).toEqual({ok: false, error: expect.stringContaining("time '24:00'")});
        expect(parseDueText('T+1 08:00 Pacific/Standard')).toEqual({ok: false, error: expect.stringContaining("unknown time zone 'Pacific/Standard'")});
        expect(parseDueText('+500 days')).toEqual({ok: false, error: expect.stringContaining('too far')});
    });
});
