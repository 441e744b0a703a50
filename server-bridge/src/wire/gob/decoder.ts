/**
 * A streaming gob decoder: bytes arrive in chunks through push(), values come out through
 * next(). Type definitions are remembered for the life of the stream, as in Go, so one
 * decoder must serve one connection from its first byte.
 */
import {GobError} from './errors';
import {resolveLimits, type GobLimits} from './limits';
import {MessageReader} from './reader';
import {createDefaultRegistry, type GobRegistry} from './registry';
import type {Infer, Schema} from './schema';
import {DecodePlans, decodeTopValue, type DecodeContext} from './decode-plans';
import {FIRST_USER_ID, MAX_TYPE_ID, readWireType, type WireType} from './wire-types';

export interface GobDecoderOptions {
    registry?: GobRegistry;
    limits?: Partial<GobLimits>;
}

/** Thrown inside a decode when the next message has not fully arrived yet. */
const NEED_MORE = Symbol('need more input');

/** Byte values from this size on are handed out as views of the receive buffer, not copied. */
const LEND_FROM_BYTES = 64 * 1024;

export class GobDecoder {
    private data: Buffer = Buffer.alloc(0);
    /** First byte not yet consumed. */
    private start = 0;
    /** End of the bytes received. */
    private filled = 0;
    private readonly wireTypes = new Map<number, WireType>();
    /** Struct fields declared by the type table so far (bounded by limits.maxTypeFields). */
    private typeFields = 0;
    /** Ids defined while decoding the current value, undone if the value must be retried. */
    private readonly pendingTypes: number[] = [];
    private readonly reader = new MessageReader();
    private readonly plans: DecodePlans;
    private readonly ctx: DecodeContext;
    private failure: GobError | null = null;
    /**
     * Where (relative to `start`) the message a retried value waits for begins, or -1. The
     * value is only decoded again once that message is complete, so dripping bytes in cannot
     * make the decoder re-read a large value over and over.
     */
    private awaiting = -1;
    private needAt = 0;
    /** A value rejected before all of it arrived: reported once it has been skipped. */
    private rejected: GobError | null = null;
    readonly limits: GobLimits;
    readonly registry: GobRegistry;

    constructor(options: GobDecoderOptions = {}) {
        this.limits = resolveLimits(options.limits);
        this.registry = options.registry ?? createDefaultRegistry();
        this.reader.lendFrom = LEND_FROM_BYTES;
        this.plans = new DecodePlans(this.wireTypes, this.registry, this.limits.maxDepth);
        this.ctx = {
            r: this.reader,
            limits: this.limits,
            registry: this.registry,
            items: 0,
            plans: this.plans,
            interfaceTypeSequence: () => this.typeSequence(true),
        };
    }

    /** Bytes received and not yet consumed by a decoded value. */
    get bufferedBytes(): number {
        return this.filled - this.start;
    }

    /** The error that stopped this stream, if any. */
    get error(): GobError | null {
        return this.failure;
    }

    /** Appends received bytes. Never throws for content: problems surface from next(). */
    push(chunk: Uint8Array): void {
        if (chunk.length === 0) {
            return;
        }
        const live = this.filled - this.start;
        const want = live + chunk.length;
        if (this.reader.lent || want > this.data.length) {
            // A new buffer: sized to the whole message when its length is known, so a large
            // value arrives with one allocation instead of a chain of growing copies (each a
            // large malloc block left behind).
            const message = this.pendingMessageBytes(chunk);
            const size = message > want ? message : Math.max(4096, Math.ceil(want * 1.5));
            const next = Buffer.allocUnsafe(size);
            this.data.copy(next, 0, this.start, this.filled);
            this.data = next;
            this.reader.lent = false;
            this.start = 0;
            this.filled = live;
        } else if (this.filled + chunk.length > this.data.length) {
            this.data.copyWithin(0, this.start, this.filled);
            this.start = 0;
            this.filled = live;
        }
        this.data.set(chunk, this.filled);
        this.filled += chunk.length;
    }

