// A run's event log in bounded chunks: `ev:<runId>:<n>` holds seqs [n*100, n*100+100).
// Events are committed first in the run record's tail (same compare-and-set as the change
// they describe) and copied here afterwards; copying is idempotent (by seq), so any writer
// may repeat it after a crash and readers merge chunk and tail.
import type {KVStore} from '../platform';
import type {RunEvent} from '../model';
import {casUpdate} from './cas';
import {MAX_VALUE_BYTES, ValueTooLargeError, decodeRecord} from './codec';
import {bytesEqual} from './memory-kv';
import {KEY} from './keys';
import {migrateEventChunk} from './migrate';
import {LEGACY_EVENTS_PER_CHUNK, RECORD_VERSION, type EventChunk} from './records';

/** What reading a run's log needs: its id, event count, chunk size and the events not yet in a chunk. */
export interface EventSource {
    run: {id: string};
    eventCount: number;
    tail: RunEvent[];
    /** Absent for runs stored before schemaVersion 2: LEGACY_EVENTS_PER_CHUNK. */
    eventsPerChunk?: number;
}

const sizeOf = (stored: EventSource): number => stored.eventsPerChunk ?? LEGACY_EVENTS_PER_CHUNK;

export const chunkOf = (seq: number, size: number): number => Math.floor(seq / size);

async function readChunk(kv: KVStore, runId: string, chunk: number): Promise<RunEvent[]> {
    const key = KEY.eventChunk(runId, chunk);
    const bytes = await kv.get(key);
    return bytes ? migrateEventChunk(key, decodeRecord(key, bytes)).events : [];
}

/** A chunk as last written or read here: its bytes, its text and the seqs it holds. */
interface KnownChunk {
    bytes: Uint8Array;
    text: string;
    seqs: Set<number>;
    last: number;
}

const KNOWN_CHUNKS = 256;
/** Chunks hold long notes too: bound the kept bytes as well as the count (text and bytes both count). */
const KNOWN_BYTES = 8 * 1024 * 1024;
const known = new WeakMap<KVStore, {chunks: Map<string, KnownChunk>; bytes: number}>();
const decoder = new TextDecoder();
const encoder = new TextEncoder();
const PREFIX = `{"schemaVersion":${RECORD_VERSION},"events":[`;

function knownChunks(kv: KVStore): {chunks: Map<string, KnownChunk>; bytes: number} {
    let state = known.get(kv);
    if (!state) {
        state = {chunks: new Map(), bytes: 0};
        known.set(kv, state);
    }
    return state;
}

const keptSize = (chunk: KnownChunk) => chunk.bytes.byteLength + chunk.text.length;

function forget(state: {chunks: Map<string, KnownChunk>; bytes: number}, key: string): void {
    const old = state.chunks.get(key);
    if (old) {
        state.chunks.delete(key);
        state.bytes -= keptSize(old);
    }
}

function remember(kv: KVStore, key: string, chunk: KnownChunk): void {
    const state = knownChunks(kv);
    forget(state, key);
    state.chunks.set(key, chunk);
    state.bytes += keptSize(chunk);
    while (state.chunks.size > 1 && (state.chunks.size > KNOWN_CHUNKS || state.bytes > KNOWN_BYTES)) {
        forget(state, state.chunks.keys().next().value as string);
    }
}

function parseChunk(key: string, bytes: Uint8Array): KnownChunk & {events: RunEvent[]} {
    const events = migrateEventChunk(key, decodeRecord(key, bytes)).events;
    return {bytes, text: decoder.decode(bytes), events, seqs: new Set(events.map((e) => e.seq)), last: events.reduce((m, e) => Math.max(m, e.seq), -1)};
}

/**
 * The chunk with `missing` added. When the stored bytes are the ones this process last saw
 * and the new events all come after it (the usual append), the new bytes are the old text
 * with the events' JSON spliced in before its end: no parse, no re-serialisation.
 */
