// Every malformed case gives a line-numbered error and no template at all.
import {parseTemplate} from './parse';

const HEAD = ['# Broken', '', '## A. Code complete (T-4)', '', '### Dev', ''];

/** Parses lines after a valid head (lines 1-6), so the line under test is line 7 onwards. */
function withHead(...lines: string[]): string {
    return [...HEAD, ...lines].join('\n');
}

function errorsOf(markdown: string): {line: number; message: string}[] {
    const result = parseTemplate(markdown);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.template).toBeNull();
    return result.errors;
}

function expectError(markdown: string, line: number, message: RegExp): void {
    const errors = errorsOf(markdown);
    expect(errors).toEqual(expect.arrayContaining([{line, message: expect.stringMatching(message)}]));
}

describe('structure errors', () => {
    it('empty template', () => {
        expectError('', 1, /the template is empty/);
        expectError('\n   \n\t\n', 1, /the template is empty/);
    });

    it('missing name heading, and a name heading that comes late', () => {
        expectError('Some text\n\n## A. X (T-1)\n\n### Dev\n\n- Y', 1, /starts with its name as a '# Name' heading/);
        expectError('intro\n# Late name', 2, /must come first/);
        expectError('# One\n# Two', 2, /already given on line 1/);
    });

    it('template without phases', () => {
        expectError('# Only a name\n\nAnd a description.', 1, /has no phases/);
    });

    it('phase without offset, or with a bad one', () => {
        expectError(withHead('- Step', '', '## B. Release candidate cut', '', '### Build', '', '- Cut'), 9, /phase 'B. Release candidate cut' needs its offset .* like '## A. Code complete \(T-4\)'/);
        expectError(withHead('- Step', '## B. Cut (T-x)', '### Build', '- Cut'), 8, /'\(T-x\)' is not one/);
        expectError(withHead('- Step', '## B. Cut (T-9999)', '### Build', '- Cut'), 8, /too far/);
    });

    it('phase with no steps and role heading with no steps', () => {
        expectError(withHead('- Step', '## B. Empty (T-3)'), 8, /phase 'Empty' has no steps/);
        expectError(withHead('- Step', '### QA', '### Build', '- Cut'), 8, /role heading with no steps/);
    });

    it('duplicate phase titles', () => {
        expectError(withHead('- Step', '## B. Code complete (T-3)', '### Dev', '- Other'), 8, /phase id 'code-complete' .* line 3/);
    });

    it('unknown role, by heading and by bold word', () => {
        expectError(withHead('- Step', '### Janitor', '- Sweep'), 8, /unknown role 'Janitor'; the roles are Release Manager, Dev, Build, QA, Logistics, Marketing/);
        expectError(withHead('- Step', '**Janitor:**', '- Sweep'), 8, /unknown role 'Janitor'/);
    });

    it('unknown role against declared roles', () => {
        expectError('# T\n\nRoles: Owner, Ops\n\n## A. Go (T-0)\n\n### Dev\n\n- Step', 7, /unknown role 'Dev'; the roles are Owner, Ops/);
    });

    it('step outside a phase or a role', () => {
        expectError('# T\n\n- Stray step\n\n## A. Go (T-0)\n\n### Dev\n\n- Step', 3, /step outside a phase/);
        expectError('# T\n\n## A. Go (T-0)\n\n- No role yet\n\n### Dev\n\n- Step', 5, /step outside a role/);
        expectError('# T\n\n### Dev\n\n- Step', 3, /role 'Dev' appears before any phase/);
    });

    it('nesting too deep', () => {
        expectError(withHead('- Step', '  - Sub', '    - Sub-sub', '      Its description.', '  - Next sub'), 9, /nesting too deep: a sub-step cannot have sub-steps/);
        const errors = errorsOf(withHead('- Step', '  - Sub', '    - Sub-sub', '      Its description.', '  - Next sub'));
        expect(errors).toHaveLength(1);
    });

    it('indented item without a step above', () => {
        expectError(withHead('  - Orphan'), 7, /no step above it/);
    });

    it('unsupported heading levels and stray text', () => {
        expectError(withHead('- Step', '#### Detail'), 8, /heading level 4 is not part of the template dialect/);
        expectError(withHead('- Step', 'Loose text at the margin'), 8, /text out of place here/);
        expectError(withHead('- Step', '> quote at the margin'), 8, /an announcement message \('>' lines\) out of place/);
        expectError('# T\n\nRoles: Dev\n\nA late description\n\n## A. Go (T-0)\n\n### Dev\n\n- S', 5, /description goes right after the '# Name' heading/);
    });
});

