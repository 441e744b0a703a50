// Changing an answer after the start: a "yes" brings the question's steps into the release,
// a "no" takes its open steps out; who may, and what the timeline records.
import {ActionError} from './errors';
import {ADMIN, CHANNEL, DEV, RM, makeHarness, startInput} from '../testing/service-harness';
import {progressOf} from '../progress';
import type {Run, RunStep} from '../model';
import {describeEvent} from '../report/describe-event';
import {listReply} from '../commands/replies';

const step = (run: Run, id: string): RunStep => run.steps.find((s) => s.id === id)!;

describe('changing a condition after the start', () => {
    it('adds the steps on yes (open, scheduled) and removes the open ones on no, recorded in the timeline', async () => {
        const h = makeHarness();
        const run = await h.service.startRun(RM, startInput({conditions: {'regular-release': false}}), 'rhs');
        expect(step(run, 'tell-regular').state).toBe('skipped');
        const total = progressOf(run).total;

        const yes = await h.service.setConditions(RM, run.id, {'regular-release': true}, 'rhs');
        expect(yes.conditions).toEqual({'regular-release': true});
        expect(step(yes, 'tell-regular')).toMatchObject({state: 'open', dueAt: '2026-03-09T17:00:00.000Z'});
        expect(step(yes, 'tell-regular').skipReason).toBeUndefined();
        expect(progressOf(yes).total).toBe(total + 1);

        const no = await h.service.setConditions(RM, run.id, {'regular-release': false}, 'rhs');
        expect(step(no, 'tell-regular')).toMatchObject({state: 'skipped', skipReason: 'Does not apply: "Does the dot release coincide with a regular release?" was answered no.'});
        expect(progressOf(no).total).toBe(total);

        const {events} = await h.service.reportData(RM, run.id);
        const changes = events.filter((e) => e.type === 'condition-changed');
        expect(changes.map((e) => [e.userId, e.source, e.data])).toEqual([
            [RM, 'rhs', {condition: 'regular-release', question: 'Does the dot release coincide with a regular release?', from: false, to: true, added: 1, removed: 0}],
            [RM, 'rhs', {condition: 'regular-release', question: 'Does the dot release coincide with a regular release?', from: true, to: false, added: 0, removed: 1}],
        ]);
        expect(describeEvent(changes[0], no, new Map([[RM, {id: RM, username: 'rita', firstName: '', lastName: '', nickname: '', isBot: false, deleteAt: 0}]])))
            .toBe('rita answered "Does the dot release coincide with a regular release?" yes (was no)');
    });

    it('keeps what a person closed: a step ticked stays done, one skipped by hand stays skipped', async () => {
        const h = makeHarness();
        const run = await h.service.startRun(RM, startInput({conditions: {'regular-release': true}}), 'rhs');
        await h.service.markDone(RM, run.id, 'tell-regular', {source: 'rhs'});
        const no = await h.service.setConditions(RM, run.id, {'regular-release': false}, 'rhs');
        expect(step(no, 'tell-regular').state).toBe('done');
        await h.service.undo(RM, run.id, 'tell-regular', 'rhs');
        await h.service.skip(RM, run.id, 'tell-regular', 'covered elsewhere', 'rhs');
        const yes = await h.service.setConditions(RM, run.id, {'regular-release': true}, 'rhs');
        expect(step(yes, 'tell-regular')).toMatchObject({state: 'skipped', skipReason: 'covered elsewhere', closedBy: RM});
    });

    it('is for the Release Manager, the starter or an admin; an unknown condition or an unchanged answer changes nothing', async () => {
        const h = makeHarness();
        const run = await h.service.startRun(RM, startInput(), 'rhs');
        await expect(h.service.setConditions(DEV, run.id, {'regular-release': true}, 'rhs')).rejects.toMatchObject({kind: 'forbidden'});
        const err = await h.service.setConditions(RM, run.id, {mug: true}, 'rhs').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ActionError);
        expect(err).toMatchObject({kind: 'invalid', field: 'conditions.mug'});
        const same = await h.service.setConditions(ADMIN, run.id, {'regular-release': false}, 'rhs');
        expect(same.revision).toBe(run.revision);
        expect((await h.service.listRuns(RM, CHANNEL)).runs).toHaveLength(1);
    });

    it('/release list shows each question with its answer', async () => {
        const h = makeHarness();
        const run = await h.service.startRun(RM, startInput({conditions: {'regular-release': true}}), 'rhs');
        const reply = listReply([{...run, progress: progressOf(run)}], run, h.clock.now);
        expect(reply).toContain('**Answers of release 1.1.1**\n- Does the dot release coincide with a regular release? **yes** (`regular-release`)');
    });
});
