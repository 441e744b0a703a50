import {parseHolidays, parseWorkingDays, readHolidays, readWorkingDays} from './settings-text';

describe('parseWorkingDays', () => {
    it('reads the console default and other spellings', () => {
        expect(parseWorkingDays('Mon,Tue,Wed,Thu,Fri')).toEqual({ok: true, value: [1, 2, 3, 4, 5]});
        expect(parseWorkingDays(' monday, TUESDAY ,wed thu\nfri ')).toEqual({ok: true, value: [1, 2, 3, 4, 5]});
        expect(parseWorkingDays('Mon-Fri')).toEqual({ok: true, value: [1, 2, 3, 4, 5]});
        expect(parseWorkingDays('1,2,3,6')).toEqual({ok: true, value: [1, 2, 3, 6]});
    });

    it('wraps a range past Sunday and drops repeats', () => {
        expect(parseWorkingDays('Sun-Thu')).toEqual({ok: true, value: [1, 2, 3, 4, 7]});
        expect(parseWorkingDays('Mon,Mon,Tue')).toEqual({ok: true, value: [1, 2]});
    });

    it('rejects empty text and names the bad entry', () => {
        expect(parseWorkingDays('')).toEqual({ok: false, error: expect.stringMatching(/no working days/)});
        expect(parseWorkingDays(' , ')).toEqual({ok: false, error: expect.stringMatching(/no working days/)});
        expect(parseWorkingDays('Mon,Funday,Fri')).toEqual({ok: false, error: expect.stringMatching(/'Funday' is not a weekday/)});
        expect(parseWorkingDays('Mon-Tue-Wed')).toEqual({ok: false, error: expect.stringMatching(/'Mon-Tue-Wed'/)});
        expect(parseWorkingDays('8')).toEqual({ok: false, error: expect.stringMatching(/'8'/)});
    });

    it('refuses input that is not text or far too long', () => {
        expect(parseWorkingDays(42 as unknown as string).ok).toBe(false);
        expect(parseWorkingDays('Mon,'.repeat(50000)).ok).toBe(false);
    });
});

describe('parseHolidays', () => {
    it('reads lines and commas, sorts and drops repeats', () => {
        expect(parseHolidays('2024-12-25\n2024-01-01, 2024-07-04\r\n\n2024-12-25\n')).toEqual({ok: true, value: ['2024-01-01', '2024-07-04', '2024-12-25']});
        expect(parseHolidays('')).toEqual({ok: true, value: []});
    });

    it('names the bad entry', () => {
        expect(parseHolidays('2024-12-25\n2024-13-01')).toEqual({ok: false, error: expect.stringMatching(/holiday '2024-13-01'/)});
        expect(parseHolidays('2024-02-30')).toEqual({ok: false, error: expect.stringMatching(/'2024-02-30'/)});
        expect(parseHolidays('Christmas')).toEqual({ok: false, error: expect.stringMatching(/'Christmas' is not a date/)});
        expect(parseHolidays('2024-1-5')).toEqual({ok: false, error: expect.stringMatching(/'2024-1-5'/)});
    });
});

describe('readHolidays and readWorkingDays (lenient)', () => {
    it('keeps the good entries and names each bad one with its line', () => {
        expect(readHolidays('2024-12-25\n2024-13-01, 2024-12-26\nsoon')).toEqual({
            value: ['2024-12-25', '2024-12-26'],
            problems: [
                {line: 2, entry: '2024-13-01', error: expect.stringMatching(/'2024-13-01' is not a date/)},
                {line: 3, entry: 'soon', error: expect.stringMatching(/'soon' is not a date/)},
            ],
        });
        expect(readWorkingDays('Mon-Wed, Funday\nFri')).toEqual({value: [1, 2, 3, 5], problems: [{line: 1, entry: 'Funday', error: expect.stringMatching(/'Funday' is not a weekday/)}]});
    });
});