    /**
     * Decodes the next complete value into the schema's shape (or generically without one).
     * Returns undefined when more bytes are needed; nothing is consumed in that case. Throws
     * GobError: when error.fatal is false only that value was dropped and decoding can go on.
     */
    next<S extends Schema>(schema: S): {value: Infer<S>} | undefined;
    next(): {value: unknown} | undefined;
    next(schema?: Schema): {value: unknown} | undefined {
        return this.run(schema, false);
    }

    /** Skips the next complete value (Go's Decode(nil)). Returns false when more bytes are needed. */
    skip(): boolean {
        return this.run(undefined, true) !== undefined;
    }

    /** Call at end of input: throws if a partial message is left over. */
    end(): void {
        if (this.failure) {
            throw this.failure;
        }
        if (this.filled > this.start) {
            throw this.fail(new GobError('TRUNCATED', `stream ended inside a message (${this.filled - this.start} bytes left)`));
        }
    }

    private run(schema: Schema | undefined, skipOnly: boolean): {value: unknown} | undefined {
        if (this.failure) {
            throw new GobError('FAILED', `decoder stopped after an earlier error: ${this.failure.message}`);
        }
        const r = this.reader;
        if (this.awaiting >= 0) {
            if (!this.openMessage(this.start + this.awaiting)) {
                return undefined;
            }
            this.awaiting = -1;
        }
        if (this.rejected) {
            if (!this.resync()) {
                return undefined;
            }
            const err = this.rejected;
            this.rejected = null;
            throw err;
        }
        for (;;) {
            if (!this.openMessage(this.start)) {
                this.compactIfIdle();
                return undefined;
            }
            let id: number;
            try {
                id = r.int();
                if (id < 0) {
                    // A stand-alone type definition message.
                    this.receiveType(-id);
                    if (r.pos !== r.end) {
                        throw new GobError('BAD_DATA', 'extra data after type definition');
                    }
                    this.pendingTypes.length = 0;
                    this.start = r.end;
                    continue;
                }
            } catch (err) {
                throw this.fail(err);
            }
            this.pendingTypes.length = 0;
            this.ctx.items = 0;
            try {
                const value = skipOnly
                    ? decodeTopValue(this.ctx, id, this.plans.ignore(id), 0)
                    : decodeTopValue(this.ctx, id, this.plans.plan(id, schema), 0);
                // Whatever is left of the last message belongs to this value (Go drops it too).
                this.start = r.end;
                this.pendingTypes.length = 0;
                return {value};
            } catch (err) {
                if (err === NEED_MORE) {
                    this.rollback();
                    this.awaiting = this.needAt - this.start;
                    return undefined;
                }
                if (err instanceof GobError && !err.fatal) {
                    if (this.resync()) {
                        throw err;
                    }
                    this.rejected = err;
                    return undefined;
                }
                throw this.fail(err);
            }
        }
    }

    /**
     * After a rejected value, walks it by its wire types alone to reach the next value. Returns
     * false when the rest of the value has not arrived yet; the walk resumes on a later call.
     */
    private resync(): boolean {
        this.rollback();
        const r = this.reader;
        try {
            this.openMessage(this.start);
            const id = r.int();
            this.ctx.items = 0;
            decodeTopValue(this.ctx, id, this.plans.ignore(id), 0);
            this.start = r.end;
            this.pendingTypes.length = 0;
            return true;
        } catch (err) {
            if (err === NEED_MORE) {
                this.rollback();
                this.awaiting = this.needAt - this.start;
                return false;
            }
            throw this.fail(err);
        }
    }

    private rollback(): void {
        if (this.pendingTypes.length > 0) {
            for (const id of this.pendingTypes) {
                const wire = this.wireTypes.get(id);
                if (wire?.kind === 'struct') {
                    this.typeFields -= wire.fields.length;
                }
                this.wireTypes.delete(id);
            }
            this.pendingTypes.length = 0;
            this.plans.clear();
        }
    }

