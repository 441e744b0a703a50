// How a run is laid out in KV since schemaVersion 2: a small head `run:<id>` (the commit
// point) and copy-on-write step chunks (step-chunks.ts). `commit` is the one write path:
// it reads the head, lets the caller plan a change against it and the steps it needs, then
// compare-and-sets the head with the change's events and the changed steps in its `pending`
// list: a step action is two KV round trips, as short a window for other writers as one
// record would give. When `pending` grows past a bound (and for run-wide changes), the change
// also writes the affected chunks under fresh generations before its head names them and
// empties `pending`; losing the head write deletes those chunks and starts over, winning
// deletes the generations it replaced.
import type {KVStore, Logger} from '../platform';
import type {Run, RunEvent, RunStep} from '../model';
import {progressOf, type Progress} from '../progress';
import {ConflictError, MAX_CAS_ATTEMPTS, backoff, casUpdate, exclusive} from './cas';
import {CorruptRecordError, decodeRecord, encodeRecord} from './codec';
import {chunkedSeqs, copyToChunks} from './event-log';
import {KEY} from './keys';
import {copyOlderNotes, trimNotes} from './note-log';
import {bytesEqual} from './memory-kv';
import {migrateRunRecord} from './migrate';
import {EVENTS_PER_CHUNK, LEGACY_EVENTS_PER_CHUNK, RECORD_VERSION, RUN_RECORD_VERSION, type RunHead, type RunMeta, type StoredRun} from './records';
import {ChunkCache, chunkCountFor, chunkOfStep, encodeChunk, joinSteps, makeChunk, newGeneration, readChunk, splitSteps, type ChunkData} from './step-chunks';

/** An event as an action describes it; the repository numbers and stamps it. */
export type NewEvent = Omit<RunEvent, 'schemaVersion' | 'seq' | 'runId'>;

export const LIMITS = {
    runsPerChannel: 500,
    activeRuns: 10000,
    /** Events waiting in the run head for their chunk; normally a handful. */
    tail: 300,
};

/** Tail events this process has not seen stored before it checks their chunk. */
const UNCHECKED_TAIL = 16;
/** `pending` is written into chunks when it would hold more steps, or more JSON, than this. */
export const PENDING_STEPS = 24;
export const PENDING_BYTES = 16 * 1024;
const READ_ATTEMPTS = 5;
const HEADS_KEPT = 256;
const NOTE_STEPS_KEPT = 4096;

const notesKey = (runId: string, stepId: string): string => `${runId}\n${stepId}`;

export class LimitError extends Error {}
export class RunNotFoundError extends Error {
    constructor(readonly runId: string) {
        super(`run ${runId} not found`);
    }
}

/** A chunk named by the head read is gone: a newer head replaced it; read the head again. */
class StaleHeadError extends Error {}

export interface LoadedRun {
    runId: string;
    bytes: Uint8Array;
    head: RunHead;
    /** A schemaVersion 1 record: its chunks exist only here until its next change stores them. */
    legacy: ChunkData[] | null;
}

/** What a change decided, given the loaded head. */
export type Plan<R> =
    | {unchanged: true; result: R}
    | {
        meta: RunMeta;
        stepCount: number;
        /**
         * A run-wide change: the new content of every chunk that differs from what is stored
         * (pending steps included), by chunk index. Absent for a change of a few steps, whose
         * `steps` go to the head's pending list.
         */
        writes?: Map<number, ChunkData>;
        progress: Progress;
        events: NewEvent[];
        result: R;
        /** The steps the change touched, as they are now. */
        steps: RunStep[];
    };

export interface Committed<R> {
    head: RunHead;
    before: RunMeta;
    progressBefore: Progress;
    result: R;
    events: RunEvent[];
    steps: RunStep[];
}

export function metaOf(run: Run): RunMeta {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const {steps, ...meta} = run;
    return meta;
}

export class RunLayout {
    readonly chunks = new ChunkCache();
    /** Per run, seqs of tail events known to be in their chunk (chunks only grow). */
    private readonly stored = new Map<string, Set<number>>();

    /** Per run and step, the seq below which this process knows every note is in its note chunk. */
    private readonly notesStored = new Map<string, number>();

    /** The last head read or written per run (never changed in place: every change builds a new one). */
    private readonly heads = new Map<string, {bytes: Uint8Array; head: RunHead}>();

