/**
 * A growable byte buffer with gob's primitive encodings: unsigned integers in the
 * count-prefixed big-endian form, signed integers folded into unsigned, floats byte-reversed.
 */
const TWO_52 = 2 ** 52;

export class ByteWriter {
    buf: Buffer;
    len = 0;
    private readonly scratch = new DataView(new ArrayBuffer(8));

    constructor(initial = 256) {
        this.buf = Buffer.allocUnsafe(initial);
    }

    reset(): void {
        this.len = 0;
    }

    bytes(): Uint8Array {
        return this.buf.subarray(0, this.len);
    }

    private grow(extra: number): void {
        const need = this.len + extra;
        if (need <= this.buf.length) {
            return;
        }
        const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
        this.buf.copy(next, 0, 0, this.len);
        this.buf = next;
    }

    byte(b: number): void {
        if (this.len >= this.buf.length) {
            this.grow(1);
        }
        this.buf[this.len++] = b;
    }

    /** Unsigned integer from a non-negative safe integer or bigint. */
    uint(v: number | bigint): void {
        if (typeof v === 'bigint') {
            this.uintBig(v);
            return;
        }
        if (v < 0x80) {
            this.byte(v);
            return;
        }
        let n: number;
        if (v < 0x100) n = 1;
        else if (v < 0x10000) n = 2;
        else if (v < 0x1000000) n = 3;
        else if (v < 0x100000000) n = 4;
        else if (v < 0x10000000000) n = 5;
        else if (v < 0x1000000000000) n = 6;
        else {
            this.uintBig(BigInt(v));
            return;
        }
        this.grow(n + 1);
        const b = this.buf;
        b[this.len++] = 256 - n;
        for (let i = n - 1; i >= 0; i--) {
            b[this.len + i] = v % 256;
            v = Math.floor(v / 256);
        }
        this.len += n;
    }

    private uintBig(v: bigint): void {
        let n = 0;
        for (let t = v; t > 0n; t >>= 8n) {
            n++;
        }
        if (n <= 1 && v < 0x80n) {
            this.byte(Number(v));
            return;
        }
        this.grow(n + 1);
        this.buf[this.len++] = 256 - n;
        for (let i = n - 1; i >= 0; i--) {
            this.buf[this.len + i] = Number(v & 0xffn);
            v >>= 8n;
        }
        this.len += n;
    }

    /** Signed integer: the value shifted left one bit, complemented when negative. */
    int(v: number | bigint): void {
        if (typeof v === 'number' && v < TWO_52 && v > -TWO_52) {
            this.uint(v < 0 ? (-v - 1) * 2 + 1 : v * 2);
            return;
        }
        const b = BigInt(v);
        this.uintBig(b < 0n ? ((-b - 1n) << 1n) | 1n : b << 1n);
    }

    float(f: number): void {
        const view = this.scratch;
        view.setFloat64(0, f, true);
        let i = 0;
        while (i < 8 && view.getUint8(i) === 0) {
            i++;
        }
        const n = 8 - i;
        if (n === 0) {
            this.byte(0);
            return;
        }
        if (n === 1 && view.getUint8(7) < 0x80) {
            this.byte(view.getUint8(7));
            return;
        }
        this.grow(n + 1);
        this.buf[this.len++] = 256 - n;
        for (; i < 8; i++) {
            this.buf[this.len++] = view.getUint8(i);
        }
    }

    raw(data: Uint8Array): void {
        this.grow(data.length);
        this.buf.set(data, this.len);
        this.len += data.length;
    }

    /** Length-prefixed bytes. */
    lengthPrefixed(data: Uint8Array): void {
        this.uint(data.length);
        this.raw(data);
    }

    string(s: string): void {
        if (s.length < 64) {
            // ASCII fast path: write directly, fall back when a wide char shows up.
            let ascii = true;
            for (let i = 0; i < s.length; i++) {
                if (s.charCodeAt(i) >= 0x80) {
                    ascii = false;
                    break;
                }
            }
            if (ascii) {
                this.uint(s.length);
                this.grow(s.length);
                for (let i = 0; i < s.length; i++) {
                    this.buf[this.len++] = s.charCodeAt(i);
                }
                return;
            }
        }
        const n = Buffer.byteLength(s, 'utf8');
        this.uint(n);
        this.grow(n);
        this.len += this.buf.write(s, this.len, n, 'utf8');
    }
}
