// Runs in KV. One user action is one compare-and-set on the run head `run:<id>` carrying both
// the change and its events (run-layout.ts); indexes and event chunks are written after it, in
// an order where a crash between writes leaves a state readers ignore and repairIndexes()
// fixes (docs/storage.md).
import type {KVStore, Logger} from '../platform';
import type {EventType, Run, RunEvent, RunStep} from '../model';
import {applies, progressOf, type Progress} from '../progress';
import {casUpdate} from './cas';
import {decodeRecord, encodeRecord} from './codec';
import {forEachEventChunk, readAllEvents, readEvents, type EventPage, type EventSource} from './event-log';
import {KEY, RUN_KEY_PREFIX, STEP_CHUNK_PREFIX} from './keys';
import {notePage, type NotePage} from './note-log';
import {migrateActiveIndex, migrateChannelIndex} from './migrate';
import {EVENTS_PER_CHUNK, RECORD_VERSION, RUN_RECORD_VERSION, type ActiveIndex, type ChannelIndex, type RunHead, type RunMeta, type StoredRun} from './records';
import {LIMITS, LimitError, RunLayout, RunNotFoundError, metaOf, overlay, stampEvents, type LoadedRun, type NewEvent, type Plan} from './run-layout';
import {generationTime, joinSteps, splitSteps, type ChunkData} from './step-chunks';
import {readSummaries, summaryChanged, summaryOf, writeSummary, type StoredSummary} from './run-summaries';

/** A step chunk no head names is deleted by repair once it is this old (a write in progress names it sooner). */
const ORPHAN_CHUNK_AGE_MS = 60 * 60 * 1000;

export {LIMITS, LimitError, RunNotFoundError, type NewEvent};

/** What an action decides, given a private copy of the current run. */
export type RunChange<R> =
    | {run: Run; events: NewEvent[]; result: R}
    | {unchanged: true; result: R};

export interface RepairReport {
    runs: number;
    channelFixes: number;
    activeFixes: number;
}

/** A change to some steps of a run: the run's new metadata, the steps as they are now. */
export interface StepsChanged<R> {
    run: RunMeta;
    steps: RunStep[];
    progress: Progress;
    result: R;
    events: RunEvent[];
    /** The whole run after the change, assembled on demand (cheap: its chunks are cached). */
    whole: () => Promise<Run>;
}

/** The head of a run: everything but its steps; enough for access checks. */
export interface RunHeadView {
    run: RunMeta;
    progress: Progress;
    eventCount: number;
    eventTypes: RunHead['eventTypes'];
    tail: RunEvent[];
}

export class RunRepository {
    private readonly layout: RunLayout;

    constructor(private readonly kv: KVStore, private readonly log?: Logger) {
        this.layout = new RunLayout(kv, log);
    }

    /** The whole run. Its steps are shared with other readers: never change them in place. */
    async get(runId: string): Promise<StoredRun | null> {
        if (!isSafeId(runId)) {
            return null;
        }
        const found = await this.layout.whole(runId);
        return found ? storedOf(found.loaded, found.run) : null;
    }

    async getRun(runId: string): Promise<Run | null> {
        return (await this.get(runId))?.run ?? null;
    }

    /** The run without its steps: one small read, whatever the size of the run. */
    async head(runId: string): Promise<RunHeadView | null> {
        if (!isSafeId(runId)) {
            return null;
        }
        const loaded = await this.layout.load(runId);
        if (!loaded) {
            return null;
        }
        const {run, progress, eventCount, eventTypes, tail} = loaded.head;
        return {run, progress, eventCount, eventTypes, tail};
    }