    constructor(private readonly kv: KVStore, private readonly log?: Logger) {}

    private rememberHead(runId: string, bytes: Uint8Array, head: RunHead): void {
        this.heads.delete(runId);
        this.heads.set(runId, {bytes, head});
        if (this.heads.size > HEADS_KEPT) {
            this.heads.delete(this.heads.keys().next().value as string);
        }
    }

    async load(runId: string): Promise<LoadedRun | null> {
        const key = KEY.run(runId);
        const bytes = await this.kv.get(key);
        if (!bytes) {
            return null;
        }
        // The head a check just read is usually the one the change reads next: parse it once.
        const seen = this.heads.get(runId);
        if (seen && bytesEqual(seen.bytes, bytes)) {
            return {runId, bytes, head: seen.head, legacy: null};
        }
        const record = migrateRunRecord(key, decodeRecord(key, bytes));
        if (record.kind === 'head') {
            this.rememberHead(runId, bytes, record.head);
            return {runId, bytes, head: record.head, legacy: null};
        }
        return {runId, bytes, ...fromWhole(record.stored)};
    }

    /** A step as it is now (its pending copy, or the one in its chunk); undefined if the run has none by that id. */
    async step(loaded: LoadedRun, stepId: string): Promise<RunStep | undefined> {
        const pending = loaded.head.pending.find((s) => s.id === stepId);
        if (pending) {
            return pending;
        }
        const chunk = await this.chunk(loaded, chunkOfStep(stepId, loaded.head.chunks.length));
        return chunk.steps.find((s) => s.id === stepId);
    }

    async chunk(loaded: LoadedRun, index: number): Promise<ChunkData> {
        if (loaded.legacy) {
            return loaded.legacy[index];
        }
        const chunk = await readChunk(this.kv, this.chunks, loaded.runId, index, loaded.head.chunks[index]);
        if (!chunk) {
            throw new StaleHeadError();
        }
        return chunk;
    }

    /** The whole run named by this head; null when a chunk of it was replaced meanwhile. */
    async assemble(loaded: LoadedRun): Promise<Run | null> {
        try {
            const chunks = await Promise.all(loaded.head.chunks.map((_, i) => this.chunk(loaded, i)));
            return {...loaded.head.run, steps: overlay(joinSteps(chunks, loaded.head.stepCount), loaded.head.pending)};
        } catch (err) {
            if (err instanceof StaleHeadError) {
                return null;
            }
            throw err;
        }
    }

