import type {Run} from '../api/types';
import {DEV, ME, RM, makeRun, makeStep} from '../testing/fixtures';

import {shareUnchanged} from './share';
import {allUserIds, attentionOf, groupRun, mayClose, openStepsFor, ownersOf, progressOf} from './steps';
import {dayKeyIn, fromLocalInput, isValidZone, toLocalInput} from './time';

describe('step views', () => {
    it('counts progress over done and skipped steps', () => {
        const run = makeRun({}, [makeStep({state: 'done'}), makeStep({state: 'skipped'}), makeStep(), makeStep()]);
        expect(progressOf(run)).toEqual({done: 1, skipped: 1, open: 2, total: 4, percent: 50});
        expect(progressOf(makeRun({}, [])).percent).toBe(0);
    });

    it('leaves out steps whose condition the run answered no, as the server does', () => {
        const run = makeRun({conditions: {mug: false, regular: true}}, [
            makeStep({state: 'done'}), makeStep({condition: 'mug'}), makeStep({condition: 'mug', state: 'done'}),
            makeStep({condition: 'regular'}), makeStep({condition: 'unanswered'}),
        ]);
        expect(progressOf(run)).toEqual({done: 1, skipped: 0, open: 2, total: 3, percent: 33});
    });

    it('finds overdue and due-today steps in the viewer zone', () => {
        const now = Date.parse('2030-01-03T03:00:00Z');
        const run = makeRun({}, [
            makeStep({id: 'a', dueAt: '2030-01-03T02:00:00Z'}),
            makeStep({id: 'b', dueAt: '2030-01-03T05:00:00Z'}),
            makeStep({id: 'c', dueAt: '2030-01-03T20:00:00Z'}),
        ]);
        // 20:00 UTC is still Jan 3 in UTC...
        expect(attentionOf(run, now, dayKeyIn('UTC')).dueToday.map((s) => s.id)).toEqual(['b', 'c']);
        // ...but in Los Angeles (UTC-8) "now" is Jan 2, 19:00: b (21:00 there) is due today, c is tomorrow.
        const la = attentionOf(run, now, dayKeyIn('America/Los_Angeles'));
        expect(la.overdue.map((s) => s.id)).toEqual(['a']);
        expect(la.dueToday.map((s) => s.id)).toEqual(['b']);
    });

    it('groups by phase and role, sub-steps under their parent, orphans kept', () => {
        const run = makeRun({}, [
            makeStep({id: 'p', phaseId: 'a', role: 'qa'}),
            makeStep({id: 'p/1', parentId: 'p', phaseId: 'a', role: 'qa'}),
            makeStep({id: 'r', phaseId: 'a', role: 'release-manager'}),
            makeStep({id: 'x/1', parentId: 'x', phaseId: 'b', role: 'dev'}),
        ]);
        const groups = groupRun(run);
        expect(groups[0].roles.map((g) => g.role)).toEqual(['release-manager', 'qa']);
        expect(groups[0].roles[1].nodes[0].substeps.map((s) => s.id)).toEqual(['p/1']);
        expect(groups[1].roles[0].nodes[0].step.id).toBe('x/1');
        expect(groups[0].progress).toEqual({closed: 0, total: 3});
    });

    it('counts phase progress as the run progress: steps that do not apply are left out', () => {
        const run = makeRun({conditions: {mug: false, regular: true}}, [
            makeStep({phaseId: 'a', state: 'done'}),
            makeStep({phaseId: 'a', condition: 'mug', state: 'skipped', skipReason: 'Does not apply'}),
            makeStep({phaseId: 'a', condition: 'mug'}),
            makeStep({phaseId: 'a', condition: 'regular'}),
            makeStep({phaseId: 'b', state: 'skipped', skipReason: 'not needed'}),
            makeStep({phaseId: 'b', condition: 'mug', state: 'skipped'}),
        ]);
        const phases = groupRun(run);
        expect(phases.find((p) => p.id === 'a')!.progress).toEqual({closed: 1, total: 2});
        expect(phases.find((p) => p.id === 'b')!.progress).toEqual({closed: 1, total: 1});
        const sum = phases.reduce((acc, p) => ({closed: acc.closed + p.progress.closed, total: acc.total + p.progress.total}), {closed: 0, total: 0});
        const run_ = progressOf(run);
        expect(sum).toEqual({closed: run_.done + run_.skipped, total: run_.total});
    });

    it('never asks attention for a step that does not apply', () => {
        const now = Date.parse('2030-01-03T12:00:00Z');
        const run = makeRun({conditions: {mug: false}}, [
            makeStep({id: 'late', dueAt: '2030-01-02T17:00:00Z'}),
            makeStep({id: 'late-na', condition: 'mug', dueAt: '2030-01-02T17:00:00Z'}),
            makeStep({id: 'today-na', condition: 'mug', dueAt: '2030-01-03T17:00:00Z'}),
        ]);
        const attention = attentionOf(run, now, dayKeyIn('UTC'));
        expect(attention.overdue.map((s) => s.id)).toEqual(['late']);
        expect(attention.dueToday).toEqual([]);
    });

    it('knows owners, who may close approval steps, and the chooser order', () => {
        const run: Run = makeRun({}, [
            makeStep({id: 'theirs', title: 'Deploy', role: 'dev', dueAt: '2030-01-01T00:00:00Z'}),
            makeStep({id: 'mine', title: 'Test', role: 'qa', dueAt: '2030-01-02T00:00:00Z'}),
            makeStep({id: 'gate', title: 'Approve', role: 'release-manager', approval: true, assignee: ME, dueAt: '2030-01-03T00:00:00Z'}),
            makeStep({id: 'closed', title: 'Test more', role: 'qa', state: 'done'}),
        ]);
        expect(ownersOf(run, run.steps[0])).toEqual([DEV]);
        expect(ownersOf(run, run.steps[2])).toEqual([ME]);
        expect(mayClose(run, run.steps[2], ME)).toBe(false);
        expect(mayClose(run, run.steps[2], RM)).toBe(true);
        expect(mayClose(run, run.steps[0], ME)).toBe(true);
        expect(openStepsFor(run, ME, '').map((s) => s.id)).toEqual(['mine', 'gate', 'theirs']);
        expect(openStepsFor(run, ME, 'dep').map((s) => s.id)).toEqual(['theirs']);
        expect(new Set(allUserIds(run))).toEqual(new Set([RM, DEV, ME]));
    });

    it('keeps unchanged steps identical between revisions', () => {
        const a = makeRun({}, [makeStep({id: '1'}), makeStep({id: '2'})]);
        const b = JSON.parse(JSON.stringify(a)) as Run;
        b.steps[1].state = 'done';
        const shared = shareUnchanged(a, b);
        expect(shared.steps[0]).toBe(a.steps[0]);
        expect(shared.steps[1]).not.toBe(a.steps[1]);
        expect(shared.steps[1].state).toBe('done');
    });
});

describe('time helpers', () => {
    it('round-trips a due time through the datetime-local input in a zone', () => {
        const iso = '2030-03-10T16:30:00.000Z';
        const local = toLocalInput(iso, 'America/New_York');
        expect(local).toBe('2030-03-10T12:30');
        expect(fromLocalInput(local, 'America/New_York')).toBe(iso);
        expect(fromLocalInput('nonsense', 'UTC')).toBeNull();
    });
    it('validates zones', () => {
        expect(isValidZone('Europe/Berlin')).toBe(true);
        expect(isValidZone('Mars/Olympus')).toBe(false);
        expect(isValidZone('')).toBe(false);
    });
});