    /**
     * A page of one step's notes, oldest first: up to `limit` with seq below `before` (null: the
     * latest). Null when there is no such run; undefined when the run has no such step.
     */
    async stepNotes(runId: string, stepId: string, before: number | null, limit: number): Promise<{channelId: string; page: NotePage | undefined} | null> {
        if (!isSafeId(runId)) {
            return null;
        }
        const found = await this.layout.stepNow(runId, stepId);
        if (!found) {
            return null;
        }
        return {channelId: found.loaded.head.run.channelId, page: found.step && await notePage(this.kv, runId, found.step, before, limit)};
    }

    /** Stores a new run and its first events, then indexes it and makes it the channel's current run. */
    async create(run: Run, events: NewEvent[]): Promise<{run: Run; events: RunEvent[]}> {
        const index = await this.channelIndex(run.channelId);
        if (index.runIds.length >= LIMITS.runsPerChannel) {
            throw new LimitError(`this channel already has ${index.runIds.length} runs, the most one channel can hold; archive runs in another channel instead`);
        }
        const stamped = stampEvents(run.id, 0, events);
        await this.layout.create(run, stamped);
        // Index after the run exists: a crash here leaves an unindexed run that repairIndexes() adds.
        await this.addToChannel(run.channelId, run.id, true);
        await this.summarize(null, metaOf(run), progressOf(run));
        if (run.status === 'active') {
            await this.updateActive((ids) => (ids.includes(run.id) ? ids : [...ids, run.id]));
        }
        await this.layout.flush(run.id, stamped, EVENTS_PER_CHUNK);
        return {run, events: stamped};
    }

    /**
     * A change of the whole run: read, apply (on a copy), compare-and-set with bounded
     * retries. `apply` runs again on every retry against the fresh run, so its checks always
     * see the latest state; it may throw to refuse the action, and nothing is written then.
     * Reads and rewrites what changed of every step: for run-wide actions.
     */
    async update<R>(runId: string, apply: (run: Run) => RunChange<R>): Promise<{run: Run; result: R; events: RunEvent[]; steps: RunStep[]}> {
        const out = await this.layout.commit<R>(runId, async (loaded) => {
            const chunks = await Promise.all(loaded.head.chunks.map((_, i) => this.layout.chunk(loaded, i)));
            const current = overlay(joinSteps(chunks, loaded.head.stepCount), loaded.head.pending);
            const change = apply(structuredClone({...loaded.head.run, steps: current}));
            if ('unchanged' in change) {
                return {unchanged: true, result: change.result};
            }
            return planWhole(change, chunks);
        });
        if ('unchanged' in out) {
            const found = await this.layout.whole(runId);
            return {run: found ? found.run : {...out.loaded.head.run, steps: []}, result: out.result, events: [], steps: []};
        }
        await this.afterStatus(runId, out.before, out.head.run);
        await this.summarize(null, out.head.run, out.head.progress);
        const run = await this.wholeAt(runId, out.head);
        return {run, result: out.result, events: out.events, steps: out.steps};
    }

    /**
     * A change of a few steps (`stepIds`; none for a change of the run's metadata alone, such
     * as a logged reminder): reads the head and the chunks of those steps only, and `apply`
     * gets the run with only those steps. It must not change the answers to conditions (that
     * is a run-wide change: `update`).
     */
    async updateSteps<R>(runId: string, stepIds: string[], apply: (run: Run) => RunChange<R>): Promise<StepsChanged<R>> {
        const out = await this.layout.commit<R>(runId, async (loaded) => {
            const before: RunStep[] = [];
            for (const id of new Set(stepIds)) {
                const step = await this.layout.step(loaded, id);
                if (step) {
                    before.push(step);
                }
            }
            const change = apply({...structuredClone(loaded.head.run), steps: structuredClone(before)});
            if ('unchanged' in change) {
                return {unchanged: true, result: change.result};
            }
            return planSteps(loaded, change, before);
        });
        if ('unchanged' in out) {
            const head = out.loaded.head;
            return {run: head.run, steps: [], progress: head.progress, result: out.result, events: [], whole: () => this.wholeAt(runId, head)};
        }
        await this.afterStatus(runId, out.before, out.head.run);
        await this.summarize(summaryOf(out.before, out.progressBefore), out.head.run, out.head.progress);
        const head = out.head;
        return {run: head.run, steps: out.steps, progress: head.progress, result: out.result, events: out.events, whole: () => this.wholeAt(runId, head)};
    }

