// A run's steps in chunks: step `id` lives in chunk fnv1a(id) % chunkCount, so an action on
// one step finds its chunk without reading a list of every step. Chunks are copy-on-write:
// a change writes the chunk under a fresh generation (`st:<runId>:<i>:<gen>`, created with a
// compare-and-set against absence) and the run head's compare-and-set makes that generation
// current; the old one is deleted afterwards. A chunk key's bytes therefore never change,
// so parsed chunks are cached by key and never re-read or re-parsed in this process.
import {randomBytes} from 'node:crypto';
import type {KVStore} from '../platform';
import type {RunStep} from '../model';
import {CorruptRecordError, MAX_VALUE_BYTES, ValueTooLargeError, decodeRecord} from './codec';
import {KEY} from './keys';
import {FutureRecordError, liftStep} from './migrate';
import {RUN_RECORD_VERSION, STEPS_PER_CHUNK} from './records';

/** A chunk in memory: steps (frozen: shared by every reader), their positions and their JSON. */
export interface ChunkData {
    positions: number[];
    steps: RunStep[];
    json: string[];
}

export function chunkCountFor(steps: number): number {
    return Math.max(1, Math.ceil(steps / STEPS_PER_CHUNK));
}

/** FNV-1a over the UTF-16 code units: stable, fast, spreads short ids well. */
export function chunkOfStep(stepId: string, chunkCount: number): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < stepId.length; i++) {
        h ^= stepId.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return (h >>> 0) % chunkCount;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A fresh generation name: the time it was made (so index repair can tell a chunk left by a
 * crashed write from one a write in progress is about to name) and 40 random bits, so two
 * writers never pick the same key.
 */
export function newGeneration(now = Date.now()): string {
    let out = `${now.toString(36)}.`;
    for (const b of randomBytes(8)) {
        out += ALPHABET[b & 31];
    }
    return out;
}

/** When a generation was made (ms), or NaN for a name not made by newGeneration. */
export function generationTime(generation: string): number {
    const dot = generation.indexOf('.');
    return dot > 0 ? parseInt(generation.slice(0, dot), 36) : NaN;
}

function freeze(step: RunStep): RunStep {
    Object.freeze(step.notes);
    Object.freeze(step.evidence);
    if (step.ticks) {
        Object.freeze(step.ticks);
    }
    return Object.freeze(step);
}

/** Builds a chunk from steps given in position order; their JSON is computed once here. */
export function makeChunk(positions: number[], steps: RunStep[], json?: string[]): ChunkData {
    return {positions, steps: steps.map(freeze), json: json ?? steps.map((s) => JSON.stringify(s))};
}

/** Splits a run's steps (in position order) into `count` chunks by step id. */
export function splitSteps(steps: RunStep[], count: number): ChunkData[] {
    const positions: number[][] = Array.from({length: count}, () => []);
    const lists: RunStep[][] = Array.from({length: count}, () => []);
    steps.forEach((s, pos) => {
        const i = chunkOfStep(s.id, count);
        positions[i].push(pos);
        // A copy: the chunk's steps are frozen and shared, the caller's stay its own.
        lists[i].push({...s, notes: [...s.notes], evidence: [...s.evidence], ...(s.ticks ? {ticks: [...s.ticks]} : {})});
    });
    return lists.map((list, i) => makeChunk(positions[i], list));
}

/** The run's steps in position order. */
export function joinSteps(chunks: ChunkData[], count: number): RunStep[] {
    const steps = new Array<RunStep>(count);
    for (const c of chunks) {
        c.positions.forEach((pos, j) => {
            steps[pos] = c.steps[j];
        });
    }
    return steps.filter((s) => s !== undefined);
}

const encoder = new TextEncoder();

/** The chunk record's bytes, from the steps' JSON already at hand (nothing serialised twice). */
export function encodeChunk(what: string, chunk: ChunkData): Uint8Array {
    const text = `{"schemaVersion":${RUN_RECORD_VERSION},"positions":${JSON.stringify(chunk.positions)},"steps":[${chunk.json.join(',')}]}`;
    const bytes = encoder.encode(text);
    if (bytes.length > MAX_VALUE_BYTES) {
        throw new ValueTooLargeError(what, bytes.length);
    }
    return bytes;
}

export function decodeChunk(key: string, bytes: Uint8Array): ChunkData {
    const raw = decodeRecord(key, bytes);
    if (typeof raw.schemaVersion === 'number' && raw.schemaVersion > RUN_RECORD_VERSION) {
        throw new FutureRecordError(`record at ${key} has schemaVersion ${raw.schemaVersion}, newer than this plugin understands (${RUN_RECORD_VERSION}); upgrade the plugin`);
    }
    const {positions, steps} = raw;
    // Version 2 chunks (notes inline) are read lifted to version 3 (migrate.ts liftStep).
    if ((raw.schemaVersion !== RUN_RECORD_VERSION && raw.schemaVersion !== 2) || !Array.isArray(positions) || !Array.isArray(steps) || positions.length !== steps.length ||
        !positions.every((p) => Number.isInteger(p) && p >= 0) || !steps.every((s) => typeof s === 'object' && s !== null && typeof (s as RunStep).id === 'string')) {
        throw new CorruptRecordError(`record at ${key} is not a step chunk`);
    }
    return makeChunk(positions as number[], raw.schemaVersion === RUN_RECORD_VERSION ? steps as RunStep[] : (steps as RunStep[]).map(liftStep));
}

/**
 * Parsed chunks by key, least recently used dropped first once they hold more than `budget`
 * characters of JSON; safe because chunk keys never change.
 */
export class ChunkCache {
    private readonly entries = new Map<string, {chunk: ChunkData; size: number}>();
    private size = 0;

    constructor(private readonly budget = 32 * 1024 * 1024) {}

    get(key: string): ChunkData | undefined {
        const hit = this.entries.get(key);
        if (hit) {
            this.entries.delete(key);
            this.entries.set(key, hit);
        }
        return hit?.chunk;
    }

    set(key: string, chunk: ChunkData): void {
        this.delete(key);
        const size = chunk.json.reduce((n, j) => n + j.length, 0);
        this.entries.set(key, {chunk, size});
        this.size += size;
        while (this.size > this.budget && this.entries.size > 1) {
            this.delete(this.entries.keys().next().value as string);
        }
    }

    delete(key: string): void {
        const hit = this.entries.get(key);
        if (hit) {
            this.entries.delete(key);
            this.size -= hit.size;
        }
    }
}

/** The chunk under this generation, or null when it is gone (a newer generation replaced it). */
export async function readChunk(kv: KVStore, cache: ChunkCache, runId: string, index: number, generation: string): Promise<ChunkData | null> {
    const key = KEY.stepChunk(runId, index, generation);
    const hit = cache.get(key);
    if (hit) {
        return hit;
    }
    const bytes = await kv.get(key);
    if (!bytes) {
        return null;
    }
    const chunk = decodeChunk(key, bytes);
    cache.set(key, chunk);
    return chunk;
}
