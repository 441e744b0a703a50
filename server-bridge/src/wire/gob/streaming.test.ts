import {GobDecoder, GobError, createDefaultRegistry, encodeToBytes, g, goInterface, type GoTime, type Schema} from './index';
import {marshalGoTime, unmarshalGoTime} from './time';

// A struct whose interface field holds a type first defined inside the value: Go (and this
// encoder) flush the value's first part as its own message there, so the value spans messages.
const Inner = g.struct('Inner', {A: g.string()});
const registry = createDefaultRegistry().registerInterface('main.Inner', Inner);

function splitValueStream(head: Schema, headValue: unknown): Buffer {
    const Outer = g.struct('Outer', {Head: head, Any: g.iface()});
    return Buffer.from(encodeToBytes([
        [Outer, {Head: headValue, Any: goInterface('main.Inner', {A: 'x'})}],
        [g.string(), 'after'],
    ], {registry}));
}

test('skip() drops exactly one value', () => {
    const dec = new GobDecoder({registry});
    dec.push(splitValueStream(g.string(), 'h'));
    expect(dec.skip()).toBe(true);
    expect(dec.next(g.string())).toEqual({value: 'after'});
    expect(dec.skip()).toBe(false);
});

test('a value split across messages is decoded once, not again for every byte that trickles in', () => {
    let decodes = 0;
    const countingTime = g.gobEncoder<GoTime>({
        goName: 'time.Time', wire: 'GobEncoder', encode: marshalGoTime, isZero: () => false,
        zero: () => ({sec: 0, nsec: 0, offset: null}),
        decode: (b) => {
            decodes++;
            return unmarshalGoTime(b);
        },
    });
    const bytes = splitValueStream(countingTime, {sec: 1, nsec: 2, offset: null});
    const Outer = g.struct('Outer', {Head: countingTime, Any: g.iface()});
    const dec = new GobDecoder({registry});
    const got: unknown[] = [];
    for (const b of bytes) {
        dec.push(Uint8Array.of(b));
        const r = got.length === 0 ? dec.next(Outer) : dec.next(g.string());
        if (r) got.push(r.value);
    }
    expect(got).toEqual([{Head: {sec: 1, nsec: 2, offset: null}, Any: {type: 'main.Inner', value: {A: 'x'}}}, 'after']);
    // one attempt when the first message completed, one when the rest arrived
    expect(decodes).toBe(2);
});

test('a value rejected before all its messages arrived is reported once complete, and decoding goes on', () => {
    const bytes = splitValueStream(g.string(), 'h');
    const Wrong = g.struct('Outer', {Head: g.int(), Any: g.iface()});
    const dec = new GobDecoder({registry});
    const events: unknown[] = [];
    for (const b of bytes) {
        dec.push(Uint8Array.of(b));
        try {
            const r = events.length === 0 ? dec.next(Wrong) : dec.next(g.string());
            if (r) events.push(r.value);
        } catch (err) {
            expect(err).toBeInstanceOf(GobError);
            events.push((err as GobError).code);
        }
    }
    expect(events).toEqual(['TYPE_MISMATCH', 'after']);
});

test('large byte values stay intact while later input reuses or replaces the receive buffer', () => {
    const Rec = g.struct('Rec', {Key: g.string(), Value: g.bytes()});
    const big = (seed: number, n: number) => Uint8Array.from({length: n}, (_, i) => (i * 31 + seed) & 0xff);
    const values = [big(1, 300_000), big(2, 100), big(3, 70_000), big(4, 1_000_000)];
    const stream = Buffer.from(encodeToBytes(values.map((v, i) => [Rec, {Key: `k${i}`, Value: v}] as [Schema, unknown])));
    for (const piece of [1000, 65_536, stream.length]) {
        const dec = new GobDecoder();
        const got: Array<{Key: string; Value: Uint8Array}> = [];
        for (let off = 0; off < stream.length; off += piece) {
            dec.push(stream.subarray(off, off + piece));
            for (let r = dec.next(Rec); r; r = dec.next(Rec)) {
                got.push(r.value);
            }
        }
        expect(got.map((r) => r.Key)).toEqual(['k0', 'k1', 'k2', 'k3']);
        got.forEach((r, i) => expect(Buffer.from(r.Value).equals(Buffer.from(values[i]))).toBe(true));
        expect(dec.bufferedBytes).toBe(0);
    }
});