    /** The run as of this head (its chunks are usually cached); the latest run if they are gone. */
    private async wholeAt(runId: string, head: RunHead): Promise<Run> {
        const run = await this.layout.assemble({runId, bytes: new Uint8Array(), head, legacy: null});
        if (run) {
            return run;
        }
        const found = await this.layout.whole(runId);
        if (!found) {
            throw new RunNotFoundError(runId);
        }
        return found.run;
    }

    private async afterStatus(runId: string, before: RunMeta, after: RunMeta): Promise<void> {
        if (before.status === 'active' && after.status !== 'active') {
            // After the run head: a crash here leaves a finished run in `active`, which readers skip.
            await this.updateActive((ids) => ids.filter((id) => id !== runId));
        }
    }

    /**
     * Copies the run's pending events into their chunks. Best effort: on failure they stay in
     * the tail, where readers see them, and a later action copies them again. The head is not
     * rewritten here (that would compete with user actions); a later action drops the copied
     * events from the tail inside its own compare-and-set.
     */
    async flushTail(runId: string): Promise<void> {
        try {
            const loaded = await this.layout.load(runId);
            if (loaded && loaded.head.tail.length > 0) {
                await this.layout.flush(runId, loaded.head.tail, loaded.head.eventsPerChunk);
            }
        } catch (err) {
            this.log?.warn('could not copy run events into their chunk yet', {runId, error: String(err)});
        }
    }

    async events(stored: EventSource, before: number | null, limit: number): Promise<EventPage> {
        return readEvents(this.kv, stored, before, limit);
    }

    async allEvents(stored: EventSource): Promise<RunEvent[]> {
        return readAllEvents(this.kv, stored);
    }

    /** The run's events in order, one chunk at a time, never all in memory (the log download). */
    async eachEventChunk(stored: EventSource, fn: (events: RunEvent[]) => Promise<void> | void): Promise<void> {
        await forEachEventChunk(this.kv, stored, fn);
    }

    /** Events by type: kept in the head; counted chunk by chunk for a run from before it counted them. */
    async eventTypes(stored: EventSource & {eventTypes?: StoredRun['eventTypes']}): Promise<Partial<Record<EventType, number>>> {
        if (stored.eventTypes) {
            return stored.eventTypes;
        }
        const counts: Partial<Record<EventType, number>> = {};
        await forEachEventChunk(this.kv, stored, (events) => {
            events.forEach((e) => {
                counts[e.type] = (counts[e.type] ?? 0) + 1;
            });
        });
        return counts;
    }

    async channelIndex(channelId: string): Promise<ChannelIndex> {
        const key = KEY.channel(channelId);
        const bytes = await this.kv.get(key);
        return bytes ? migrateChannelIndex(key, decodeRecord(key, bytes)) : {schemaVersion: RECORD_VERSION, runIds: [], currentRunId: null};
    }

    /** The channel's runs that exist and really belong to it (stale index entries are skipped). */
    async listChannel(channelId: string): Promise<{runs: Run[]; currentRunId: string | null}> {
        const index = await this.channelIndex(channelId);
        const runs: Run[] = [];
        for (const id of index.runIds) {
            const run = await this.getRun(id);
            if (run && run.channelId === channelId) {
                runs.push(run);
            }
        }
        const current = runs.find((r) => r.id === index.currentRunId);
        return {runs, currentRunId: current ? current.id : null};
    }

