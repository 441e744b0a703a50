import {scriptedRun} from '../report/test-fixtures';
import {autocompleteData, commandSpec} from './autocomplete';
import {matchStep} from './match-step';
import {parseCommand} from './parse-command';
import {SUBCOMMANDS} from './subcommands';
import {tokenize} from './tokenize';

describe('tokenize', () => {
    it('groups quoted words, straight and curly, and reports an unclosed quote', () => {
        const r = tokenize('skip "Order a mug" \u201cnot needed\u201d x');
        expect(r.ok && r.words.map((w) => w.text)).toEqual(['skip', 'Order a mug', 'not needed', 'x']);
        expect(tokenize('skip "Order a mug')).toEqual({ok: false, error: expect.stringContaining('not closed')});
    });
});

describe('parseCommand', () => {
    it.each([
        ['/release', {kind: 'help'}],
        ['/release help', {kind: 'help'}],
        ['/release help skip', {kind: 'help', topic: 'skip'}],
        ['/release start', {kind: 'start'}],
        ['/release start 1.1.1 2024-03-12', {kind: 'start', version: '1.1.1', releaseDay: '2024-03-12', answers: {}}],
        ['/release start v2.0.1-rc1 2024-02-29', {kind: 'start', version: '2.0.1-rc1', releaseDay: '2024-02-29', answers: {}}],
        ['/release start 1.1.1 2024-03-12 --if researcher-needs-mug=yes --if During-Regular-Release=No', {
            kind: 'start', version: '1.1.1', releaseDay: '2024-03-12', answers: {'researcher-needs-mug': true, 'during-regular-release': false},
        }],
        ['/release start 1.1.1 2024-03-12 --if a=y,b=n --if=c=true', {kind: 'start', version: '1.1.1', releaseDay: '2024-03-12', answers: {a: true, b: false, c: true}}],
        ['/release STATUS', {kind: 'status'}],
        ['/release list', {kind: 'list'}],
        ['/release done 4', {kind: 'done', step: '4'}],
        ['/release done Test the new RC', {kind: 'done', step: 'Test the new RC'}],
        ['/release done "Test the new RC"', {kind: 'done', step: 'Test the new RC'}],
        ['/release skip 4 not needed this time', {kind: 'skip', step: '4', reason: 'not needed this time'}],
        ['/release skip "Order a mug" researcher\'s second fix', {kind: 'skip', step: 'Order a mug', reason: 'researcher\'s second fix'}],
        ['/release assign qa @quinn', {kind: 'assign', role: 'qa', users: ['quinn']}],
        ['/release assign "Release Manager" @Rita dave', {kind: 'assign', role: 'Release Manager', users: ['rita', 'dave']}],
        ['/release move 2024-03-14', {kind: 'move', releaseDay: '2024-03-14'}],
        ['/release report', {kind: 'report'}],
        ['/release finish', {kind: 'finish', confirm: false}],
        ['/release finish confirm', {kind: 'finish', confirm: true}],
        ['/release finish CONFIRM', {kind: 'finish', confirm: true}],
    ])('%s', (line, command) => {
        expect(parseCommand(line)).toEqual({ok: true, command});
    });

    it.each([
        ['/release frobnicate', /Unknown subcommand/],
        ['/release status now', /takes no arguments[\s\S]*Usage: `\/release status`/],
        ['/release finish everything', /no argument but `confirm`[\s\S]*Usage: `\/release finish \[confirm\]`/],
        ['/release report x', /Usage: `\/release report`/],
        ['/release list all', /Usage: `\/release list`/],
        ['/release done', /Name the step[\s\S]*Usage: `\/release done <step>`/],
        ['/release done ""', /Usage: `\/release done/],
        ['/release skip', /Usage: `\/release skip <step> <reason>`/],
        ['/release skip 4', /reason[\s\S]*Usage: `\/release skip/],
        ['/release skip "open quote', /not closed[\s\S]*Usage/],
        ['/release assign', /Usage: `\/release assign/],
        ['/release assign qa', /Usage: `\/release assign/],
        ['/release assign qa @not/a/user', /not a username/],
        ['/release move', /Usage: `\/release move/],
        ['/release move 2024-02-30', /not a date/],
        ['/release move 12/03/2024', /not a date/],
        ['/release move 2024-03-14 2024-03-15', /Usage: `\/release move/],
        ['/release start 1.1.1', /both the version and the release day/],
        ['/release start 1.1.1 tomorrow', /not a date/],
        ['/release start banana 2024-03-12', /not a version/],
        ['/release start 1.1.1 2024-03-12 extra', /Usage: `\/release start/],
        ['/release start 1.1.1 2024-03-12 --if', /needs a condition and an answer/],
        ['/release start 1.1.1 2024-03-12 --if mug=maybe', /"mug=maybe" is not an answer/],
        ['/release start 1.1.1 2024-03-12 --force', /"--force" is not an option of `start`/],
        ['/release help nothing', /no subcommand/],
        ['/other status', /not a \/release command/],
        ['/release skip 4 ' + 'x'.repeat(1001), /too long/],
        ['/release ' + 'x'.repeat(5000), /too long/],
    ])('%s is refused with usage', (line, message) => {
        const r = parseCommand(line);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error).toMatch(message);
    });
});

describe('matchStep', () => {
    const run = scriptedRun();
    it('finds steps by id, number, #number, sub-step number, exact title and unique prefix', () => {
        const id = (q: string): string | null => {
            const m = matchStep(run, q);
            return m.ok ? m.step.id : null;
        };
        expect(id('verify-rc')).toBe('verify-rc');
        expect(id('4')).toBe('verify-rc');
        expect(id('#6')).toBe('test-rc');
        expect(id('7.2')).toBe('installers/yunohost');
        expect(id('test the   NEW rc')).toBe('test-rc');
        expect(id('Contact')).toBe('installers');
    });

    it('lists the candidates when a prefix is ambiguous, and explains unknown steps', () => {
        const amb = matchStep(run, 'Make a post');
        expect(amb.ok).toBe(true);
        const twice = matchStep({...run, steps: [...run.steps, {...run.steps[1], id: 'announce-2', title: 'Make a post in Release Discussion'}]}, 'Make a post');
        expect(twice.ok).toBe(false);
        if (!twice.ok) {
            expect(twice.error).toContain('matches 2 steps');
            expect(twice.error).toContain('Announcements channel');
            expect(twice.error).toContain('Release Discussion');
        }
        const none = matchStep(run, 'Bake a cake');
        expect(none.ok || none.error).toMatch(/No step starts with/);
        const big = matchStep(run, '99');
        expect(big.ok || big.error).toMatch(/no step 99/);
    });
});

describe('autocomplete registration', () => {
    it('has Mattermost AutocompleteData field names and one node per subcommand', () => {
        const data = autocompleteData();
        expect(Object.keys(data).sort()).toEqual(['Arguments', 'HelpText', 'Hint', 'RoleID', 'SubCommands', 'Trigger']);
        expect(data.Trigger).toBe('release');
        expect(data.SubCommands.map((s) => s.Trigger)).toEqual(SUBCOMMANDS.map((s) => s.name));
        for (const sub of data.SubCommands) {
            for (const arg of sub.Arguments) {
                expect(Object.keys(arg).sort()).toEqual(['Data', 'HelpText', 'Name', 'Required', 'Type']);
                expect(['TextInput', 'StaticList', 'DynamicList']).toContain(arg.Type);
            }
        }
        const done = data.SubCommands.find((s) => s.Trigger === 'done')!;
        expect(done.Arguments[0]).toMatchObject({Type: 'DynamicList', Data: {FetchURL: 'plugins/com.mattermost.release-checklist/api/v1/autocomplete/steps'}});
        // It survives the JSON trip to Mattermost unchanged.
        expect(JSON.parse(JSON.stringify(commandSpec().autocompleteData))).toEqual(data);
        expect(commandSpec().trigger).toBe('release');
    });
});
