// The daily merge-back is due every working day from its first day to its last, until it is
// ticked for the day, and the one rule says so for every reader: the RHS (the webapp imports
// attentionOf), the reminders and the digest (dueSteps), and /release status.
import {attentionOf, dailyDay} from './attention';
import {statusReply} from './commands/replies';
import {digestMessage, stepsByOwner} from './reminders/messages';
import {dueSteps} from './reminders/due-steps';
import {DEV, RM, makeHarness, startInput} from './testing/service-harness';
import type {Run} from './model';

const at = (iso: string) => Date.parse(iso);
const ids = (steps: Array<{id: string}>) => steps.map((s) => s.id);

async function started(): Promise<{run: Run; tick: (iso: string) => Promise<Run>}> {
    const h = makeHarness();
    // Release Friday 13 March 2026 (UTC): phase A (T-4) is Monday 9 March; merge-back is daily from then until T-0.
    const run = await h.service.startRun(RM, startInput(), 'rhs');
    return {
        run,
        tick: async (iso) => {
            h.clock.now = new Date(iso);
            return h.service.markDone(DEV, run.id, 'merge-back', {source: 'rhs'});
        },
    };
}

describe('the daily step, by the shared attention rule', () => {
    it('is due each working day from its first day to its last, at its time of day, until ticked for that day', async () => {
        const {run, tick} = await started();
        expect(dailyDay(run, run.steps.find((s) => s.id === 'merge-back')!, at('2026-03-05T10:00:00Z'))).toMatchObject({firstDay: '2026-03-09', lastDay: '2026-03-13'});
        // Before its first day: nothing.
        expect(ids(attentionOf(run, at('2026-03-05T10:00:00Z')).dueToday)).not.toContain('merge-back');
        // Monday: due today at 17:00, and overdue after 17:00 if not ticked.
        const monday = attentionOf(run, at('2026-03-09T10:00:00Z'));
        expect(monday.dueToday.find((s) => s.id === 'merge-back')?.dueAt).toBe('2026-03-09T17:00:00.000Z');
        expect(ids(attentionOf(run, at('2026-03-09T18:00:00Z')).overdue)).toContain('merge-back');
        // Ticked on Monday: gone for Monday, due again on Tuesday.
        const ticked = await tick('2026-03-09T11:00:00Z');
        expect(ticked.steps.find((s) => s.id === 'merge-back')!.state).toBe('open');
        expect(ids([...attentionOf(ticked, at('2026-03-09T12:00:00Z')).dueToday, ...attentionOf(ticked, at('2026-03-09T18:00:00Z')).overdue])).not.toContain('merge-back');
        const tuesday = attentionOf(ticked, at('2026-03-10T09:00:00Z'));
        expect(tuesday.dueToday.find((s) => s.id === 'merge-back')?.dueAt).toBe('2026-03-10T17:00:00.000Z');
        // Not on a weekend day; after its last day, still open: overdue.
        expect(ids(attentionOf({...ticked, workingDays: [1, 2, 3, 4, 5]}, at('2026-03-07T10:00:00Z')).dueToday)).not.toContain('merge-back');
        expect(ids(attentionOf(ticked, at('2026-03-16T10:00:00Z')).overdue)).toContain('merge-back');
    });

    it('is listed alike by the reminders, the digest and /release status on two different days', async () => {
        const {run, tick} = await started();
        const users = new Map();
        for (const [iso, day] of [['2026-03-10T09:00:00Z', '2026-03-10'], ['2026-03-11T09:00:00Z', '2026-03-11']] as const) {
            const due = dueSteps(run, at(iso));
            expect(ids(due.dueToday)).toContain('merge-back');
            expect(ids(stepsByOwner(run, due).get(DEV) ?? [])).toContain('merge-back');
            expect(digestMessage(run, day, due, users)).toMatch(new RegExp(`\\*\\*Due today\\*\\*[\\s\\S]*Merge the release branch back[^\\n]*due \\w{3} ${day} 17:00`));
            expect(statusReply(run, new Date(iso), users, DEV)).toMatch(new RegExp(`\\*\\*Due today\\*\\*[\\s\\S]*Merge the release branch back[^\\n]*due \\w{3} ${day} 17:00 UTC \\(yours\\)`));
        }
        const ticked = await tick('2026-03-11T08:00:00Z');
        expect(statusReply(ticked, new Date('2026-03-11T09:00:00Z'), users, DEV)).not.toContain('Merge the release branch back');
    });
});
