/**
 * Reads gob primitives from one message at a time. The readable window is [pos, end): end is
 * the end of the current message, never of the whole buffer, so no read can run past the
 * message it belongs to; every length is checked against that window before use.
 */
import {GobError} from './errors';

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const TWO_52 = 2 ** 52;

function endOfMessage(): GobError {
    return new GobError('BAD_DATA', 'unexpected end of message');
}

export class MessageReader {
    buf: Buffer = Buffer.alloc(0);
    pos = 0;
    end = 0;
    private readonly scratch = new DataView(new ArrayBuffer(8));

    get remaining(): number {
        return this.end - this.pos;
    }

    /** An unsigned integer that must fit in a JavaScript number (lengths, counts, deltas). */
    uint(): number {
        if (this.pos >= this.end) {
            throw endOfMessage();
        }
        const b = this.buf[this.pos++];
        if (b < 0x80) {
            return b;
        }
        const n = 256 - b;
        if (n > 8) {
            throw new GobError('BAD_DATA', `invalid uint length byte 0x${b.toString(16)}`);
        }
        if (this.end - this.pos < n) {
            throw new GobError('BAD_DATA', `invalid uint data length ${n}: exceeds input size ${this.end - this.pos}`);
        }
        if (n <= 6) {
            let x = 0;
            for (let i = 0; i < n; i++) {
                x = x * 256 + this.buf[this.pos++];
            }
            return x;
        }
        const big = this.readBig(n);
        if (big > MAX_SAFE_BIG) {
            throw new GobError('BAD_LENGTH', `count ${big} out of range`);
        }
        return Number(big);
    }

    /** A full 64-bit unsigned value: a number while it is a safe integer, a bigint beyond. */
    uint64(): number | bigint {
        const b = this.pos < this.end ? this.buf[this.pos] : 0;
        if (b < 0x80 || 256 - b <= 6) {
            return this.uint();
        }
        this.pos++;
        const n = 256 - b;
        if (n > 8) {
            throw new GobError('BAD_DATA', `invalid uint length byte 0x${b.toString(16)}`);
        }
        if (this.end - this.pos < n) {
            throw new GobError('BAD_DATA', `invalid uint data length ${n}: exceeds input size ${this.end - this.pos}`);
        }
        const big = this.readBig(n);
        return big <= MAX_SAFE_BIG ? Number(big) : big;
    }

    /** A signed 64-bit value, number while safe, bigint beyond. */
    int64(): number | bigint {
        const u = this.uint64();
        if (typeof u === 'number') {
            // u <= 2^53 here, so halving is exact.
            return u % 2 === 1 ? -(u + 1) / 2 : u / 2;
        }
        const i = (u & 1n) === 1n ? ~(u >> 1n) : u >> 1n;
        return i <= MAX_SAFE_BIG && i >= -MAX_SAFE_BIG ? Number(i) : i;
    }

    /** A signed value that must be a safe integer (type ids). */
    int(): number {
        const v = this.int64();
        if (typeof v === 'bigint') {
            throw new GobError('BAD_DATA', `integer ${v} out of range`);
        }
        return v;
    }

    float(): number {
        const u0 = this.pos < this.end ? this.buf[this.pos] : 0;
        const view = this.scratch;
        view.setFloat64(0, 0);
        if (u0 < 0x80) {
            this.uint();
            view.setUint8(7, u0);
        } else {
            const n = 256 - u0;
            if (n > 8) {
                throw new GobError('BAD_DATA', `invalid float length byte 0x${u0.toString(16)}`);
            }
            this.pos++;
            if (this.end - this.pos < n) {
                throw endOfMessage();
            }
            // The wire holds the float's bytes reversed (little-endian order) with leading zeros dropped.
            for (let i = 0; i < n; i++) {
                view.setUint8(8 - n + i, this.buf[this.pos++]);
            }
        }
        return view.getFloat64(0, true);
    }

    /**
     * Byte fields of at least this many bytes that fill most of `buf` are handed out as views
     * of it instead of copies (see `lent`); off by default, since `buf` may be the caller's.
     */
    lendFrom = Infinity;
    /** Set once bytes() returned a view of `buf`: its owner must never write into `buf` again. */
    lent = false;

    /** Bytes of a length-prefixed field, owned by the caller (a copy, or a view of a lent buffer). */
    bytes(n: number): Uint8Array {
        if (n > this.end - this.pos) {
            throw new GobError('BAD_LENGTH', `byte length ${n} exceeds input size ${this.end - this.pos}`);
        }
        if (n >= this.lendFrom && n * 2 >= this.buf.length) {
            // A large value (a KV record): a second copy of it would only be garbage for malloc.
            const view = new Uint8Array(this.buf.buffer, this.buf.byteOffset + this.pos, n);
            this.pos += n;
            this.lent = true;
            return view;
        }
        const out = new Uint8Array(n);
        out.set(this.buf.subarray(this.pos, this.pos + n));
        this.pos += n;
        return out;
    }

    string(n: number): string {
        if (n > this.end - this.pos) {
            throw new GobError('BAD_LENGTH', `string length ${n} exceeds input size ${this.end - this.pos}`);
        }
        const start = this.pos;
        this.pos += n;
        if (n < 24) {
            // Short ASCII strings are the common case (ids, keys); skip the native call.
            let s = '';
            for (let i = start; i < start + n; i++) {
                const c = this.buf[i];
                if (c >= 0x80) {
                    return this.buf.toString('utf8', start, start + n);
                }
                s += String.fromCharCode(c);
            }
            return s;
        }
        return this.buf.toString('utf8', start, start + n);
    }

    /**
     * Go's walk over a struct's fields: reads the next delta and returns the field number it
     * leads to from `field`, or -1 at the end of the struct (a zero delta or, as Go allows, the
     * end of the message). A field number of `count` or beyond is malformed input.
     */
    nextField(field: number, count: number): number {
        if (this.pos >= this.end) {
            return -1;
        }
        const delta = this.uint();
        if (delta === 0) {
            return -1;
        }
        const next = field + delta;
        if (next >= count) {
            throw new GobError('BAD_DATA', 'field number out of bounds');
        }
        return next;
    }

    skip(n: number): void {
        if (n > this.end - this.pos) {
            throw new GobError('BAD_LENGTH', `length ${n} exceeds input size ${this.end - this.pos}`);
        }
        this.pos += n;
    }

    private readBig(n: number): bigint {
        let x = 0n;
        for (let i = 0; i < n; i++) {
            x = (x << 8n) | BigInt(this.buf[this.pos++]);
        }
        return x;
    }
}

export const SAFE_INT_LIMIT = TWO_52;
