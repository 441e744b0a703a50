// Runs in KV. One user action is one compare-and-set on `run:<id>` carrying both the change
// and its events; indexes and event chunks are written after it, in an order where a crash
// between writes leaves a state readers ignore and repairIndexes() fixes (docs/storage.md).
import type {KVStore, Logger} from '../platform';
import type {Run, RunEvent} from '../model';
import {casUpdate} from './cas';
import {decodeRecord, encodeRecord} from './codec';
import {chunkedSeqs, copyToChunks, readAllEvents, readEvents, type EventPage} from './event-log';
import {KEY, RUN_KEY_PREFIX} from './keys';
import {migrateActiveIndex, migrateChannelIndex, migrateStoredRun} from './migrate';
import {RECORD_VERSION, type ActiveIndex, type ChannelIndex, type StoredRun} from './records';

/** An event as an action describes it; the repository numbers and stamps it. */
export type NewEvent = Omit<RunEvent, 'schemaVersion' | 'seq' | 'runId'>;

/** Bounds that keep each value small; crossing one is refused with a clear message. */
export const LIMITS = {
    runsPerChannel: 500,
    activeRuns: 10000,
    /** Events waiting in the run record for their chunk; normally a handful. */
    tail: 300,
};

export class LimitError extends Error {}
export class RunNotFoundError extends Error {
    constructor(readonly runId: string) {
        super(`run ${runId} not found`);
    }
}

/** What an action decides, given a private copy of the current run. */
export type RunChange<R> =
    | {run: Run; events: NewEvent[]; result: R}
    | {unchanged: true; result: R};

export interface RepairReport {
    runs: number;
    channelFixes: number;
    activeFixes: number;
}

export class RunRepository {
    constructor(private readonly kv: KVStore, private readonly log?: Logger) {}

    async get(runId: string): Promise<StoredRun | null> {
        if (!isSafeId(runId)) {
            return null;
        }
        const key = KEY.run(runId);
        const bytes = await this.kv.get(key);
        return bytes ? migrateStoredRun(key, decodeRecord(key, bytes)) : null;
    }

    async getRun(runId: string): Promise<Run | null> {
        return (await this.get(runId))?.run ?? null;
    }

    /** Stores a new run and its first events, then indexes it and makes it the channel's current run. */
    async create(run: Run, events: NewEvent[]): Promise<{run: Run; events: RunEvent[]}> {
        const index = await this.channelIndex(run.channelId);
        if (index.runIds.length >= LIMITS.runsPerChannel) {
            throw new LimitError(`this channel already has ${index.runIds.length} runs, the most one channel can hold; archive runs in another channel instead`);
        }
        const stamped = stampEvents(run.id, 0, events);
        const record: StoredRun = {schemaVersion: RECORD_VERSION, run, eventCount: stamped.length, tail: stamped};
        const bytes = encodeRecord(`run ${run.id}`, record);
        await casUpdate(this.kv, KEY.run(run.id), (current) => {
            if (current) {
                throw new Error(`run id ${run.id} is already taken`);
            }
            return {write: bytes, result: undefined};
        });
        // Index after the run exists: a crash here leaves an unindexed run that repairIndexes() adds.
        await this.addToChannel(run.channelId, run.id, true);
        if (run.status === 'active') {
            await this.updateActive((ids) => (ids.includes(run.id) ? ids : [...ids, run.id]));
        }
        await this.flushTail(run.id);
        return {run, events: stamped};
    }

