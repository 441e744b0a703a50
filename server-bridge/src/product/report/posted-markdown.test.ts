// The step numbers in what the bot posts and /release answers stay literal under Mattermost's
// own Markdown rules (@mattermost/commonmark, which the mobile apps use, and marked, the web
// app's parser): `- 25. Title` would be read as a numbered list nested in the bullet, shown
// with numbers of its own. Each step line starts with the number /release done takes.
import {matchStep} from '../commands/match-step';
import {listReply, mineReply, statusReply} from '../commands/replies';
import {stepDoneReply} from '../bot/messages';
import {digestMessage, reminderMessage} from '../reminders/messages';
import {dueSteps} from '../reminders/due-steps';
import {myStepsOf} from '../runs/my-steps';
import {commonmarkItems, markedItems, type ListItem} from '../testing/mattermost-markdown';
import {renderReport} from './render-report';
import {progressOf, stepNumbers} from './run-facts';
import {scriptedEvents, scriptedRun, userMap} from './test-fixtures';

const NOW = new Date('2024-03-08T15:00:00.000Z');

function posts(): Array<[string, string]> {
    const run = scriptedRun();
    const users = userMap();
    const due = dueSteps(run, NOW.getTime());
    const dev = 'u-dev';
    return [
        ['report', renderReport(run, scriptedEvents(), users, 'https://chat.example.com', 'eng', {now: NOW})],
        ['/release status', statusReply(run, NOW, users, dev)],
        ['/release list', listReply([{...run, progress: progressOf(run)}], run, NOW)],
        ['/release mine', mineReply([{
            runId: run.id, channelId: run.channelId, channelName: 'sec', channelDisplayName: 'Security', teamName: 'eng', version: run.version,
            releaseDay: run.releaseDay, timeZone: run.timeZone, steps: myStepsOf(run, dev, NOW.getTime()),
        }], 'https://chat.example.com')],
        ['digest', digestMessage(run, '2024-03-08', due, users)],
        ['reminder', reminderMessage(run, [...due.overdue, ...due.dueToday], NOW, {markdown: '~sec'})],
        ['ambiguous step name', (() => {
            const m = matchStep(run, 'P');
            return m.ok ? '' : m.error;
        })()],
        ['bot reply', stepDoneReply(run, run.steps.find((s) => s.parentId)!, dev, users)],
    ];
}

describe('posted step numbers under Mattermost\'s Markdown rules', () => {
    const run = scriptedRun();
    const numbers = stepNumbers(run);
    const titled = (item: ListItem) => run.steps.find((s) => item.text.includes(s.title));

    it('the old form is exactly what went wrong: "- 25. Title" is a numbered list inside the bullet', () => {
        for (const parse of [commonmarkItems, markedItems]) {
            expect(parse('- 25. Title')).toEqual([
                {ordered: false, start: null, text: '', depth: 1},
                {ordered: true, start: 25, text: 'Title', depth: 2},
            ]);
            expect(parse('- #25 Title')).toEqual([{ordered: false, start: null, text: '#25 Title', depth: 1}]);
        }
    });

    it.each(posts())('%s: every step line is one bullet starting with the number /release done takes', (_name, markdown) => {
        for (const parse of [commonmarkItems, markedItems]) {
            const items = parse(markdown);
            // No step ever becomes an item of a numbered list.
            expect(items.filter((i) => i.ordered && titled(i)).map((i) => i.text)).toEqual([]);
            const stepItems = items.filter((i) => titled(i) && !i.ordered);
            for (const item of stepItems) {
                const step = titled(item)!;
                const m = /#(\d+(?:\.\d+)?) /.exec(item.text);
                expect([item.text, m?.[1]]).toEqual([item.text, numbers.get(step.id)]);
                const found = matchStep(run, `#${m![1]}`);
                expect(found.ok && found.step.id).toBe(step.id);
            }
        }
    });

    it('covers step lines in every surface that lists them', () => {
        const listed = posts().filter(([, md]) => commonmarkItems(md).some((i) => titled(i)));
        expect(listed.map(([name]) => name)).toEqual(['report', '/release status', '/release list', '/release mine', 'digest', 'reminder', 'ambiguous step name']);
        expect(posts().find(([name]) => name === 'bot reply')![1]).toMatch(/^:white_check_mark: #\d+\.\d+ \*\*/);
    });

    it('keeps a note\'s line breaks in the report, inside its list item, under both parsers', () => {
        const base = scriptedRun();
        const withNote = {...base, steps: base.steps.map((s, i) => (i === 0 ? {...s, notes: [{userId: 'u-dev', at: '2024-03-07T15:00:00.000Z', text: 'RC1 is on rc.test\n\n- RC2 tomorrow\n@all look'}]} : s))};
        const md = renderReport(withNote, [], userMap(), 'https://chat.example.com', 'eng', {now: NOW});
        const notes = md.slice(md.indexOf('## Notes'));
        for (const parse of [commonmarkItems, markedItems]) {
            const item = parse(notes).find((i) => i.text.includes('RC1 is on rc.test'))!;
            expect(item).toMatchObject({ordered: false, depth: 1});
            expect(item.text).toMatch(/RC1 is on rc\.test\s*\n\s*- RC2 tomorrow\s*\n\s*@\u200ball look$/);
        }
    });
});