describe('marker errors', () => {
    it('unknown and malformed markers', () => {
        expectError(withHead('- Step {urgent}'), 7, /unknown marker \{urgent\}; markers are \{#id\}/);
        expectError(withHead('- Step {approval: yes}'), 7, /\{approval\} takes no value/);
        expectError(withHead('- Step {#Bad_Id}'), 7, /bad id \{#Bad_Id\}/);
        expectError(withHead('- Step {daily} {daily}'), 7, /given twice/);
        expectError(withHead('- Step {approval} now {#s}'), 7, /markers go at the end of the step line/);
    });

    it('bad due specs and time zones', () => {
        expectError(withHead('- Step {due: tomorrow}'), 7, /bad \{due: tomorrow\}: 'tomorrow' is not an offset/);
        expectError(withHead('- Step {due: T+1 8:00}'), 7, /time '8:00' must be a 24-hour time/);
        expectError(withHead('- Step {due: T+1 08:00 Mars/Olympus}'), 7, /unknown time zone 'Mars\/Olympus'/);
        expectError(withHead('- Step {due: +30 days 08:00 UTC extra}'), 7, /unexpected 'extra'/);
        expectError(withHead('- Step {due:}'), 7, /needs an offset/);
    });

    it('undeclared condition', () => {
        expectError(withHead('- Step {if: full-moon}'), 7, /condition 'full-moon' is not declared/);
    });

    it('bad condition declarations', () => {
        expectError('# T\n\nConditions:\n- no question here\n\n## A. Go (T-0)\n\n### Dev\n\n- S', 4, /a condition is written/);
        expectError('# T\n\nConditions:\n- Bad_Id: Why?\n\n## A. Go (T-0)\n\n### Dev\n\n- S', 4, /bad condition id 'Bad_Id'/);
        expectError('# T\n\nConditions:\n- a: One?\n- a: Two?\n\n## A. Go (T-0)\n\n### Dev\n\n- S', 5, /condition 'a' is declared twice/);
    });

    it('announcements: unknown channel, missing message, message without marker, unknown variable', () => {
        expectError(withHead('- Post {announce: TownSquare}', '  > Hi'), 7, /bad \{announce: TownSquare\}: the channel must be one of the settings AnnouncementChannel/);
        expectError(withHead('- Post {announce: AnnouncementChannel}'), 7, /needs its message as '>' lines/);
        expectError(withHead('- Post', '  Description.', '  > Orphan message'), 9, /without an \{announce: ChannelSetting\} marker/);
        expectError(withHead('- Post {announce: AnnouncementChannel}', '  >', '  > Release {{version}}', '  > on {{releaseDate}}'), 10, /unknown variable \{\{releaseDate\}\}/);
    });
});

describe('id errors', () => {
    it('duplicate explicit ids name the first use', () => {
        expectError(withHead('- One {#same}', '- Two {#same}'), 8, /duplicate step id 'same' \(already used on line 7\)/);
    });

    it('duplicate derived ids, also between a step and a sub-step', () => {
        expectError(withHead('- Update the docs', '- Update the docs!'), 8, /duplicate step id 'update-the-docs'/);
        expectError(withHead('- Check', '  - Check'), 8, /duplicate step id 'check'/);
    });

    it('titles without letters need an explicit id', () => {
        expectError(withHead('- ???'), 7, /cannot derive an id from this title/);
        expectError(withHead('- '), 7, /list item without a step title/);
    });
});

describe('role declarations', () => {
    it('reject empty names and repeats', () => {
        expectError('# T\n\nRoles: Dev, , QA\n\n## A. Go (T-0)\n\n### Dev\n\n- S', 3, /comma-separated list of role names/);
        expectError('# T\n\nRoles: Dev, dev\n\n## A. Go (T-0)\n\n### Dev\n\n- S', 3, /role 'dev' is declared twice/);
        expectError('# T\n\nRoles: Dev\nRoles: QA\n\n## A. Go (T-0)\n\n### Dev\n\n- S', 4, /already declared on line 3/);
    });
});

describe('line numbers', () => {
    it('count CRLF and CR line endings like LF', () => {
        expectError(withHead('- Fine', '- Step {nope}').replace(/\n/g, '\r\n'), 8, /unknown marker \{nope\}/);
        expectError(withHead('- Fine', '- Step {nope}').replace(/\n/g, '\r'), 8, /unknown marker \{nope\}/);
    });

    it('are sorted and every error is reported, not just the first', () => {
        const errors = errorsOf(withHead('- A {x}', '- B {y}', '### Nobody', '- C', '- D {due: soon}'));
        expect(errors.map((e) => e.line)).toEqual([7, 8, 9, 11]);
    });
});
