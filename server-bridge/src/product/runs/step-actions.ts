// The step actions as pure changes of a run: each takes a private copy of the current run,
// checks the action against it (state, approval gate, bounds) and returns the new run with
// the events to log, or throws an ActionError. The repository calls them inside its
// compare-and-set loop, so the checks always see the latest state.
//
// Recurring daily steps: ticking one before its last day (the local day of its due time)
// records that day's tick (an event and the day in the step's `ticks`, shown as "Done for
// <day>") and leaves it open; a tick on or after its last day closes it. A second tick on the
// same day is refused, and so is a tick before its first day (its phase's day). Undo on an
// open daily step takes back the day's tick. Ticks are days on the step, not notes: notes
// are append-only (their older ones live in records of their own), ticks can be taken back.
import {DateTime} from 'luxon';
import {computeDueAt} from '../schedule';
import {dailyFirstDay} from '../attention';
import {formatDay} from '../report/time-format';
import type {EventSource, Run, RunStep} from '../model';
import type {NewEvent, RunChange} from '../store';
import {conflict, forbidden, invalid, notFound} from './errors';
import {BOUNDS, tooLong} from './inputs';

export interface Who {
    userId: string;
    at: string;
    source: EventSource;
}

export const RELEASE_MANAGER = 'release-manager';

export function isReleaseManager(run: Run, userId: string): boolean {
    return (run.roles[RELEASE_MANAGER] ?? []).includes(userId);
}

export function assertWritable(run: Run): void {
    if (run.status !== 'active') {
        throw conflict(`this run is ${run.status} and can no longer be changed`);
    }
}

export function findStep(run: Run, stepId: string): RunStep {
    const step = run.steps.find((s) => s.id === stepId);
    if (!step) {
        throw notFound(`step '${stepId.slice(0, 100)}' is not in this run`);
    }
    return step;
}

/** Approval steps: only a Release Manager of the run, or the user one of them assigned to the step. */
function assertMayGate(run: Run, step: RunStep, userId: string, what: string): void {
    if (step.approval && !isReleaseManager(run, userId) && step.assignee !== userId) {
        throw forbidden(`only the Release Manager (or the person they assigned) may ${what} the approval step "${step.title}"`);
    }
}

function event(who: Who, type: NewEvent['type'], step: RunStep | null, data?: NewEvent['data'], postId?: string): NewEvent {
    const e: NewEvent = {type, userId: who.userId, at: who.at, source: who.source};
    if (step) {
        e.stepId = step.id;
    }
    if (postId) {
        e.postId = postId;
    }
    if (data) {
        e.data = data;
    }
    return e;
}

/** User text trimmed, refused when empty or longer than `max` (naming the field). */
function boundedText(raw: string, field: string, max: number, emptyMessage: string, what: string): string {
    const text = raw.trim();
    if (text === '') {
        throw invalid(emptyMessage, field);
    }
    if (text.length > max) {
        throw invalid(tooLong(what, max), field);
    }
    return text;
}

export function localDay(instant: string, zone: string): string {
    return DateTime.fromISO(instant, {zone: 'utc'}).setZone(zone).toISODate() ?? instant.slice(0, 10);
}

function addEvidence(step: RunStep, postId: string, who: Who): boolean {
    if (step.evidence.some((e) => e.postId === postId)) {
        return false;
    }
    if (step.evidence.length >= BOUNDS.evidencePerStep) {
        throw invalid(`a step keeps at most ${BOUNDS.evidencePerStep} evidence posts`, 'postId');
    }
    step.evidence.push({postId, userId: who.userId, at: who.at});
    return true;
}

export function markDone(run: Run, stepId: string, who: Who, postId?: string): RunChange<null> {
    assertWritable(run);
    const step = findStep(run, stepId);
    assertMayGate(run, step, who.userId, 'tick');
    if (step.state !== 'open') {
        throw conflict(`"${step.title}" is already ${step.state}; undo it first`);
    }
    const events: NewEvent[] = [];
    if (step.recurring === 'daily') {
        const today = localDay(who.at, run.timeZone);
        const lastDay = localDay(step.dueAt, run.timeZone);
        const firstDay = dailyFirstDay(run, step);
        if (firstDay && today < firstDay) {
            throw conflict(`"${step.title}" is a daily step from ${formatDay(firstDay)}; it cannot be ticked before then`);
        }
        const ticks = step.ticks ?? [];
        if (ticks.some((t) => t.day === today)) {
            throw conflict(`"${step.title}" is already done for ${today}`);
        }
        if (postId) {
            addEvidence(step, postId, who);
        }
        // One per day between its first and last day: bounded by the run's length.
        step.ticks = [...ticks, {day: today, userId: who.userId, at: who.at}];
        if (today < lastDay) {
            events.push(event(who, 'step-done', step, {recurring: true, day: today, closed: false}, postId));
            return {run, events, result: null};
        }
        events.push(event(who, 'step-done', step, {recurring: true, day: today, closed: true}, postId));
    } else {
        if (postId) {
            addEvidence(step, postId, who);
        }
        events.push(event(who, 'step-done', step, undefined, postId));
    }
    step.state = 'done';
    step.closedBy = who.userId;
    step.closedAt = who.at;
    delete step.skipReason;
    return {run, events, result: null};
}

