import {lexer} from 'marked';
import {escapeCell, escapeInline, permalink, safeUrl} from './markdown';

describe('escapeInline', () => {
    it.each([
        '[click](javascript:alert(1))',
        '**bold** _it_ `code`',
        '# heading',
        '- list item',
        '1. numbered',
        '<b>html</b>',
        'line one\nline two',
    ])('keeps %p a single plain paragraph with its words', (text) => {
        const tokens = lexer(escapeInline(text));
        expect(tokens.map((t) => t.type)).toEqual(['paragraph']);
        const inline = (tokens[0] as {tokens: {type: string}[]}).tokens.map((t) => t.type);
        expect(inline.every((t) => t === 'text' || t === 'escape')).toBe(true);
    });

    it('stops group and user mentions in user text, but leaves e-mail addresses alone', () => {
        for (const text of ['ask @security-team now', '@devs: please', '(@qa-leads)', 'cc @jane.doe']) {
            expect([text, escapeInline(text)]).not.toEqual([text, expect.stringMatching(/(^|[^\w.])@[a-z0-9_]/i)]);
        }
        expect(escapeInline('mail sec@example.com')).toBe('mail sec@example.com');
    });

    it('stops channel-wide mentions and keeps versions readable', () => {
        expect(escapeInline('ping @all and @channel')).not.toMatch(/@(all|channel)\b/);
        expect(escapeInline('1.1.1')).toBe('1.1.1');
    });

    it('keeps a table cell to one cell', () => {
        const row = `| ${escapeCell('a | b')} | x |`;
        const table = lexer(`| h | i |\n|---|---|\n${row}`)[0] as {rows: unknown[][]};
        expect(table.rows[0]).toHaveLength(2);
        expect(escapeCell('')).toBe(' ');
    });
});

describe('safeUrl and permalink', () => {
    it('accepts http(s) only and encodes link-ending characters', () => {
        expect(safeUrl('javascript:alert(1)')).toBeNull();
        expect(safeUrl('data:text/html,x')).toBeNull();
        expect(safeUrl('not a url')).toBeNull();
        expect(safeUrl('https://x.test/a(b)')).toBe('https://x.test/a%28b%29');
    });

    it('builds team and team-agnostic permalinks', () => {
        expect(permalink('https://chat.test/', 'abc', 'eng')).toBe('https://chat.test/eng/pl/abc');
        expect(permalink('https://chat.test', 'abc')).toBe('https://chat.test/_redirect/pl/abc');
    });
});