    /**
     * What the channel's run list shows of each run, oldest first, from the channel's summary
     * pages: a fixed number of reads whatever the number of runs. A run whose summary is
     * missing (written before summaries existed, or lost to a crash) is read once and its
     * summary stored.
     */
    async listSummaries(channelId: string): Promise<{runs: StoredSummary[]; currentRunId: string | null}> {
        const [index, stored] = await Promise.all([this.channelIndex(channelId), readSummaries(this.kv, channelId)]);
        const runs: StoredSummary[] = [];
        for (const id of index.runIds) {
            let summary = stored.get(id);
            if (!summary) {
                const head = await this.head(id);
                if (!head || head.run.channelId !== channelId) {
                    continue;
                }
                summary = summaryOf(head.run, head.progress);
                await writeSummary(this.kv, channelId, summary);
            }
            runs.push(summary);
        }
        const current = runs.find((r) => r.id === index.currentRunId);
        return {runs, currentRunId: current ? current.id : null};
    }

    /** Stores the run's summary after a change that altered it; a failure only leaves the list stale until the next change. */
    private async summarize(before: StoredSummary | null, run: RunMeta, progress: Progress): Promise<void> {
        const after = summaryOf(run, progress);
        if (before && !summaryChanged(before, after)) {
            return;
        }
        try {
            await writeSummary(this.kv, run.channelId, after);
        } catch (err) {
            this.log?.warn('could not store a run summary', {runId: run.id, error: String(err)});
        }
    }

    async setCurrent(channelId: string, runId: string): Promise<void> {
        await this.addToChannel(channelId, runId, true);
    }

    /** Active runs (reminders); entries whose run is gone or no longer active are skipped. */
    async listActive(): Promise<Run[]> {
        const runs: Run[] = [];
        for (const id of await this.activeIds()) {
            const run = await this.getRun(id);
            if (run && run.status === 'active') {
                runs.push(run);
            }
        }
        return runs;
    }

    /** Active runs without their steps: one small head each, for lists that filter or page before loading runs. */
    async listActiveHeads(): Promise<RunMeta[]> {
        const heads: RunMeta[] = [];
        for (const id of await this.activeIds()) {
            const head = await this.head(id);
            if (head && head.run.status === 'active') {
                heads.push(head.run);
            }
        }
        return heads;
    }

    private async activeIds(): Promise<string[]> {
        const bytes = await this.kv.get(KEY.active());
        return bytes ? migrateActiveIndex(KEY.active(), decodeRecord(KEY.active(), bytes)).runIds : [];
    }

    /** Rebuilds what a crash between writes may have left out of step: scans every run record. */
    async repairIndexes(): Promise<RepairReport> {
        const report: RepairReport = {runs: 0, channelFixes: 0, activeFixes: 0};
        const runs: RunMeta[] = [];
        const heads: RunHeadView[] = [];
        const chunkKeys: string[] = [];
        for (let page = 0; ; page++) {
            const keys = await this.kv.listKeys(page, 1000);
            for (const key of keys.filter((k) => k.startsWith(RUN_KEY_PREFIX))) {
                try {
                    const head = await this.head(key.slice(RUN_KEY_PREFIX.length));
                    if (head) {
                        runs.push(head.run);
                        heads.push(head);
                    }
                } catch (err) {
                    this.log?.error('skipping an unreadable run record during index repair', {key, error: String(err)});
                }
            }
            chunkKeys.push(...keys.filter((k) => k.startsWith(STEP_CHUNK_PREFIX)));
            if (keys.length < 1000) {
                break;
            }
        }
        await this.deleteOrphanChunks(chunkKeys);
        report.runs = runs.length;
        const byChannel = new Map<string, Set<string>>();
        for (const run of runs) {
            byChannel.set(run.channelId, (byChannel.get(run.channelId) ?? new Set()).add(run.id));
        }
        for (const [channelId, ids] of byChannel) {
            const index = await this.channelIndex(channelId);
            if ([...ids].some((id) => !index.runIds.includes(id)) || index.runIds.some((id) => !ids.has(id))) {
                report.channelFixes++;
                await this.updateChannel(channelId, (idx) => {
                    const kept = idx.runIds.filter((id) => ids.has(id));
                    const added = runs.filter((r) => ids.has(r.id) && !kept.includes(r.id))
                        .sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((r) => r.id);
                    const runIds = [...kept, ...added];
                    return {...idx, runIds, currentRunId: idx.currentRunId && runIds.includes(idx.currentRunId) ? idx.currentRunId : runIds[runIds.length - 1] ?? null};
                });
            }
        }
        await this.repairSummaries(heads);
        const activeIds = new Set(runs.filter((r) => r.status === 'active').map((r) => r.id));
        await this.updateActive((ids) => {
            const kept = ids.filter((id) => activeIds.has(id));
            const next = [...kept, ...[...activeIds].filter((id) => !kept.includes(id))];
            if (next.length !== ids.length || next.some((id, i) => id !== ids[i])) {
                report.activeFixes++;
            }
            return next;
        });
        return report;
    }

