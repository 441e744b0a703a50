import {lexer, type Token, type Tokens} from 'marked';
import {renderReport} from './render-report';
import {splitMessage} from './split-message';
import {scriptedEvents, scriptedRun, userMap} from './test-fixtures';

const SITE = 'https://chat.example.com';
const NOW = new Date('2024-03-12T20:00:00.000Z');

function walk(tokens: Token[], visit: (t: Token) => void): void {
    for (const t of tokens) {
        visit(t);
        const nested = t as Token & {tokens?: Token[]; items?: Token[]; header?: Tokens.TableCell[]; rows?: Tokens.TableCell[][]};
        if (nested.tokens) walk(nested.tokens, visit);
        if (nested.items) walk(nested.items, visit);
        if (nested.header) nested.header.forEach((c) => walk(c.tokens, visit));
        if (nested.rows) nested.rows.forEach((r) => r.forEach((c) => walk(c.tokens, visit)));
    }
}

function links(markdown: string): string[] {
    const out: string[] = [];
    walk(lexer(markdown), (t) => {
        if (t.type === 'link') out.push((t as Tokens.Link).href);
    });
    return out;
}

function tables(markdown: string): Tokens.Table[] {
    const out: Tokens.Table[] = [];
    walk(lexer(markdown), (t) => {
        if (t.type === 'table') out.push(t as Tokens.Table);
    });
    return out;
}

