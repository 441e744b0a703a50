// Run-wide actions as pure changes of a run (see step-actions.ts for the contract).
import {checkReleaseDay, computeDueAt, rescheduleSteps, type ReleaseDayPolicy} from '../schedule';
import type {Run, RunSettings} from '../model';
import type {RunChange} from '../store';
import {checkRoles} from './build-run';
import {isPastDay, pastDayRefusal} from './past-day';
import {conflict, invalid} from './errors';
import {assertWritable, makeEvent, type Who} from './step-actions';
import {hasOwn, ownValue} from '../own';
import {notApplicableReason} from './build-run';

/** Moves T-0; open steps that nobody re-timed follow it, closed steps keep their history. */
export function moveReleaseDay(run: Run, day: string, policy: ReleaseDayPolicy, who: Who): RunChange<{warnings: string[]}> {
    assertWritable(run);
    const check = checkReleaseDay(day, {timeZone: run.timeZone, workingDays: run.workingDays, holidays: run.holidays}, policy);
    if (!check.ok) {
        throw invalid(check.error, 'releaseDay');
    }
    const warnings = check.moved ? [`${day} is not a working day; the release day moves to ${check.releaseDay}.`] : [];
    if (check.releaseDay === run.releaseDay) {
        return {unchanged: true, result: {warnings}};
    }
    if (isPastDay(check.releaseDay, run.timeZone, who.at)) {
        throw invalid(pastDayRefusal(check.releaseDay, run.timeZone, who.at), 'releaseDay');
    }
    const from = run.releaseDay;
    run.releaseDay = check.releaseDay;
    run.steps = rescheduleSteps(run.steps, run);
    return {run, events: [makeEvent(who, 'release-day-moved', null, {from, to: run.releaseDay})], result: {warnings}};
}

/** Replaces the users of the roles named; roles not named keep their users. */
export function changeRoles(run: Run, roles: Record<string, string[]>, who: Who): RunChange<null> {
    assertWritable(run);
    checkRoles({roles: Object.keys(run.roleNames).map((id) => ({id, name: run.roleNames[id]}))}, roles);
    const before = JSON.stringify(run.roles);
    for (const [role, users] of Object.entries(roles)) {
        run.roles[role] = [...new Set(users)];
    }
    if (JSON.stringify(run.roles) === before) {
        return {unchanged: true, result: null};
    }
    const data = Object.fromEntries(Object.keys(roles).map((r) => [r, (ownValue(run.roles, r) ?? []).join(',')]));
    return {run, events: [makeEvent(who, 'roles-changed', null, data)], result: null};
}

/** Every answer names one of the run's conditions (own keys only: 'constructor' is a valid id). */
export function checkConditionIds(run: Pick<Run, 'conditions'>, answers: Record<string, boolean>): void {
    for (const id of Object.keys(answers)) {
        if (!hasOwn(run.conditions, id)) {
            const known = Object.keys(run.conditions).join(', ') || 'none';
            throw invalid(`unknown condition '${id.slice(0, 64)}'; this run's conditions are ${known}`, `conditions.${id.slice(0, 64)}`);
        }
    }
}

/**
 * Changes answers to the template's questions. A question answered no takes its open steps out
 * of the release (not applicable, as at the start); answered yes again, the steps it took out
 * come back open with their scheduled due time. Steps a person closed keep their history. One
 * event per changed answer.
 */
export function changeConditions(run: Run, answers: Record<string, boolean>, who: Who): RunChange<null> {
    assertWritable(run);
    checkConditionIds(run, answers);
    const events = [];
    for (const id of Object.keys(answers)) {
        const to = answers[id];
        const from = run.conditions[id];
        if (from === to) {
            continue;
        }
        run.conditions[id] = to;
        const question = ownValue(run.conditionQuestions, id) ?? id;
        let added = 0;
        let removed = 0;
        for (const step of run.steps.filter((s) => s.condition === id)) {
            if (!to && step.state === 'open') {
                step.state = 'skipped';
                step.skipReason = notApplicableReason(question);
                step.closedAt = who.at;
                removed++;
            } else if (to && step.state === 'skipped' && step.closedBy === undefined) {
                // Only what an answer took out (no person closed it) comes back.
                step.state = 'open';
                delete step.skipReason;
                delete step.closedAt;
                if (!step.dueOverridden) {
                    step.dueAt = computeDueAt(run, step.due);
                }
                added++;
            }
        }
        events.push(makeEvent(who, 'condition-changed', null, {condition: id, question, from, to, added, removed}));
    }
    return events.length === 0 ? {unchanged: true, result: null} : {run, events, result: null};
}

export function finish(run: Run, who: Who): RunChange<null> {
    assertWritable(run);
    run.status = 'finished';
    run.finishedAt = who.at;
    return {run, events: [makeEvent(who, 'run-finished', null)], result: null};
}

/** Active or finished runs can be archived; archived runs are kept, read-only. */
export function archive(run: Run, who: Who): RunChange<null> {
    if (run.status === 'archived') {
        throw conflict('this run is already archived');
    }
    const from = run.status;
    run.status = 'archived';
    run.finishedAt ??= who.at;
    return {run, events: [makeEvent(who, 'run-archived', null, {from})], result: null};
}

/** Changes the run's own settings; keys not given keep their value. */
export function changeSettings(run: Run, settings: RunSettings, who: Who): RunChange<null> {
    assertWritable(run);
    const before = {...run.settings};
    const next: RunSettings = {...before};
    if (settings.channelButtons !== undefined) {
        next.channelButtons = settings.channelButtons;
    }
    if (next.channelButtons === before.channelButtons) {
        return {unchanged: true, result: null};
    }
    run.settings = next;
    return {run, events: [makeEvent(who, 'settings-changed', null, {channelButtons: next.channelButtons === true})], result: null};
}