    /**
     * One action: read, apply (on a copy), compare-and-set with bounded retries. `apply` runs
     * again on every retry against the fresh run, so its checks always see the latest state;
     * it may throw to refuse the action, and nothing is written then.
     */
    async update<R>(runId: string, apply: (run: Run) => RunChange<R>): Promise<{run: Run; result: R; events: RunEvent[]}> {
        const key = KEY.run(runId);
        const before = await this.get(runId);
        if (!before) {
            throw new RunNotFoundError(runId);
        }
        if (before.tail.length > LIMITS.tail / 2) {
            await this.flushTail(runId);
        }
        // Seqs already in their chunk can leave the tail; chunks only grow, so this stays true on retries.
        const copied = await chunkedSeqs(this.kv, runId, before.tail);
        const outcome = await casUpdate(this.kv, key, (current) => {
            if (!current) {
                throw new RunNotFoundError(runId);
            }
            const stored = migrateStoredRun(key, decodeRecord(key, current));
            const change = apply(structuredClone(stored.run));
            if ('unchanged' in change) {
                return {skip: true, result: {run: stored.run, result: change.result, events: [] as RunEvent[], oldStatus: stored.run.status}};
            }
            const events = stampEvents(runId, stored.eventCount, change.events);
            const pending = stored.tail.filter((e) => !copied.has(e.seq));
            if (pending.length + events.length > LIMITS.tail) {
                throw new LimitError('the run\'s event log is busy catching up; please retry in a moment');
            }
            const run: Run = {...change.run, id: runId, channelId: stored.run.channelId, revision: stored.run.revision + 1};
            const next: StoredRun = {
                schemaVersion: RECORD_VERSION,
                run,
                eventCount: stored.eventCount + events.length,
                tail: [...pending, ...events],
            };
            return {write: encodeRecord(`run ${runId}`, next), result: {run, result: change.result, events, oldStatus: stored.run.status}};
        });
        if (outcome.events.length > 0) {
            if (outcome.oldStatus === 'active' && outcome.run.status !== 'active') {
                // After the run record: a crash here leaves a finished run in `active`, which readers skip.
                await this.updateActive((ids) => ids.filter((id) => id !== runId));
            }
            await this.flushTail(runId);
        }
        return {run: outcome.run, result: outcome.result, events: outcome.events};
    }

    /**
     * Copies the run's pending events into their chunks. Best effort: on failure they stay in
     * the tail, where readers see them, and the next action copies them again. The run record
     * is not rewritten here (that would compete with user actions); the next action drops
     * the copied events from the tail inside its own compare-and-set.
     */
    async flushTail(runId: string): Promise<void> {
        try {
            const stored = await this.get(runId);
            if (stored && stored.tail.length > 0) {
                await copyToChunks(this.kv, runId, stored.tail);
            }
        } catch (err) {
            this.log?.warn('could not copy run events into their chunk yet', {runId, error: String(err)});
        }
    }

    async events(stored: StoredRun, before: number | null, limit: number): Promise<EventPage> {
        return readEvents(this.kv, stored, before, limit);
    }

    async allEvents(stored: StoredRun): Promise<RunEvent[]> {
        return readAllEvents(this.kv, stored);
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

    async setCurrent(channelId: string, runId: string): Promise<void> {
        await this.addToChannel(channelId, runId, true);
    }

    /** Ids of active runs (reminders); entries whose run is gone or no longer active are skipped. */
    async listActive(): Promise<Run[]> {
        const bytes = await this.kv.get(KEY.active());
        const ids = bytes ? migrateActiveIndex(KEY.active(), decodeRecord(KEY.active(), bytes)).runIds : [];
        const runs: Run[] = [];
        for (const id of ids) {
            const run = await this.getRun(id);
            if (run && run.status === 'active') {
                runs.push(run);
            }
        }
        return runs;
    }

    /** Rebuilds what a crash between writes may have left out of step: scans every run record. */
    async repairIndexes(): Promise<RepairReport> {
        const report: RepairReport = {runs: 0, channelFixes: 0, activeFixes: 0};
        const runs: Run[] = [];
        for (let page = 0; ; page++) {
            const keys = await this.kv.listKeys(page, 1000);
            for (const key of keys.filter((k) => k.startsWith(RUN_KEY_PREFIX))) {
                try {
                    const run = await this.getRun(key.slice(RUN_KEY_PREFIX.length));
                    if (run) {
                        runs.push(run);
                    }
                } catch (err) {
                    this.log?.error('skipping an unreadable run record during index repair', {key, error: String(err)});
                }
            }
            if (keys.length < 1000) {
                break;
            }
        }
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

function stampEvents(runId: string, firstSeq: number, events: NewEvent[]): RunEvent[] {
    return events.map((e, i) => ({...e, schemaVersion: RECORD_VERSION, runId, seq: firstSeq + i}));
}

function sameJson(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/** Ids we mint are [a-z0-9]; anything else cannot name a run and is never used in a key. */
export function isSafeId(id: string): boolean {
    return /^[a-z0-9]{1,64}$/.test(id);
}
