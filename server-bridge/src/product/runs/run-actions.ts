// Run-wide actions as pure changes of a run (see step-actions.ts for the contract).
import {checkReleaseDay, rescheduleSteps, type ReleaseDayPolicy} from '../schedule';
import type {Run} from '../model';
import type {RunChange} from '../store';
import {checkRoles} from './build-run';
import {isPastDay, pastDayRefusal} from './past-day';
import {conflict, invalid} from './errors';
import {assertWritable, makeEvent, type Who} from './step-actions';
import {ownValue} from '../own';

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
