// Lifts stored records of older schema versions to the current shapes. A record without
// schemaVersion is version 0. Each kind has a chain of steps (vN -> vN+1); a record from a
// newer plugin version is refused rather than rewritten, so a downgrade never loses data.
import type {DailyTick, RunEvent, RunStep, StepState} from '../model';
import {CorruptRecordError} from './codec';
import {
    RECORD_VERSION,
    RUN_RECORD_VERSION,
    LEGACY_EVENTS_PER_CHUNK,
    type RunHead,
    type ActiveIndex,
    type ChannelIndex,
    type EventChunk,
    type StoredRun,
    type StoredTemplate,
    type TemplateIndex,
} from './records';

type Json = Record<string, unknown>;
type Step = (record: Json) => Json;

export class FutureRecordError extends CorruptRecordError {}

function versionOf(key: string, record: Json, newest = RECORD_VERSION): number {
    const v = record.schemaVersion;
    if (v === undefined) {
        return 0;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        throw new CorruptRecordError(`record at ${key} has an invalid schemaVersion`);
    }
    if (v > newest) {
        throw new FutureRecordError(`record at ${key} has schemaVersion ${v}, newer than this plugin understands (${newest}); upgrade the plugin`);
    }
    return v;
}

function run(key: string, record: Json, steps: Record<number, Step>, target = RECORD_VERSION): Json {
    let current = record;
    for (let v = versionOf(key, record, target); v < target; v++) {
        const step = steps[v];
        if (!step) {
            throw new CorruptRecordError(`no migration for record at ${key} from version ${v}`);
        }
        current = {...step(current), schemaVersion: v + 1};
    }
    return current;
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

// Version 0 stored the bare run, with its events inline and steps as {done, skipped?}.
function runV0toV1(raw: Json): Json {
    const runId = str(raw.id);
    const events = arr(raw.events).filter(isObj).map((e, i) => migrateEventFields(e, runId, i));
    const roles = isObj(raw.roles) ? (raw.roles as Record<string, string[]>) : {};
    const migratedRun: Json = {
        ...raw,
        schemaVersion: 1,
        roles,
        roleNames: isObj(raw.roleNames) ? raw.roleNames : Object.fromEntries(Object.keys(roles).map((r) => [r, r])),
        conditions: isObj(raw.conditions) ? raw.conditions : {},
        conditionQuestions: isObj(raw.conditionQuestions) ? raw.conditionQuestions : {},
        issues: arr(raw.issues).filter((i) => typeof i === 'string'),
        workingDays: Array.isArray(raw.workingDays) ? raw.workingDays : [1, 2, 3, 4, 5],
        holidays: Array.isArray(raw.holidays) ? raw.holidays : [],
        status: raw.status ?? 'active',
        phases: arr(raw.phases),
        revision: typeof raw.revision === 'number' ? raw.revision : 1,
        steps: arr(raw.steps).filter(isObj).map(stepV0toV1),
    };
    delete migratedRun.events;
    return {run: migratedRun, eventCount: events.length, tail: events};
}

function stepV0toV1(raw: Json): Json {
    const state: StepState = typeof raw.state === 'string' ? (raw.state as StepState)
        : typeof raw.skipped === 'string' ? 'skipped'
            : raw.done === true ? 'done' : 'open';
    const step: Json = {
        ...raw,
        state,
        approval: raw.approval === true,
        dueOverridden: raw.dueOverridden === true,
        notes: arr(raw.notes),
        evidence: arr(raw.evidence),
    };
    if (typeof raw.skipped === 'string') {
        step.skipReason = raw.skipped;
    }
    delete step.done;
    delete step.skipped;
    return step;
}

function migrateEventFields(raw: Json, runId: string, seq: number): Json {
    return {...raw, schemaVersion: 1, runId: str(raw.runId, runId), seq: typeof raw.seq === 'number' ? raw.seq : seq};
}

// Version 0 of the other kinds had the same fields without the version stamp.
const stamp: Step = (r) => r;

/**
 * A `run:` record as read: a version 2 head, or a whole run of version 0 or 1 (lifted to
 * version 1 here). Version 1 -> 2 splits the run into a head and step chunks, which takes
 * writes to several keys: the repository does that with the run's next change
 * (run-repository.ts) and reads a version 1 record as it is until then.
 */
export type RunRecord = {kind: 'head'; head: RunHead} | {kind: 'whole'; stored: StoredRun};

export function migrateRunRecord(key: string, raw: Json): RunRecord {
    const version = versionOf(key, raw, RUN_RECORD_VERSION);
    if (version === RUN_RECORD_VERSION) {
        return {kind: 'head', head: checkHead(key, raw)};
    }
    if (version === 2) {
        // Read as version 3 (its steps lifted); its next change writes it so.
        const head = checkHead(key, raw);
        return {kind: 'head', head: {...head, schemaVersion: RUN_RECORD_VERSION, pending: head.pending.map(liftStep)}};
    }
    const stored = migrateStoredRun(key, raw);
    return {kind: 'whole', stored: {...stored, run: {...stored.run, steps: stored.run.steps.map(liftStep)}}};
}

const TICK_NOTE = /^Done for (\d{4}-\d{2}-\d{2})$/;

/**
 * A step as stored before version 3 (all its notes inline, daily ticks as "Done for <day>"
 * notes) in the version 3 shape: the tick notes of a daily step become its `ticks`, the other
 * notes stay its latest notes and are counted. Pure, so every reader lifts a stored step
 * alike; its next change commits the lifted step (moving its oldest notes to their chunks).
 */
export function liftStep(step: RunStep): RunStep {
    if (typeof step.noteCount === 'number') {
        return step;
    }
    const notes = Array.isArray(step.notes) ? step.notes : [];
    const ticks: DailyTick[] = [];
    const kept = step.recurring === 'daily' ? notes.filter((n) => {
        const day = TICK_NOTE.exec(n.text)?.[1];
        if (day) {
            ticks.push({day, userId: n.userId, at: n.at});
        }
        return !day;
    }) : notes;
    return {...step, notes: kept, noteCount: kept.length, ...(ticks.length > 0 ? {ticks} : {})};
}

function checkHead(key: string, raw: Json): RunHead {
    const r = raw.run;
    if (!isObj(r) || typeof r.id !== 'string' || typeof r.channelId !== 'string' || typeof r.revision !== 'number' ||
        typeof raw.stepCount !== 'number' || !Array.isArray(raw.chunks) || raw.chunks.length === 0 || !raw.chunks.every((g) => typeof g === 'string') ||
        !isObj(raw.progress) || typeof raw.eventCount !== 'number' || !Array.isArray(raw.tail) || !Array.isArray(raw.pending)) {
        throw new CorruptRecordError(`record at ${key} is not a run`);
    }
    return {...raw, eventsPerChunk: typeof raw.eventsPerChunk === 'number' && raw.eventsPerChunk > 0 ? raw.eventsPerChunk : LEGACY_EVENTS_PER_CHUNK} as unknown as RunHead;
}

/** A run record of version 0 or 1 as the whole run of version 1. */
export function migrateStoredRun(key: string, raw: Json): StoredRun {
    const record = run(key, raw, {0: runV0toV1}, 1);
    const r = record.run;
    if (!isObj(r) || typeof r.id !== 'string' || typeof r.channelId !== 'string' || !Array.isArray(r.steps) ||
        typeof record.eventCount !== 'number' || !Array.isArray(record.tail)) {
        throw new CorruptRecordError(`record at ${key} is not a run`);
    }
    return record as unknown as StoredRun;
}

export function migrateChannelIndex(key: string, raw: Json): ChannelIndex {
    const record = run(key, raw, {0: stamp});
    return {
        schemaVersion: RECORD_VERSION,
        runIds: arr(record.runIds).filter((i): i is string => typeof i === 'string'),
        currentRunId: typeof record.currentRunId === 'string' ? record.currentRunId : null,
    };
}

export function migrateActiveIndex(key: string, raw: Json): ActiveIndex {
    const record = run(key, raw, {0: stamp});
    return {schemaVersion: RECORD_VERSION, runIds: arr(record.runIds).filter((i): i is string => typeof i === 'string')};
}

export function migrateEventChunk(key: string, raw: Json): EventChunk {
    const record = run(key, raw, {0: stamp});
    return {schemaVersion: RECORD_VERSION, events: arr(record.events).filter(isObj) as unknown as RunEvent[]};
}

export function migrateStoredTemplate(key: string, raw: Json): StoredTemplate {
    const record = run(key, raw, {0: stamp});
    if (!isObj(record.template) || typeof record.markdown !== 'string') {
        throw new CorruptRecordError(`record at ${key} is not a template`);
    }
    return record as unknown as StoredTemplate;
}

export function migrateTemplateIndex(key: string, raw: Json): TemplateIndex {
    const record = run(key, raw, {0: stamp});
    return {schemaVersion: RECORD_VERSION, ids: arr(record.ids).filter((i): i is string => typeof i === 'string')};
}