export function undo(run: Run, stepId: string, who: Who): RunChange<null> {
    assertWritable(run);
    const step = findStep(run, stepId);
    assertMayGate(run, step, who.userId, 'reopen');
    if (step.state === 'open' && step.recurring === 'daily') {
        // An open daily step's checkbox is the day's tick: undo takes that tick back.
        const today = localDay(who.at, run.timeZone);
        const ticks = step.ticks ?? [];
        if (!ticks.some((t) => t.day === today)) {
            throw conflict(`"${step.title}" is not done for ${today}; there is nothing to undo`);
        }
        const rest = ticks.filter((t) => t.day !== today);
        if (rest.length > 0) {
            step.ticks = rest;
        } else {
            delete step.ticks;
        }
        return {run, events: [event(who, 'step-undone', step, {from: 'open', recurring: true, day: today})], result: null};
    }
    if (step.state === 'open') {
        throw conflict(`"${step.title}" is open; there is nothing to undo`);
    }
    const from = step.state;
    step.state = 'open';
    delete step.closedBy;
    delete step.closedAt;
    delete step.skipReason;
    if (!step.dueOverridden) {
        step.dueAt = computeDueAt(run, step.due);
    }
    return {run, events: [event(who, 'step-undone', step, {from})], result: null};
}

export function skip(run: Run, stepId: string, reason: string, who: Who): RunChange<null> {
    assertWritable(run);
    const step = findStep(run, stepId);
    const text = boundedText(reason, 'reason', BOUNDS.skipReason, 'a reason is required to skip a step', 'reason');
    assertMayGate(run, step, who.userId, 'skip');
    if (step.state !== 'open') {
        throw conflict(`"${step.title}" is already ${step.state}; undo it first`);
    }
    step.state = 'skipped';
    step.skipReason = text;
    step.closedBy = who.userId;
    step.closedAt = who.at;
    return {run, events: [event(who, 'step-skipped', step, {reason: text})], result: null};
}

/** The assignee's channel membership is checked by the service before this runs. */
export function assign(run: Run, stepId: string, assignee: string | null, who: Who): RunChange<null> {
    assertWritable(run);
    const step = findStep(run, stepId);
    if (step.approval && !isReleaseManager(run, who.userId)) {
        throw forbidden(`only the Release Manager may choose who approves "${step.title}"`);
    }
    if ((step.assignee ?? null) === assignee) {
        return {unchanged: true, result: null};
    }
    const from = step.assignee ?? null;
    if (assignee === null) {
        delete step.assignee;
    } else {
        step.assignee = assignee;
    }
    return {run, events: [event(who, 'step-reassigned', step, {from, to: assignee})], result: null};
}

/** A new due instant, or null to go back to the schedule. */
export function setDue(run: Run, stepId: string, dueAt: string | null, who: Who): RunChange<null> {
    assertWritable(run);
    const step = findStep(run, stepId);
    const from = step.dueAt;
    if (dueAt === null) {
        step.dueOverridden = false;
        step.dueAt = computeDueAt(run, step.due);
    } else {
        step.dueOverridden = true;
        step.dueAt = dueAt;
    }
    if (from === step.dueAt && dueAt !== null) {
        return {unchanged: true, result: null};
    }
    return {run, events: [event(who, 'step-due-changed', step, {from, to: step.dueAt, overridden: step.dueOverridden})], result: null};
}

export function addNote(run: Run, stepId: string, text: string, who: Who): RunChange<null> {
    assertWritable(run);
    const step = findStep(run, stepId);
    const body = boundedText(text, 'text', BOUNDS.note, 'the note is empty', 'note');
    if (step.noteCount >= BOUNDS.notesPerStep) {
        throw invalid(`a step keeps at most ${BOUNDS.notesPerStep} notes`, 'text');
    }
    // Only the step's latest notes travel with it; the store moves the oldest to their own records.
    step.notes.push({userId: who.userId, at: who.at, text: body});
    step.noteCount += 1;
    return {run, events: [event(who, 'step-note', step, {text: body})], result: null};
}

/** The post's channel is checked by the service before this runs. */
export function attachEvidence(run: Run, stepId: string, postId: string, who: Who): RunChange<null> {
    assertWritable(run);
    const step = findStep(run, stepId);
    if (!addEvidence(step, postId, who)) {
        return {unchanged: true, result: null};
    }
    return {run, events: [event(who, 'evidence-attached', step, undefined, postId)], result: null};
}

export {event as makeEvent};
