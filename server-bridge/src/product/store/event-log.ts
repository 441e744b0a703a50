// A run's event log in bounded chunks: `ev:<runId>:<n>` holds seqs [n*100, n*100+100).
// Events are committed first in the run record's tail (same compare-and-set as the change
// they describe) and copied here afterwards; copying is idempotent (by seq), so any writer
// may repeat it after a crash and readers merge chunk and tail.
import type {KVStore} from '../platform';
import type {RunEvent} from '../model';
import {casUpdate} from './cas';
import {decodeRecord, encodeRecord} from './codec';
import {KEY} from './keys';
import {migrateEventChunk} from './migrate';
import {EVENTS_PER_CHUNK, RECORD_VERSION, type EventChunk} from './records';

/** What reading a run's log needs: its id, event count and the events not yet in a chunk. */
export interface EventSource {
    run: {id: string};
    eventCount: number;
    tail: RunEvent[];
}

export const chunkOf = (seq: number): number => Math.floor(seq / EVENTS_PER_CHUNK);

async function readChunk(kv: KVStore, runId: string, chunk: number): Promise<RunEvent[]> {
    const key = KEY.eventChunk(runId, chunk);
    const bytes = await kv.get(key);
    return bytes ? migrateEventChunk(key, decodeRecord(key, bytes)).events : [];
}

/** Copies events into their chunks (skipping seqs already there); returns the seqs now stored. */
export async function copyToChunks(kv: KVStore, runId: string, events: RunEvent[]): Promise<Set<number>> {
    const byChunk = new Map<number, RunEvent[]>();
    for (const e of events) {
        const list = byChunk.get(chunkOf(e.seq)) ?? [];
        list.push(e);
        byChunk.set(chunkOf(e.seq), list);
    }
    const stored = new Set<number>();
    for (const [chunk, list] of byChunk) {
        const key = KEY.eventChunk(runId, chunk);
        await casUpdate(kv, key, (current) => {
            const existing = current ? migrateEventChunk(key, decodeRecord(key, current)).events : [];
            const have = new Set(existing.map((e) => e.seq));
            const missing = list.filter((e) => !have.has(e.seq));
            if (missing.length === 0) {
                return {skip: true, result: undefined};
            }
            const record: EventChunk = {
                schemaVersion: RECORD_VERSION,
                events: [...existing, ...missing].sort((a, b) => a.seq - b.seq),
            };
            return {write: encodeRecord(`event chunk ${chunk} of run ${runId}`, record), result: undefined};
        });
        list.forEach((e) => stored.add(e.seq));
    }
    return stored;
}

/** Which of these events are already stored in their chunk. */
export async function chunkedSeqs(kv: KVStore, runId: string, events: RunEvent[]): Promise<Set<number>> {
    const out = new Set<number>();
    const wanted = new Set(events.map((e) => e.seq));
    for (const chunk of new Set(events.map((e) => chunkOf(e.seq)))) {
        for (const e of await readChunk(kv, runId, chunk)) {
            if (wanted.has(e.seq)) {
                out.add(e.seq);
            }
        }
    }
    return out;
}

export interface EventPage {
    events: RunEvent[];
    nextBefore: number | null;
}

/** Events with seq < before (default: all), newest first, at most `limit`. */
export async function readEvents(kv: KVStore, stored: EventSource, before: number | null, limit: number): Promise<EventPage> {
    const runId = stored.run.id;
    const end = Math.min(before ?? stored.eventCount, stored.eventCount);
    const start = Math.max(0, end - limit);
    if (end <= 0 || limit <= 0) {
        return {events: [], nextBefore: null};
    }
    const bySeq = new Map<number, RunEvent>();
    for (let chunk = chunkOf(end - 1); chunk >= chunkOf(start); chunk--) {
        for (const e of await readChunk(kv, runId, chunk)) {
            bySeq.set(e.seq, e);
        }
    }
    for (const e of stored.tail) {
        bySeq.set(e.seq, e);
    }
    const events = [...bySeq.values()].filter((e) => e.seq >= start && e.seq < end).sort((a, b) => b.seq - a.seq);
    return {events, nextBefore: start > 0 ? start : null};
}

/** Every event of a run in order (for the report); bounded by the run's own event count. */
export async function readAllEvents(kv: KVStore, stored: EventSource): Promise<RunEvent[]> {
    const page = await readEvents(kv, stored, null, stored.eventCount);
    return page.events.reverse();
}