    /** Summaries behind their run (a crash between a change and its summary write) are written again. */
    private async repairSummaries(heads: RunHeadView[]): Promise<void> {
        const byChannel = new Map<string, RunHeadView[]>();
        heads.forEach((h) => byChannel.set(h.run.channelId, [...(byChannel.get(h.run.channelId) ?? []), h]));
        for (const [channelId, list] of byChannel) {
            const stored = await readSummaries(this.kv, channelId);
            for (const h of list) {
                if ((stored.get(h.run.id)?.revision ?? -1) < h.run.revision) {
                    await writeSummary(this.kv, channelId, summaryOf(h.run, h.progress));
                }
            }
        }
    }

    /** Step chunks left by a write that crashed before its head named them (old enough not to be in progress). */
    private async deleteOrphanChunks(keys: string[]): Promise<void> {
        const heads = new Map<string, LoadedRun | null>();
        let deleted = 0;
        for (const key of keys) {
            const [, runId, index, generation] = key.split(':');
            if (!(Date.now() - generationTime(generation) > ORPHAN_CHUNK_AGE_MS)) {
                continue;
            }
            if (!heads.has(runId)) {
                heads.set(runId, await this.layout.load(runId).catch(() => null));
            }
            const loaded = heads.get(runId);
            // A run of schemaVersion 1 names no chunk yet; an unreadable head is left alone.
            if (loaded === null && (await this.kv.get(KEY.run(runId))) !== null) {
                continue;
            }
            if (!loaded || (!loaded.legacy && loaded.head.chunks[Number(index)] !== generation) || loaded.legacy) {
                await this.kv.delete(key);
                deleted++;
            }
        }
        if (deleted > 0) {
            this.log?.warn('deleted step chunks left by interrupted writes', {count: deleted});
        }
    }

    private async addToChannel(channelId: string, runId: string, makeCurrent: boolean): Promise<void> {
        await this.updateChannel(channelId, (idx) => ({
            ...idx,
            runIds: idx.runIds.includes(runId) ? idx.runIds : [...idx.runIds, runId],
            currentRunId: makeCurrent ? runId : idx.currentRunId,
        }));
    }

    private async updateChannel(channelId: string, change: (index: ChannelIndex) => ChannelIndex): Promise<void> {
        const key = KEY.channel(channelId);
        await casUpdate(this.kv, key, (current) => {
            const index = current ? migrateChannelIndex(key, decodeRecord(key, current)) : {schemaVersion: RECORD_VERSION, runIds: [], currentRunId: null};
            const next = change(index);
            if (next.runIds.length > LIMITS.runsPerChannel) {
                throw new LimitError(`a channel holds at most ${LIMITS.runsPerChannel} runs`);
            }
            if (sameJson(index, next)) {
                return {skip: true, result: undefined};
            }
            return {write: encodeRecord(`runs of channel ${channelId}`, next), result: undefined};
        });
    }