    /** The whole run as stored now. Its steps are shared and frozen: copy before changing them. */
    async whole(runId: string): Promise<{loaded: LoadedRun; run: Run} | null> {
        for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            const loaded = await this.load(runId);
            if (!loaded) {
                return null;
            }
            const run = await this.assemble(loaded);
            if (run) {
                return {loaded, run};
            }
        }
        throw new CorruptRecordError(`a step chunk of run ${runId} is missing`);
    }

    /** One step as stored now (null: no such run; undefined: no such step), from one head and at most one chunk. */
    async stepNow(runId: string, stepId: string): Promise<{loaded: LoadedRun; step: RunStep | undefined} | null> {
        for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            const loaded = await this.load(runId);
            if (!loaded) {
                return null;
            }
            try {
                return {loaded, step: await this.step(loaded, stepId)};
            } catch (err) {
                if (!(err instanceof StaleHeadError)) {
                    throw err;
                }
            }
        }
        throw new CorruptRecordError(`a step chunk of run ${runId} is missing`);
    }

    /** Stores a new run: its chunks first, then the head that names them (atomic create). */
    async create(run: Run, events: RunEvent[]): Promise<void> {
        const count = chunkCountFor(run.steps.length);
        const chunks = splitSteps(run.steps, count);
        const encoded = chunks.map((chunk) => encodeChunk(`run ${run.id}`, chunk));
        const head: RunHead = {
            schemaVersion: RUN_RECORD_VERSION, run: metaOf(run), stepCount: run.steps.length, chunks: chunks.map(() => ''),
            progress: progressOf(run), eventCount: events.length, eventsPerChunk: EVENTS_PER_CHUNK, eventTypes: countTypes({}, events), tail: events, pending: [],
        };
        // Checked before anything is written: a head too large refuses the start cleanly.
        encodeRecord(`run ${run.id}`, head);
        const written: string[] = [];
        try {
            for (const [i, chunk] of chunks.entries()) {
                const {key, generation} = await this.writeChunk(run.id, i, encoded[i]);
                written.push(key);
                head.chunks[i] = generation;
                this.chunks.set(key, chunk);
            }
            const headBytes = encodeRecord(`run ${run.id}`, head);
            await casUpdate(this.kv, KEY.run(run.id), (current) => {
                if (current) {
                    throw new Error(`run id ${run.id} is already taken`);
                }
                return {write: headBytes, result: undefined};
            });
            written.length = 0;
        } finally {
            await this.discard(written);
        }
    }

    /**
     * One change: read, plan, write chunks, compare-and-set the head; bounded retries. `plan`
     * runs again on every retry against the fresh head, so its checks see the latest state; it
     * may throw to refuse the change, and nothing stays written then.
     */
    async commit<R>(runId: string, plan: (loaded: LoadedRun) => Promise<Plan<R>>): Promise<Committed<R> | {unchanged: true; loaded: LoadedRun; result: R}> {
        const key = KEY.run(runId);
        const outcome = await exclusive(this.kv, key, async () => {
            for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
                const loaded = await this.load(runId);
                if (!loaded) {
                    throw new RunNotFoundError(runId);
                }
                let decided: Plan<R>;
                try {
                    decided = await plan(loaded);
                } catch (err) {
                    if (err instanceof StaleHeadError) {
                        continue;
                    }
                    throw err;
                }
                if ('unchanged' in decided) {
                    return {unchanged: true as const, loaded, result: decided.result};
                }
                const won = await this.tryCommit(loaded, decided).catch((err: unknown) => {
                    // A chunk to fold was replaced meanwhile: the head changed, as after a lost write.
                    if (err instanceof StaleHeadError) {
                        return null;
                    }
                    throw err;
                });
                if (won) {
                    return won;
                }
                await backoff(attempt);
            }
            throw new ConflictError(key, MAX_CAS_ATTEMPTS);
        });
        if ('unchanged' in outcome) {
            return outcome;
        }
        await this.afterCommit(runId, outcome.head, outcome.superseded);
        await this.copyNotes(runId, outcome.committed.steps);
        return outcome.committed;
    }

    private async tryCommit<R>(loaded: LoadedRun, plan: Exclude<Plan<R>, {unchanged: true}>): Promise<{committed: Committed<R>; head: RunHead; superseded: string[]} | null> {
        const {runId, head} = loaded;
        const events = stampEvents(runId, head.eventCount, plan.events);
        const pending = await this.pendingTail(runId, head.tail, head.eventsPerChunk);
        if (pending.length + events.length > LIMITS.tail) {
            throw new LimitError('the run\'s event log is busy catching up; please retry in a moment');
        }
        let writes = plan.writes;
        let pendingSteps = head.pending;
        let changed = plan.steps;
        if (!writes) {
            // A step carrying more than its latest few notes has its oldest copied into note chunks first.
            changed = [];
            for (const st of plan.steps) {
                changed.push(await trimNotes(this.kv, runId, st, this.notesStored.get(notesKey(runId, st.id)) ?? 0));
            }
            const ids = new Set(changed.map((st) => st.id));
            pendingSteps = [...head.pending.filter((st) => !ids.has(st.id)), ...changed];
            // A schemaVersion 1 run stores all its chunks with its first change (the migration's write).
            if (loaded.legacy || pendingSteps.length > PENDING_STEPS || jsonLength(pendingSteps) > PENDING_BYTES) {
                writes = await this.fold(loaded, pendingSteps);
            }
        }
        if (writes) {
            pendingSteps = [];
        }
        const touched = loaded.legacy ? new Map(loaded.legacy.map((c, i) => [i, writes?.get(i) ?? c])) : writes ?? new Map<number, ChunkData>();
        const count = loaded.legacy ? loaded.legacy.length : head.chunks.length;
        const generations = loaded.legacy ? Array.from({length: count}, () => '') : [...head.chunks];
        const fresh: Array<{index: number; key: string; bytes: Uint8Array; chunk: ChunkData}> = [];
        for (const [i, chunk] of touched) {
            fresh.push({index: i, key: '', bytes: encodeChunk(`run ${runId}`, chunk), chunk});
        }
        const next: RunHead = {
            schemaVersion: RUN_RECORD_VERSION,
            run: {...plan.meta, id: runId, channelId: head.run.channelId, revision: head.run.revision + 1},
            stepCount: plan.stepCount,
            chunks: generations,
            progress: plan.progress,
            eventCount: head.eventCount + events.length,
            eventsPerChunk: head.eventsPerChunk,
            eventTypes: head.eventTypes ? countTypes(head.eventTypes, events) : null,
            tail: [...pending, ...events],
            pending: pendingSteps,
        };
        // Checked before any chunk is written: a head too large refuses the change cleanly.
        const firstBytes = encodeRecord(`run ${runId}`, next);
        const written: string[] = [];
        try {
            for (const f of fresh) {
                const {key, generation} = await this.writeChunk(runId, f.index, f.bytes);
                written.push(key);
                f.key = key;
                generations[f.index] = generation;
            }
            // Only the generations of the chunks just written change the head's bytes.
            const headBytes = fresh.length > 0 ? encodeRecord(`run ${runId}`, next) : firstBytes;
            if (!(await this.kv.setWithOptions(KEY.run(runId), headBytes, {atomic: true, oldValue: loaded.bytes}))) {
                return null;
            }
            this.rememberHead(runId, headBytes, next);
            written.length = 0;
        } finally {
            await this.discard(written);
        }
        fresh.forEach((f) => this.chunks.set(f.key, f.chunk));
        const superseded = loaded.legacy ? [] : [...touched.keys()].map((i) => KEY.stepChunk(runId, i, head.chunks[i]));
        return {committed: {head: next, before: head.run, progressBefore: head.progress, result: plan.result, events, steps: changed}, head: next, superseded};
    }

    /** The chunks holding these steps, with the steps replaced by these versions. */
    private async fold(loaded: LoadedRun, steps: RunStep[]): Promise<Map<number, ChunkData>> {
        const count = loaded.head.chunks.length;
        const byChunk = new Map<number, Map<string, RunStep>>();
        for (const st of steps) {
            const i = chunkOfStep(st.id, count);
            byChunk.set(i, (byChunk.get(i) ?? new Map()).set(st.id, st));
        }
        const writes = new Map<number, ChunkData>();
        for (const [i, replace] of byChunk) {
            const chunk = await this.chunk(loaded, i);
            const json = chunk.steps.map((st, j) => (replace.has(st.id) ? JSON.stringify(replace.get(st.id)) : chunk.json[j]));
            writes.set(i, makeChunk(chunk.positions, chunk.steps.map((st) => replace.get(st.id) ?? st), json));
        }
        return writes;
    }

    /**
     * Creates a chunk key (compare-and-set against absence). A fresh generation is never taken;
     * should the store still refuse, another generation is tried. Returns the key written.
     */
    private async writeChunk(runId: string, index: number, bytes: Uint8Array): Promise<{key: string; generation: string}> {
        for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
            const generation = newGeneration();
            const key = KEY.stepChunk(runId, index, generation);
            if (await this.kv.setWithOptions(key, bytes, {atomic: true, oldValue: null})) {
                return {key, generation};
            }
        }
        throw new ConflictError(KEY.stepChunk(runId, index, '*'), MAX_CAS_ATTEMPTS);
    }

    /** Best effort: a chunk left behind is never named by a head; repairIndexes() deletes it. */
    private async discard(keys: string[]): Promise<void> {
        for (const key of keys) {
            // Its key is gone from the store: a parsed copy would only take memory until the
            // cache's budget pushed it out (a reader still holding the old head retries).
            this.chunks.delete(key);
            await this.kv.delete(key).catch((err: unknown) => this.log?.warn('could not delete a step chunk', {key, error: String(err)}));
        }
    }

    /** Best effort, like the event copy: a note not copied here is copied by the change that drops it. */
    private async copyNotes(runId: string, steps: RunStep[]): Promise<void> {
        for (const st of steps) {
            const key = notesKey(runId, st.id);
            try {
                const below = await copyOlderNotes(this.kv, runId, st, this.notesStored.get(key) ?? 0);
                this.notesStored.delete(key);
                this.notesStored.set(key, below);
                if (this.notesStored.size > NOTE_STEPS_KEPT) {
                    this.notesStored.delete(this.notesStored.keys().next().value as string);
                }
            } catch (err) {
                this.log?.warn('could not copy step notes into their records yet', {runId, stepId: st.id, error: String(err)});
            }
        }
    }

    private async afterCommit(runId: string, head: RunHead, superseded: string[]): Promise<void> {
        await this.discard(superseded);
        await this.flush(runId, head.tail, head.eventsPerChunk);
    }

    /**
     * Copies events into their chunks. Best effort: on failure they stay in the tail, where
     * readers see them, and a later change copies them again.
     */
    async flush(runId: string, tail: RunEvent[], size: number): Promise<void> {
        const known = this.stored.get(runId);
        const todo = known ? tail.filter((e) => !known.has(e.seq)) : tail;
        if (todo.length === 0) {
            return;
        }
        try {
            this.remember(runId, await copyToChunks(this.kv, runId, todo, size));
        } catch (err) {
            this.log?.warn('could not copy run events into their chunk yet', {runId, error: String(err)});
        }
    }

    /** The tail events not known to be in their chunk; checks (and copies) when many are unknown. */
    private async pendingTail(runId: string, tail: RunEvent[], size: number): Promise<RunEvent[]> {
        const known = this.stored.get(runId) ?? new Set<number>();
        let pending = tail.filter((e) => !known.has(e.seq));
        if (pending.length > UNCHECKED_TAIL) {
            // Another server's events, or a copy that failed: look at (and fill) their chunks.
            const have = await chunkedSeqs(this.kv, runId, pending, size);
            const missing = pending.filter((e) => !have.has(e.seq));
            const copied = missing.length > 0 ? await copyToChunks(this.kv, runId, missing, size).catch(() => new Set<number>()) : new Set<number>();
            this.remember(runId, new Set([...have, ...copied]));
            pending = pending.filter((e) => !have.has(e.seq) && !copied.has(e.seq));
        }
        // Seqs below the oldest tail event will never be asked about again.
        const now = this.stored.get(runId);
        if (tail.length > 0 && now && now.size > 0) {
            this.stored.set(runId, new Set([...now].filter((seq) => seq >= tail[0].seq)));
        }
        return pending;
    }

    private remember(runId: string, seqs: Set<number>): void {
        const known = this.stored.get(runId) ?? new Set<number>();
        seqs.forEach((s) => known.add(s));
        this.stored.set(runId, known);
    }
}

