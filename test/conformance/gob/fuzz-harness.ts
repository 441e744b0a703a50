/**
 * The gob fuzzer's engine, run by scripts/fuzz-gob.js (in a worker, so a hang is caught by a
 * watchdog) and by fuzz.test.ts with a small count. Seeds are the conformance corpus encoded
 * by the TypeScript encoder (proven against Go); each input is a seed with stacked mutations
 * (bit flips, boundary bytes, truncation, inflated lengths, splices, duplicated and deleted
 * runs), pushed in random chunks and decoded with and without schemas.
 */
import {GobDecoder, GobEncoder, GobError, type Schema} from '../../../server-bridge/src/wire/gob';
import {VECTORS, corpusRegistry} from './corpus';

export interface FuzzOptions {
    count: number;
    seed: number;
    /** Shared counters for a watchdog: [inputs done, index of the input being decoded]. */
    progress?: Int32Array;
    gc?: () => void;
    /** An input slower than this is reported as a hang. */
    maxInputMs?: number;
}

export interface FuzzReport {
    inputs: number;
    values: number;
    rejected: number;
    errorCodes: Record<string, number>;
    crashes: number;
    hangs: number;
    slowestMs: number;
    maxHeapMiB: number;
    failures: string[];
}

interface Seed {
    bytes: Uint8Array;
    schemas: Array<Schema | undefined>;
}

/** Small fast PRNG (mulberry32) so any input can be replayed from the seed and its index. */
function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export function buildSeeds(): Seed[] {
    const seeds: Seed[] = [];
    for (const v of VECTORS) {
        const chunks: Uint8Array[] = [];
        const enc = new GobEncoder((b) => chunks.push(b), {registry: corpusRegistry()});
        for (const item of v.items) {
            enc.encodeValue(item.encode[0], item.encode[1]);
        }
        const bytes = Buffer.concat(chunks);
        // Keep seeds small so mutations land in structure, not only in bulk payloads.
        if (bytes.length <= 8192) {
            seeds.push({bytes, schemas: v.items.map((i) => i.decode[0])});
        }
    }
    return seeds;
}

const INTERESTING = [0x00, 0x01, 0x02, 0x7f, 0x80, 0x81, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff];
const BIG_UINTS = [
    [0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    [0xfc, 0x7f, 0xff, 0xff, 0xff],
    [0xfb, 0x01, 0x00, 0x00, 0x00, 0x00],
    [0xfd, 0x01, 0x00, 0x00],
    [0xfe, 0xff, 0xff],
];

/** Splits a well-formed stream into message bodies (without their length prefixes). */
function splitMessages(input: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let pos = 0;
    while (pos < input.length) {
        const b = input[pos++];
        let len = b;
        if (b >= 0x80) {
            len = 0;
            for (let n = 256 - b; n > 0; n--) {
                len = len * 256 + input[pos++];
            }
        }
        out.push(input.subarray(pos, pos + len));
        pos += len;
    }
    return out;
}

function lengthPrefix(n: number): number[] {
    if (n < 0x80) {
        return [n];
    }
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) {
        bytes.unshift(v % 256);
    }
    return [256 - bytes.length, ...bytes];
}

/**
 * Mutates inside one message and re-frames it, so the damage reaches the value and type
 * grammar instead of only breaking the length prefixes. Its favourite: a huge count with the
 * message cut right after it, which only a per-element input check can refuse quickly.
 */
export function mutateFramed(input: Uint8Array, next: () => number): Uint8Array {
    const messages = splitMessages(input).map((m) => Array.from(m));
    if (messages.length === 0) {
        return input;
    }
    const target = messages[Math.floor(next() * messages.length)];
    const at = (): number => Math.floor(next() * Math.max(1, target.length));
    const rounds = 1 + Math.floor(next() * 2);
    for (let r = 0; r < rounds; r++) {
        switch (Math.floor(next() * 4)) {
        case 0: { // inflate a count and end the message there
            const p = at();
            target.splice(p, target.length - p, ...BIG_UINTS[Math.floor(next() * BIG_UINTS.length)]);
            break;
        }
        case 1: // boundary byte
            if (target.length > 0) target[at()] = INTERESTING[Math.floor(next() * INTERESTING.length)];
            break;
        case 2: // cut the message short
            target.length = at();
            break;
        default: // bit flip
            if (target.length > 0) target[at()] ^= 1 << Math.floor(next() * 8);
            break;
        }
    }
    return Uint8Array.from(messages.flatMap((m) => (m.length === 0 ? [] : [...lengthPrefix(m.length), ...m])));
}

