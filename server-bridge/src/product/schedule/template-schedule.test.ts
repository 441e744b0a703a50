import type {RunStep, Template} from '../model';
import {effectiveDue, rescheduleSteps, scheduleTemplate} from './template-schedule';
import {computeDueAt} from './due';

const template: Template = {
    schemaVersion: 1,
    id: 'mini',
    name: 'Mini',
    roles: [{id: 'dev', name: 'Dev'}],
    conditions: [],
    phases: [
        {
            id: 'code-complete', label: 'A', title: 'Code complete', offset: {unit: 'working', days: -4},
            steps: [{id: 'fix', title: 'Fix', role: 'dev', substeps: []}],
        },
        {
            id: 'build', label: 'D', title: 'Build', offset: {unit: 'working', days: 0},
            steps: [{
                id: 'post', title: 'Post later', role: 'dev', due: {offset: {unit: 'calendar', days: 30}},
                substeps: [
                    {id: 'sheet', title: 'Sheet', role: 'dev', substeps: []},
                    {id: 'early', title: 'Early', role: 'dev', due: {offset: {unit: 'working', days: 1}, time: '09:00'}, substeps: []},
                ],
            }],
        },
    ],
};

const ctx = {releaseDay: '2024-03-12', timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], holidays: []};

describe('effectiveDue', () => {
    it('prefers the step, then its parent, then the phase', () => {
        const [a, d] = template.phases;
        expect(effectiveDue(a, a.steps[0])).toEqual({offset: {unit: 'working', days: -4}});
        const post = d.steps[0];
        expect(effectiveDue(d, post.substeps[0], post)).toEqual({offset: {unit: 'calendar', days: 30}});
        expect(effectiveDue(d, post.substeps[1], post)).toEqual({offset: {unit: 'working', days: 1}, time: '09:00'});
    });
});

describe('scheduleTemplate', () => {
    it('gives every step and sub-step its due instant, sub-steps with run-step ids', () => {
        expect(scheduleTemplate(template, ctx)).toEqual([
            {id: 'fix', phaseId: 'code-complete', due: {offset: {unit: 'working', days: -4}}, dueAt: '2024-03-06T17:00:00.000Z'},
            {id: 'post', phaseId: 'build', due: {offset: {unit: 'calendar', days: 30}}, dueAt: '2024-04-11T17:00:00.000Z'},
            {id: 'post/sheet', parentId: 'post', phaseId: 'build', due: {offset: {unit: 'calendar', days: 30}}, dueAt: '2024-04-11T17:00:00.000Z'},
            {id: 'post/early', parentId: 'post', phaseId: 'build', due: {offset: {unit: 'working', days: 1}, time: '09:00'}, dueAt: '2024-03-13T09:00:00.000Z'},
        ]);
    });
});

describe('rescheduleSteps', () => {
    function step(id: string, extra: Partial<RunStep>): RunStep {
        const due = {offset: {unit: 'working' as const, days: -1}};
        return {
            id, phaseId: 'a', title: id, role: 'dev', approval: false, due, dueAt: computeDueAt(ctx, due),
            dueOverridden: false, state: 'open', notes: [], noteCount: 0, evidence: [], ...extra,
        };
    }

    it('moves open steps that follow the schedule and keeps done, skipped and hand-timed ones', () => {
        const steps = [
            step('open', {}),
            step('done', {state: 'done', closedAt: '2024-03-11T10:00:00.000Z'}),
            step('skipped', {state: 'skipped', skipReason: 'not needed'}),
            step('pinned', {dueOverridden: true, dueAt: '2024-03-01T12:00:00.000Z'}),
        ];
        const moved = rescheduleSteps(steps, {...ctx, releaseDay: '2024-03-19'});
        expect(moved[0].dueAt).toBe('2024-03-18T17:00:00.000Z');
        expect(moved.slice(1)).toEqual(steps.slice(1));
        expect(steps[0].dueAt).toBe('2024-03-11T17:00:00.000Z');
    });
});