    private async updateActive(change: (ids: string[]) => string[]): Promise<void> {
        const key = KEY.active();
        await casUpdate(this.kv, key, (current) => {
            const index: ActiveIndex = current ? migrateActiveIndex(key, decodeRecord(key, current)) : {schemaVersion: RECORD_VERSION, runIds: []};
            const runIds = change(index.runIds);
            if (runIds.length > LIMITS.activeRuns && runIds.length > index.runIds.length) {
                throw new LimitError(`at most ${LIMITS.activeRuns} runs can be active at once; finish or archive some first`);
            }
            if (sameJson(index.runIds, runIds)) {
                return {skip: true, result: undefined};
            }
            return {write: encodeRecord('active runs', {schemaVersion: RECORD_VERSION, runIds}), result: undefined};
        });
    }
}

function sameJson(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

function storedOf(loaded: LoadedRun, run: Run): StoredRun {
    return {
        schemaVersion: RUN_RECORD_VERSION, run, eventCount: loaded.head.eventCount, tail: loaded.head.tail, eventTypes: loaded.head.eventTypes,
        eventsPerChunk: loaded.head.eventsPerChunk,
    };
}

/** A whole-run change as chunk writes: only chunks whose steps' JSON changed are rewritten. */
function planWhole<R>(change: {run: Run; events: NewEvent[]; result: R}, chunks: ChunkData[]): Plan<R> {
    const next = splitSteps(change.run.steps, chunks.length);
    const writes = new Map<number, ChunkData>();
    const steps: RunStep[] = [];
    next.forEach((chunk, i) => {
        const old = chunks[i];
        const oldJson = new Map(old.steps.map((s, j) => [s.id, old.json[j]]));
        const changed = chunk.steps.filter((s, j) => oldJson.get(s.id) !== chunk.json[j]);
        if (changed.length > 0 || chunk.positions.join() !== old.positions.join()) {
            writes.set(i, chunk);
            steps.push(...changed);
        }
    });
    return {meta: metaOf(change.run), stepCount: change.run.steps.length, writes, progress: progressOf(change.run), events: change.events, result: change.result, steps};
}

/** A change of some steps: the steps as they are now, progress counted on from the head's. */
function planSteps<R>(loaded: LoadedRun, change: {run: Run; events: NewEvent[]; result: R}, before: RunStep[]): Plan<R> {
    const meta = metaOf(change.run);
    if (JSON.stringify(meta.conditions) !== JSON.stringify(loaded.head.run.conditions)) {
        throw new Error('a change of a few steps cannot change the answers to conditions');
    }
    const byId = new Map(change.run.steps.map((s) => [s.id, s]));
    const progress = {...loaded.head.progress};
    const steps: RunStep[] = [];
    for (const old of before) {
        const now = byId.get(old.id);
        if (!now) {
            throw new Error(`a change of a few steps cannot remove step ${old.id}`);
        }
        if (JSON.stringify(now) === JSON.stringify(old)) {
            continue;
        }
        steps.push(now);
        count1(progress, meta, old, -1);
        count1(progress, meta, now, 1);
    }
    return {meta, stepCount: loaded.head.stepCount, progress, events: change.events, result: change.result, steps};
}

function count1(progress: Progress, run: Pick<Run, 'conditions'>, step: RunStep, sign: 1 | -1): void {
    if (!applies(run, step)) {
        return;
    }
    progress.total += sign;
    if (step.state === 'done') {
        progress.done += sign;
    } else if (step.state === 'skipped') {
        progress.skipped += sign;
    }
    progress.open = progress.total - progress.done - progress.skipped;
}

/** Ids we mint are [a-z0-9]; anything else cannot name a run and is never used in a key. */
export function isSafeId(id: string): boolean {
    return /^[a-z0-9]{1,64}$/.test(id);
}