function appended(kv: KVStore, key: string, what: string, current: Uint8Array | null, list: RunEvent[]): {next: KnownChunk; bytes: Uint8Array} | null {
    const cached = current ? knownChunks(kv).chunks.get(key) : undefined;
    const base = !current ? null : cached && bytesEqual(cached.bytes, current) ? cached : parseChunk(key, current);
    const missing = list.filter((e) => !base?.seqs.has(e.seq)).sort((a, b) => a.seq - b.seq);
    if (missing.length === 0) {
        if (base) {
            remember(kv, key, base);
        }
        return null;
    }
    let text: string;
    if (!base) {
        text = JSON.stringify({schemaVersion: RECORD_VERSION, events: missing} satisfies EventChunk);
    } else if (missing[0].seq > base.last && base.text.startsWith(PREFIX) && base.text.endsWith(']}')) {
        const body = missing.map((e) => JSON.stringify(e)).join(',');
        text = `${base.text.slice(0, -2)}${base.seqs.size > 0 ? ',' : ''}${body}]}`;
    } else {
        const existing = 'events' in base ? (base as {events: RunEvent[]}).events : parseChunk(key, current!).events;
        text = JSON.stringify({schemaVersion: RECORD_VERSION, events: [...existing, ...missing].sort((a, b) => a.seq - b.seq)} satisfies EventChunk);
    }
    const bytes = encoder.encode(text);
    if (bytes.length > MAX_VALUE_BYTES) {
        throw new ValueTooLargeError(what, bytes.length);
    }
    const seqs = new Set(base?.seqs);
    missing.forEach((e) => seqs.add(e.seq));
    return {next: {bytes, text, seqs, last: Math.max(base?.last ?? -1, missing[missing.length - 1].seq)}, bytes};
}

/** Copies events into their chunks (skipping seqs already there); returns the seqs now stored. */
export async function copyToChunks(kv: KVStore, runId: string, events: RunEvent[], size: number): Promise<Set<number>> {
    const byChunk = new Map<number, RunEvent[]>();
    for (const e of events) {
        const list = byChunk.get(chunkOf(e.seq, size)) ?? [];
        list.push(e);
        byChunk.set(chunkOf(e.seq, size), list);
    }
    const stored = new Set<number>();
    for (const [chunk, list] of byChunk) {
        const key = KEY.eventChunk(runId, chunk);
        const written = await casUpdate(kv, key, (current) => {
            const out = appended(kv, key, `event chunk ${chunk} of run ${runId}`, current, list);
            return out ? {write: out.bytes, result: out.next} : {skip: true, result: null};
        });
        if (written) {
            remember(kv, key, written);
        }
        list.forEach((e) => stored.add(e.seq));
    }
    return stored;
}

/** Which of these events are already stored in their chunk. */
export async function chunkedSeqs(kv: KVStore, runId: string, events: RunEvent[], size: number): Promise<Set<number>> {
    const out = new Set<number>();
    const wanted = new Set(events.map((e) => e.seq));
    for (const chunk of new Set(events.map((e) => chunkOf(e.seq, size)))) {
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
    const size = sizeOf(stored);
    for (let chunk = chunkOf(end - 1, size); chunk >= chunkOf(start, size); chunk--) {
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

/**
 * Every event of a run in order, one chunk at a time (the tail merged in): memory bounded by
 * a chunk whatever the length of the log. `fn` may write each batch out before the next is read.
 */
export async function forEachEventChunk(kv: KVStore, stored: EventSource, fn: (events: RunEvent[]) => Promise<void> | void): Promise<void> {
    const runId = stored.run.id;
    const tailBySeq = new Map(stored.tail.map((e) => [e.seq, e]));
    const size = sizeOf(stored);
    for (let chunk = 0; chunk * size < stored.eventCount; chunk++) {
        const bySeq = new Map<number, RunEvent>();
        for (const e of await readChunk(kv, runId, chunk)) {
            bySeq.set(e.seq, e);
        }
        const end = Math.min((chunk + 1) * size, stored.eventCount);
        for (let seq = chunk * size; seq < end; seq++) {
            const e = tailBySeq.get(seq);
            if (e) {
                bySeq.set(seq, e);
            }
        }
        const events = [...bySeq.values()].filter((e) => e.seq < stored.eventCount).sort((a, b) => a.seq - b.seq);
        if (events.length > 0) {
            await fn(events);
        }
    }
}