    /** Marks the stream as unusable and returns the (fatal) error to throw. */
    private fail(err: unknown): GobError {
        let e: GobError;
        if (err instanceof GobError) {
            e = err.fatal ? err : new GobError(err.code, err.message.replace(/^gob: /, ''));
        } else {
            e = new GobError('BAD_DATA', `internal decoder error: ${err instanceof Error ? err.message : String(err)}`);
            (e as Error & {cause?: unknown}).cause = err;
        }
        this.failure = e;
        return e;
    }

    /**
     * Points the reader at the message starting at `at` if it has fully arrived. Returns false
     * when more bytes are needed; throws when the length prefix is invalid or over the limit.
     */
    private openMessage(at: number): boolean {
        const d = this.data;
        if (at >= this.filled) {
            return false;
        }
        const b = d[at];
        let len: number;
        let p = at + 1;
        if (b < 0x80) {
            len = b;
        } else {
            const n = 256 - b;
            if (n > 8) {
                throw this.fail(new GobError('BAD_LENGTH', `invalid message length byte 0x${b.toString(16)}`));
            }
            if (p + n > this.filled) {
                return false;
            }
            len = 0;
            for (let i = 0; i < n; i++) {
                len = len * 256 + d[p++];
            }
        }
        if (len === 0 || len > this.limits.maxMessageBytes) {
            throw this.fail(new GobError(len === 0 ? 'BAD_LENGTH' : 'TOO_LARGE',
                len === 0 ? 'empty message' : `message of ${len} bytes exceeds the limit of ${this.limits.maxMessageBytes}`));
        }
        if (p + len > this.filled) {
            return false;
        }
        const r = this.reader;
        r.buf = d;
        r.pos = p;
        r.end = p + len;
        return true;
    }

    /**
     * Go's decodeTypeSequence for an interface value: type definitions, possibly each in its
     * own message (or preceded by a byte count inside the current one), then the concrete id.
     */
    private typeSequence(isInterface: boolean): number {
        const r = this.reader;
        for (;;) {
            if (r.pos >= r.end) {
                if (!this.openMessage(r.end)) {
                    this.needAt = r.end;
                    throw NEED_MORE;
                }
            }
            const id = r.int();
            if (id >= 0) {
                return id;
            }
            this.receiveType(-id);
            if (r.pos < r.end) {
                if (!isInterface) {
                    throw new GobError('BAD_DATA', 'extra data after type definition');
                }
                r.uint();
            }
        }
    }

    private receiveType(id: number): void {
        if (id < FIRST_USER_ID || id > MAX_TYPE_ID || this.wireTypes.has(id)) {
            throw new GobError('BAD_TYPE', `duplicate or reserved type id ${id}`);
        }
        if (this.wireTypes.size >= this.limits.maxTypes) {
            throw new GobError('TOO_LARGE', `more than ${this.limits.maxTypes} type definitions`);
        }
        const wire = readWireType(this.reader, this.limits.maxTypeFields - this.typeFields);
        if (wire.kind === 'struct') {
            this.typeFields += wire.fields.length;
        }
        this.wireTypes.set(id, wire);
        this.pendingTypes.push(id);
    }

    private compactIfIdle(): void {
        if (this.start === this.filled && (this.reader.lent || this.data.length > 1 << 20)) {
            this.data = Buffer.alloc(0);
            this.reader.buf = this.data;
            this.reader.lent = false;
            this.start = 0;
            this.filled = 0;
        }
    }

    /**
     * Size (length prefix included) of the message at `start`, when its prefix has arrived
     * (in the buffer, or in `chunk` when nothing is buffered) and is within the limit; else -1.
     */
    private pendingMessageBytes(chunk: Uint8Array): number {
        const live = this.filled - this.start;
        const buf = live > 0 ? this.data : chunk;
        const at = live > 0 ? this.start : 0;
        const end = live > 0 ? this.filled : chunk.length;
        if (at >= end) {
            return -1;
        }
        const b = buf[at];
        if (b < 0x80) {
            return 1 + b;
        }
        const n = 256 - b;
        if (n > 8 || at + 1 + n > end) {
            return -1;
        }
        let len = 0;
        for (let i = 1; i <= n; i++) {
            len = len * 256 + buf[at + i];
        }
        return len <= this.limits.maxMessageBytes ? 1 + n + len : -1;
    }
}