/** A schemaVersion 1 run read as a head and in-memory chunks (stored by its next change). */
function fromWhole(stored: StoredRun): {head: RunHead; legacy: ChunkData[]} {
    const count = chunkCountFor(stored.run.steps.length);
    const legacy = splitSteps(stored.run.steps.map((s) => ({...s})), count);
    return {
        head: {
            schemaVersion: RUN_RECORD_VERSION, run: metaOf(stored.run), stepCount: stored.run.steps.length,
            chunks: legacy.map(() => ''), progress: progressOf(stored.run), eventCount: stored.eventCount, eventsPerChunk: LEGACY_EVENTS_PER_CHUNK,
            eventTypes: null, tail: stored.tail,
            pending: [],
        },
        legacy,
    };
}

/** Steps in position order with the pending versions in place of their chunk's. */
export function overlay(steps: RunStep[], pending: RunStep[]): RunStep[] {
    if (pending.length === 0) {
        return steps;
    }
    const byId = new Map(pending.map((st) => [st.id, st]));
    return steps.map((st) => byId.get(st.id) ?? st);
}

/** JSON length of each step seen; pending steps are the same objects from one change to the next. */
const lengths = new WeakMap<RunStep, number>();

function jsonLength(steps: RunStep[]): number {
    let n = 0;
    for (const st of steps) {
        let len = lengths.get(st);
        if (len === undefined) {
            len = JSON.stringify(st).length;
            lengths.set(st, len);
        }
        n += len;
    }
    return n;
}

function countTypes(counts: RunHead['eventTypes'] & object, events: RunEvent[]): NonNullable<RunHead['eventTypes']> {
    const next = {...counts};
    for (const e of events) {
        next[e.type] = (next[e.type] ?? 0) + 1;
    }
    return next;
}

export function stampEvents(runId: string, firstSeq: number, events: NewEvent[]): RunEvent[] {
    return events.map((e, i) => ({...e, schemaVersion: RECORD_VERSION, runId, seq: firstSeq + i}));
}
