// Whatever is pasted in, the parser answers with a bounded list of errors and no template:
// no exception, no runaway time or memory, never a half-parsed template.
import {MAX_ERRORS, MAX_STEPS, MAX_TEMPLATE_BYTES} from './limits';
import {parseTemplate} from './parse';

/** Deterministic pseudo-random bytes (mulberry32), so a failure can be replayed. */
function generator(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Junk built from the dialect's own pieces, so it reaches deep into the parser. */
const PIECES = ['# ', '## ', '### ', '#### ', '- ', '  - ', '    - ', '      - ', '> ', '  > ', '{', '}', '{#', '{if: ', '{due: ', '{approval}', '{daily}',
    '{announce: ', 'T-', 'T+', '+30 days', '(T-4)', '(', ')', 'Roles:', 'Conditions:', '**Dev:**', 'Release Manager', 'Dev', 'QA', '{{version}}',
    ' ', '\t', '\n', '\n', '\n', '\r\n', ':', '08:00', 'America/Los_Angeles', 'x', 'é', '\u0000', '\uFEFF', '😀', '1.', '*', '+'];

function junk(seed: number, chars: number): string {
    const next = generator(seed);
    const parts: string[] = [];
    let length = 0;
    while (length < chars) {
        const piece = next() < 0.8 ? PIECES[Math.floor(next() * PIECES.length)] : String.fromCharCode(Math.floor(next() * 0xd7ff));
        parts.push(piece);
        length += piece.length;
    }
    return parts.join('');
}

function expectBounded(markdown: string): void {
    const {template, errors} = parseTemplate(markdown);
    expect(template).toBeNull();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.length).toBeLessThanOrEqual(MAX_ERRORS + 1);
    for (const e of errors) {
        expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
        expect(typeof e.message).toBe('string');
    }
}

describe('size limit', () => {
    it('rejects 1 MB of junk with one error and no parsing', () => {
        const big = junk(1, 1024 * 1024);
        const {template, errors} = parseTemplate(big);
        expect(template).toBeNull();
        expect(errors).toEqual([{line: 1, message: expect.stringMatching(/the template is \d+ bytes; the limit is 262144 bytes/)}]);
    });

    it('counts bytes, not characters', () => {
        const text = `# Wide\n\n${'é'.repeat(MAX_TEMPLATE_BYTES / 2)}`;
        expect(text.length).toBeLessThan(MAX_TEMPLATE_BYTES);
        expect(parseTemplate(text).errors).toEqual([{line: 1, message: expect.stringContaining('the limit is')}]);
    });
});

describe('junk under the size limit', () => {
    it('gives at most 50 errors and a final "and N more"', () => {
        const lines = ['# Junk'];
        for (let i = 0; lines.join('\n').length < 200 * 1024; i++) {
            lines.push(`- stray step ${i} {bogus}`);
        }
        const {template, errors} = parseTemplate(lines.join('\n'));
        expect(template).toBeNull();
        expect(errors).toHaveLength(MAX_ERRORS + 1);
        expect(errors[0]).toEqual({line: 2, message: expect.stringMatching(/step outside a phase/)});
        const last = errors[MAX_ERRORS];
        const more = Number(/and (\d+) more errors/.exec(last.message)?.[1]);
        // Each stray line has an unknown marker; the first also is outside a phase; and there
        // are more steps than a template may have (one error for all of them).
        expect(lines.length - 1).toBeGreaterThan(MAX_STEPS);
        expect(more).toBe(lines.length - 1 + 1 + 1 - MAX_ERRORS);
    });

    it.each([1, 2, 3, 4, 5, 6, 7, 8])('survives random dialect junk (seed %i)', (seed) => {
        expectBounded(`# Junk ${seed}\n${junk(seed, 200 * 1024)}`);
        expectBounded(junk(seed + 100, 50 * 1024));
    });

    it('survives one enormous line and pathological brace runs', () => {
        expectBounded(`# Long\n\n## A. X (T-1)\n\n### Dev\n\n- ${'{'.repeat(100000)}`);
        expectBounded(`# Braces\n\n## A. X (T-1)\n\n### Dev\n\n- t${' {a}'.repeat(400)}`);
        expectBounded(`# Stars\n\n**${'*'.repeat(1500)}`);
    });

    it('refuses something that is not text', () => {
        expect(parseTemplate(undefined as unknown as string)).toEqual({template: null, errors: [{line: 1, message: 'the template must be Markdown text'}]});
    });
});
