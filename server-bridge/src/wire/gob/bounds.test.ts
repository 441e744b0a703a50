/**
 * Hostile streams built by hand, one per bound: each would make the decoder loop without end,
 * allocate out of proportion to its input, or overflow the stack if that bound were missing.
 */
import {GobDecoder, GobError, g, type Schema} from './index';
import {T_INT} from './wire-types';
import {writeWireType, type WireType} from './wire-types';
import {ByteWriter} from './writer';

/** One length-prefixed gob message whose body `fill` writes. */
function message(fill: (w: ByteWriter) => void): Buffer {
    const body = new ByteWriter();
    fill(body);
    const out = new ByteWriter();
    out.lengthPrefixed(body.bytes());
    return Buffer.from(out.bytes());
}

function typeDef(id: number, wire: WireType): Buffer {
    return message((w) => writeWireType(w, id, wire));
}

function decodeError(bytes: Buffer, schema?: Schema, limits?: ConstructorParameters<typeof GobDecoder>[0]): GobError {
    const dec = new GobDecoder(limits);
    dec.push(bytes);
    try {
        const r = schema ? dec.next(schema) : dec.next();
        throw new Error(`decoded without error: ${JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))?.slice(0, 200)}`);
    } catch (err) {
        if (!(err instanceof GobError)) {
            throw err;
        }
        // An internal error (a JavaScript exception the decoder wrapped) is a bug, not a bound.
        expect((err as Error & {cause?: unknown}).cause).toBeUndefined();
        return err;
    }
}

// struct{} (65), map[struct{}]struct{} (66), struct{M map[...]...} (67): every key and element
// of such a map takes one byte in Go's encoding, but a decoder that does not check could read
// them from nothing once the message is used up.
const emptyStructMaps = Buffer.concat([
    typeDef(65, {kind: 'struct', name: 'E', fields: []}),
    typeDef(66, {kind: 'map', name: 'map[main.E]main.E', key: 65, elem: 65}),
    typeDef(67, {kind: 'struct', name: 'Outer', fields: [{name: 'M', id: 66}]}),
]);

function mapValue(count: number | bigint): Buffer {
    return message((w) => {
        w.int(67);
        w.uint(1); // field M
        w.uint(count); // ...and nothing after the count
    });
}

describe('map entry counts', () => {
    test('a skipped map claiming 2^25 entries with no bytes left ends at once instead of looping', () => {
        const bytes = Buffer.concat([emptyStructMaps, mapValue(2 ** 25)]);
        const err = decodeError(bytes, g.struct('Outer', {Other: g.string()}));
        expect(err.code).toBe('BAD_LENGTH');
    });

    test('a decoded map cannot produce entries the message does not hold', () => {
        const E = g.struct('E', {});
        const bytes = Buffer.concat([emptyStructMaps, mapValue(1000)]);
        expect(decodeError(bytes, g.struct('Outer', {M: g.map(E, E)})).code).toBe('BAD_LENGTH');
        expect(decodeError(bytes).code).toBe('BAD_LENGTH');
    });

    test('a map whose entries are all present still decodes', () => {
        const E = g.struct('E', {});
        const bytes = Buffer.concat([emptyStructMaps, message((w) => {
            w.int(67);
            w.uint(1);
            w.uint(1);
            w.uint(0); // the key: an empty struct
            w.uint(0); // the element
            w.uint(0); // end of Outer
        })]);
        const dec = new GobDecoder();
        dec.push(bytes);
        const got = dec.next(g.struct('Outer', {M: g.map(E, E)}));
        expect(got?.value.M?.size).toBe(1);
    });
});

describe('type table', () => {
    const fieldsType = (n: number): WireType => ({
        kind: 'struct', name: 'Wide', fields: Array.from({length: n}, (_, i) => ({name: `F${i}`, id: T_INT})),
    });

    test('the fields of all definitions on a stream are bounded, not just their count', () => {
        const bytes = Buffer.concat([typeDef(65, fieldsType(600)), typeDef(66, fieldsType(600))]);
        const err = decodeError(bytes, undefined, {limits: {maxTypeFields: 1000}});
        expect(err.code).toBe('TOO_LARGE');
        expect(err.fatal).toBe(true);
    });

    test('definitions within the field budget are accepted', () => {
        const bytes = Buffer.concat([typeDef(65, fieldsType(400)), typeDef(66, fieldsType(400)), message((w) => {
            w.int(66);
            w.uint(1);
            w.int(7);
            w.uint(0);
        })]);
        const dec = new GobDecoder({limits: {maxTypeFields: 1000}});
        dec.push(bytes);
        expect((dec.next()?.value as Record<string, unknown>).F0).toBe(7);
    });

    test('a chain of thousands of nested types is refused with TOO_DEEP, not a stack overflow', () => {
        const n = 20_000;
        const defs: Buffer[] = [];
        for (let i = 0; i < n; i++) {
            const id = 65 + i;
            defs.push(typeDef(id, {kind: 'slice', name: '', elem: i === n - 1 ? T_INT : id + 1}));
        }
        const value = message((w) => {
            w.int(65);
            w.uint(0);
            w.uint(0); // an empty outermost slice: the value itself is shallow
        });
        const bytes = Buffer.concat([...defs, value]);
        const opts = {limits: {maxTypes: n + 10, maxTypeFields: 10}};
        expect(decodeError(bytes, undefined, opts).code).toBe('TOO_DEEP');
        expect(decodeError(bytes, g.slice(g.any()), opts).code).toBe('TOO_DEEP');
    });
});