describe('renderReport on a scripted run', () => {
    const run = scriptedRun();
    const events = scriptedEvents();
    const md = renderReport(run, events, userMap(), SITE, 'eng', {now: NOW});
    const scheduleRows = tables(md).slice(1).flatMap((t) => t.rows);

    it('lists every done step with who closed it, when, in the run zone', () => {
        const done = run.steps.filter((s) => s.state === 'done');
        expect(done.length).toBeGreaterThan(0);
        for (const step of done) {
            const row = scheduleRows.find((r) => r[0].text.includes(step.title));
            expect(row).toBeDefined();
            expect(row![4].text).toBe('done');
            expect(row![5].text).toContain('(' + userMap().get(step.closedBy!)!.username + ')');
            // 2024-03-06T15:00Z is 10:00 in Toronto (EST); 2024-03-12T18:00Z is 14:00 (EDT).
            expect(row![6].text).toMatch(/\d\d:\d\d (EST|EDT)$/);
        }
        expect(md).toContain('Wed 2024-03-06 10:00 EST');
        expect(md).toContain('Tue 2024-03-12 14:00 EDT');
    });

    it('links every evidence post with a team permalink', () => {
        const found = links(md);
        for (const step of run.steps) {
            for (const e of step.evidence) {
                expect(found).toContain(`${SITE}/eng/pl/${e.postId}`);
            }
        }
    });

    it('gives every skipped step its reason, and the reason cannot inject a link or a cell', () => {
        const skipped = run.steps.filter((s) => s.state === 'skipped');
        expect(skipped.length).toBeGreaterThan(0);
        const section = md.slice(md.indexOf('## Skipped steps'), md.indexOf('## Open steps'));
        for (const step of skipped) {
            expect(section).toContain(step.title.replace('|', '\\|'));
            expect(section).toContain('No hotfix needed');
        }
        expect(links(md).some((href) => href.startsWith('javascript:'))).toBe(false);
    });

    it('keeps every schedule table row at exactly eight cells despite pipes in titles', () => {
        const schedule = tables(md).slice(1);
        expect(schedule).toHaveLength(run.phases.length);
        expect(scheduleRows).toHaveLength(run.steps.length);
        for (const row of scheduleRows) {
            expect(row).toHaveLength(8);
        }
        const pipeRow = scheduleRows.find((r) => r[0].text.includes('hotfixes'));
        expect(pipeRow![0].text).toContain('| release branch');
    });

    it('lists open steps with owners and marks overdue ones, and shows a no-condition step as not applicable', () => {
        const section = md.slice(md.indexOf('## Open steps'), md.indexOf('## Notes'));
        expect(section).toContain('Verify with Release Manager');
        expect(section).toMatch(/Verify with Release Manager[^\n]*Bob Builder \(bob\)[^\n]*\*\*overdue\*\*/);
        expect(section).not.toContain('Update prev.test');
        expect(section).toMatch(/Contact owners[^\n]*Dave Developer \(dave\)/);
        const prevRow = scheduleRows.find((r) => r[0].text.includes('Update prev.test'));
        expect(prevRow![4].text).toBe('not applicable');
    });

    it('lists the issues as links, encoding characters that would end the link', () => {
        const found = links(md);
        expect(found).toContain('https://issues.example.com/MM-1');
        expect(found).toContain('https://issues.example.com/MM-2?q=%28x%29');
    });

    it('includes notes without letting them ping the channel', () => {
        const section = md.slice(md.indexOf('## Notes'), md.indexOf('## History'));
        expect(section).toContain('Blocked on');
        expect(section).not.toMatch(/@all\b/);
    });

    it('lists a daily step\'s ticks among the notes by time, and counts the notes a step no longer carries', () => {
        const withTicks: typeof run = {...run, steps: run.steps.map((s, i) => (i === 1 ? {
            ...s, notes: [{userId: 'u-dev', at: '2024-03-08T10:00:00.000Z', text: 'latest note'}], noteCount: 12,
            ticks: [{day: '2024-03-07', userId: 'u-dev', at: '2024-03-07T09:00:00.000Z'}, {day: '2024-03-11', userId: 'u-qa', at: '2024-03-11T09:00:00.000Z'}],
        } : s))};
        const section = renderReport(withTicks, events, userMap(), SITE, 'eng', {now: NOW});
        const lines = section.slice(section.indexOf('## Notes'), section.indexOf('## History')).split('\n').filter((l) => l.includes(run.steps[1].title));
        expect(lines.map((l) => l.replace(/^.*?: /, ''))).toEqual(['11 earlier notes, shown in the channel\'s Release Checklist', 'Done for 2024-03-07', 'latest note', 'Done for 2024-03-11']);
    });

    it('names people without @-mentions, and shows the progress and the history', () => {
        expect(md).not.toMatch(/@(rita|dave|quinn|bob)\b/);
        expect(md).toContain('3 of 8 done, 1 skipped, 4 open');
        expect(md).toContain('moved the release day from 2024-03-11 to 2024-03-12');
    });

    it('falls back to the team-agnostic redirect permalink without a team name', () => {
        const plain = renderReport(run, [], userMap(), SITE + '/');
        expect(links(plain)).toContain(`${SITE}/_redirect/pl/post-a1`);
        expect(plain).not.toContain('## History');
    });

    it('names users missing from the directory instead of failing', () => {
        const out = renderReport(run, events, {}, SITE, 'eng', {now: NOW});
        expect(out).toContain('unknown user u-rm');
    });
});

describe('splitMessage', () => {
    it('splits a long report into posts under the limit, repeating table headers', () => {
        const run = scriptedRun();
        const many = Array.from({length: 60}, (_, i) => ({...run.steps[0], id: `s${i}`, title: `Step ${i} ${'x'.repeat(80)}`}));
        const md = renderReport({...run, steps: many}, [], userMap(), SITE, 'eng', {now: NOW});
        const posts = splitMessage(md, 2000);
        expect(posts.length).toBeGreaterThan(2);
        for (const p of posts) {
            expect(p.length).toBeLessThanOrEqual(2000);
        }
        const rows = posts.flatMap((p) => tables(p).flatMap((t) => t.rows)).filter((r) => r[0].text.includes('Step '));
        expect(rows).toHaveLength(60);
        expect(posts.join('\n')).toContain('Step 59');
    });

    it('cuts a single huge line rather than exceeding the limit', () => {
        const posts = splitMessage('a'.repeat(5000), 1000);
        expect(posts.every((p) => p.length <= 1000)).toBe(true);
        expect(posts.join('')).toBe('a'.repeat(5000));
    });
});
