// Wording of /release replies: full stops where messages are joined, example dates ahead of
// today, and the bot summary pointing at the app bar icon.
import {runSummaryMessage} from '../bot/messages';
import {scriptedRun} from '../report/test-fixtures';
import {exampleDay} from './example-day';
import {parseCommand} from './parse-command';
import {startHint} from './replies';
import {endSentence} from './sentence';
import {usageOf} from './subcommands';

describe('endSentence', () => {
    it.each([
        ['the note is empty', 'the note is empty.'],
        ['The next working day is 2026-12-21.', 'The next working day is 2026-12-21.'],
        ['Really?', 'Really?'],
        ['trailing space. ', 'trailing space.'],
    ])('%s', (input, expected) => {
        expect(endSentence(input)).toBe(expected);
    });
});

describe('example dates', () => {
    it('are a weekday two weeks ahead of now', () => {
        expect(exampleDay(new Date('2026-12-18T10:00:00Z'))).toBe('2027-01-01');
        // Two weeks after a Saturday is a Saturday: the example moves on to Monday.
        expect(exampleDay(new Date('2026-12-05T23:00:00Z'))).toBe('2026-12-21');
    });

    it('appear in usage and in the start hint instead of a fixed past date', () => {
        const now = new Date('2026-12-18T10:00:00Z');
        expect(usageOf('move', now)).toBe('Usage: `/release move <release day YYYY-MM-DD>`, for example `/release move 2027-01-01`');
        expect(usageOf('start', now)).toContain('`/release start 1.1.1 2027-01-01 --if');
        expect(startHint(now)).toContain('`/release start 1.1.1 2027-01-01 --if');
        // Parse errors use today's date.
        const parsed = parseCommand('/release move soon');
        expect(parsed.ok).toBe(false);
        const shown = /for example `\/release move (\d{4}-\d{2}-\d{2})`/.exec(parsed.ok ? '' : parsed.error)?.[1];
        expect(shown).toBeDefined();
        expect(shown! > new Date().toISOString().slice(0, 10)).toBe(true);
    });
});

describe('bot run summary', () => {
    it('points at the app bar icon and /release, not the channel header', () => {
        const text = runSummaryMessage(scriptedRun(), new Map());
        expect(text).toContain('from the Release Checklist icon in the app bar, or type `/release`');
        expect(text).not.toContain('channel header');
    });
});