export function mutate(input: Uint8Array, seeds: Seed[], next: () => number): Uint8Array {
    if (next() < 0.4) {
        return mutateFramed(input, next);
    }
    let b = Array.from(input);
    // Half the time aim past the first half of the stream, where values (not type definitions) live.
    const at = (): number => {
        const n = Math.max(1, b.length);
        return next() < 0.5 ? Math.floor(n / 2 + next() * (n - n / 2)) : Math.floor(next() * n);
    };
    const rounds = 1 + Math.floor(next() * 3);
    for (let r = 0; r < rounds; r++) {
        switch (Math.floor(next() * 8)) {
        case 0: { // bit flips
            const flips = 1 + Math.floor(next() * 8);
            for (let i = 0; i < flips && b.length > 0; i++) {
                b[at()] ^= 1 << Math.floor(next() * 8);
            }
            break;
        }
        case 1: // boundary byte
            if (b.length > 0) b[at()] = INTERESTING[Math.floor(next() * INTERESTING.length)];
            break;
        case 2: // truncation
            b = b.slice(0, at());
            break;
        case 3: { // length inflation: a huge count where a byte was
            const p = at();
            b.splice(p, 1, ...BIG_UINTS[Math.floor(next() * BIG_UINTS.length)]);
            break;
        }
        case 4: { // splice with another seed
            const other = seeds[Math.floor(next() * seeds.length)].bytes;
            b = b.slice(0, at()).concat(Array.from(other.subarray(Math.floor(next() * other.length))));
            break;
        }
        case 5: { // duplicate a run
            const p = at();
            const len = Math.floor(next() * 32);
            b.splice(at(), 0, ...b.slice(p, p + len));
            break;
        }
        case 6: // delete a run
            b.splice(at(), 1 + Math.floor(next() * 16));
            break;
        default: { // random bytes
            const n = 1 + Math.floor(next() * 8);
            b.splice(at(), 0, ...Array.from({length: n}, () => Math.floor(next() * 256)));
            break;
        }
        }
    }
    return Uint8Array.from(b);
}

/** Decodes one input; returns values decoded and the codes of GobErrors met. Throws on anything else. */
function decodeInput(bytes: Uint8Array, schemas: Array<Schema | undefined>, next: () => number, codes: string[]): number {
    const dec = new GobDecoder({registry: corpusRegistry(), limits: {maxMessageBytes: 1 << 20, maxValueItems: 200_000}});
    const generic = next() < 0.3;
    let values = 0;
    let i = 0;
    const drain = (): boolean => {
        for (;;) {
            try {
                const schema = generic ? undefined : schemas[values];
                const r = schema ? dec.next(schema) : dec.next();
                if (r === undefined) {
                    return true;
                }
                values++;
            } catch (err) {
                if (!(err instanceof GobError) || (err as Error & {cause?: unknown}).cause !== undefined) {
                    throw err;
                }
                codes.push(err.code);
                if (err.fatal) {
                    return false;
                }
            }
        }
    };
    while (i < bytes.length) {
        const n = 1 + Math.floor(next() * 64);
        dec.push(bytes.subarray(i, i + n));
        i += n;
        if (!drain()) {
            return values;
        }
    }
    try {
        dec.end();
    } catch (err) {
        if (!(err instanceof GobError)) {
            throw err;
        }
        codes.push(err.code);
    }
    return values;
}

function heapMiB(gc?: () => void): number {
    gc?.();
    return process.memoryUsage().heapUsed / (1 << 20);
}

export function runGobFuzz(options: FuzzOptions): FuzzReport {
    const seeds = buildSeeds();
    const report: FuzzReport = {
        inputs: 0, values: 0, rejected: 0, errorCodes: {}, crashes: 0, hangs: 0, slowestMs: 0, maxHeapMiB: 0, failures: [],
    };
    const maxInputMs = options.maxInputMs ?? 2000;
    const baseline = heapMiB(options.gc);
    for (let index = 0; index < options.count; index++) {
        const next = rng((options.seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
        const seed = seeds[Math.floor(next() * seeds.length)];
        const input = mutate(seed.bytes, seeds, next);
        if (options.progress) {
            Atomics.store(options.progress, 1, index);
        }
        const codes: string[] = [];
        const started = performance.now();
        try {
            report.values += decodeInput(input, seed.schemas, next, codes);
        } catch (err) {
            report.crashes++;
            if (report.failures.length < 20) {
                report.failures.push(`input ${index} (seed ${options.seed}): ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
            }
        }
        const ms = performance.now() - started;
        report.slowestMs = Math.max(report.slowestMs, ms);
        if (ms > maxInputMs) {
            report.hangs++;
            report.failures.push(`input ${index} (seed ${options.seed}) took ${ms.toFixed(0)} ms`);
        }
        if (codes.length > 0) {
            report.rejected++;
            for (const c of codes) {
                report.errorCodes[c] = (report.errorCodes[c] ?? 0) + 1;
            }
        }
        report.inputs++;
        if (options.progress) {
            Atomics.store(options.progress, 0, report.inputs);
        }
        if (index % 20000 === 0 || index === options.count - 1) {
            report.maxHeapMiB = Math.max(report.maxHeapMiB, heapMiB(options.gc) - baseline);
        }
    }
    return report;
}
