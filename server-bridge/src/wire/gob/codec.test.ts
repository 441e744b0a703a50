import {
    GobDecoder, GobEncoder, GobError, createDefaultRegistry, decodeAllFromBytes, encodeToBytes, g, goInterface,
    goTimeSchema, type Schema,
} from './index';

const Point = g.struct('Point', {X: g.int(), Y: g.int()});

function hex(bytes: Uint8Array): string {
    return Buffer.from(bytes).toString('hex');
}

function encodeAll(...items: Array<[Schema, unknown]>): Buffer {
    return Buffer.from(encodeToBytes(items));
}

describe('encoder output', () => {
    test('matches the worked example in Go encoding/gob documentation byte for byte', () => {
        const bytes = encodeAll([Point, {X: 22, Y: 33}], [Point, {X: 22, Y: 33}]);
        expect(hex(bytes)).toBe(
            '1fff810301010550 6f696e7401ff8200 0102010158010400 0101590104000000 07ff82012c014200 07ff82012c014200'.replace(/ /g, ''),
        );
    });

    test('omits zero fields and terminates structs with a zero delta', () => {
        const bytes = encodeAll([Point, {X: 0, Y: 5}]);
        // after the 31-byte type definition: length 5, type id 65, delta 2 to field Y, 10, end
        expect(hex(bytes.subarray(32))).toBe('05ff82020a00');
    });

    test('sends top-level non-struct values as a singleton after a zero delta', () => {
        expect(hex(encodeAll([g.int(), 0]))).toBe('03040000');
        expect(hex(encodeAll([g.string(), 'hi']))).toBe('050c00026869');
    });

    test('encodes integers and floats in gob form', () => {
        // 256 as an unsigned count: FE 01 00; -129 signed: FE 01 01; 17.0: FE 31 40
        expect(hex(encodeAll([g.uint(), 256]))).toBe('050600fe0100');
        expect(hex(encodeAll([g.int(), -129]))).toBe('050400fe0101');
        expect(hex(encodeAll([g.float64(), 17]))).toBe('050800fe3140');
    });

    test('rejects values that do not fit the schema, naming the field, and stays usable', () => {
        const chunks: Uint8Array[] = [];
        const enc = new GobEncoder((b) => chunks.push(b));
        const Small = g.struct('Small', {A: g.int8(), S: g.string()});
        expect(() => enc.encode(Small, {A: 300, S: 'x'})).toThrow(/int8: 300 out of range in field Small.A/);
        expect(() => enc.encode(Small, {A: 1, S: 5 as unknown as string})).toThrow(GobError);
        expect(() => enc.encode(g.iface(), goInterface('main.Unknown', 1))).toThrow(/not registered/);
        expect(chunks).toHaveLength(0);
        enc.encode(Small, {A: 1, S: 'ok'});
        expect(decodeAllFromBytes(Buffer.concat(chunks), [Small])).toEqual([{A: 1, S: 'ok'}]);
    });

    test('refuses cyclic values instead of overflowing the stack', () => {
        const Node: Schema = g.struct('Node', () => ({Next: g.ptr(Node)}));
        const a: Record<string, unknown> = {};
        a.Next = a;
        expect(() => encodeToBytes([[Node, a]])).toThrow(/nested deeper/);
    });
});

describe('decoder', () => {
    const Rec = g.struct('Rec', {
        N: g.int64(), S: g.string(), L: g.slice(g.string()), M: g.map(g.string(), g.iface()), T: goTimeSchema, P: g.ptr(Point),
    });
    const value = {
        N: 2n ** 60n, S: 'snowman ☃', L: ['a', 'b'], M: new Map([['k', goInterface('float64', 1.25)]]),
        T: {sec: 1700000000, nsec: 5, offset: 3600}, P: {X: -1, Y: 2},
    };

    test('round-trips a value through one stream byte by byte (values split across pushes)', () => {
        const bytes = encodeAll([Rec, value], [Rec, value], [g.string(), 'tail']);
        const dec = new GobDecoder();
        const got: unknown[] = [];
        for (const b of bytes) {
            dec.push(Uint8Array.of(b));
            const r = got.length < 2 ? dec.next(Rec) : dec.next(g.string());
            if (r) {
                got.push(r.value);
            }
        }
        dec.end();
        expect(got).toEqual([value, value, 'tail']);
    });

    test('returns undefined and consumes nothing until a value is complete', () => {
        const bytes = encodeAll([Point, {X: 1, Y: 2}]);
        const dec = new GobDecoder();
        dec.push(bytes.subarray(0, bytes.length - 1));
        expect(dec.next(Point)).toBeUndefined();
        dec.push(bytes.subarray(bytes.length - 1));
        expect(dec.next(Point)).toEqual({value: {X: 1, Y: 2}});
        expect(dec.bufferedBytes).toBe(0);
    });

    test('drops a value that does not fit the schema and carries on with the next one', () => {
        const bytes = encodeAll([Point, {X: 1, Y: 2}], [g.string(), 'next']);
        const dec = new GobDecoder();
        dec.push(bytes);
        let err: unknown;
        try {
            dec.next(g.struct('Other', {X: g.string()}));
        } catch (e) {
            err = e;
        }
        expect(err).toBeInstanceOf(GobError);
        expect((err as GobError).code).toBe('TYPE_MISMATCH');
        expect((err as GobError).fatal).toBe(false);
        expect(dec.next(g.string())).toEqual({value: 'next'});
    });

    test('range-checks small integer schemas like Go does', () => {
        const dec = new GobDecoder();
        dec.push(encodeAll([g.int(), 200]));
        expect(() => dec.next(g.int8())).toThrow(expect.objectContaining({code: 'RANGE', fatal: false}));
    });

    test('decodes interface values of unregistered names generically', () => {
        const reg = createDefaultRegistry().registerInterface('main.Point', Point);
        const bytes = encodeToBytes([[g.iface(), goInterface('main.Point', {X: 3, Y: 4})]], {registry: reg});
        expect(decodeAllFromBytes(bytes, [g.iface()])).toEqual([{type: 'main.Point', value: {X: 3, Y: 4}}]);
    });

    test('keeps 64-bit integers exact: number while safe, bigint beyond', () => {
        const bytes = encodeAll([g.slice(g.int64()), [2 ** 53 - 1, -(2 ** 53) + 1, 2n ** 53n, -(2n ** 63n)]]);
        expect(decodeAllFromBytes(bytes, [g.slice(g.int64())])).toEqual([[2 ** 53 - 1, -(2 ** 53) + 1, 2n ** 53n, -(2n ** 63n)]]);
    });
});

describe('decoder limits and malformed input', () => {
    function firstError(bytes: Uint8Array, options?: ConstructorParameters<typeof GobDecoder>[0], schema?: Schema): GobError {
        const dec = new GobDecoder(options);
        dec.push(bytes);
        try {
            for (let i = 0; i < 100; i++) {
                const r = schema ? dec.next(schema) : dec.next();
                if (!r) break;
            }
            dec.end();
        } catch (e) {
            expect(e).toBeInstanceOf(GobError);
            return e as GobError;
        }
        throw new Error('no error');
    }

    test('rejects a message over the size limit from its length prefix alone', () => {
        const e = firstError(Uint8Array.of(0xfc, 0x10, 0, 0, 0), {limits: {maxMessageBytes: 1024}});
        expect(e.code).toBe('TOO_LARGE');
    });

    test('rejects string lengths beyond the message before allocating', () => {
        // message of 8 bytes: type id 6 (string), singleton delta, then a string claiming 2^32 bytes
        const e = firstError(Uint8Array.of(0x08, 0x0c, 0x00, 0xfb, 0x01, 0, 0, 0, 0));
        expect(e.code).toBe('BAD_LENGTH');
    });

    test('rejects slice counts the message cannot hold', () => {
        const bytes = encodeAll([g.slice(g.int()), [1, 2, 3]]);
        const forged = Buffer.from(bytes);
        const countAt = forged.length - 4; // count byte precedes the three one-byte elements
        expect(forged[countAt]).toBe(3);
        forged[countAt] = 100;
        expect(firstError(forged, undefined, g.slice(g.int())).code).toBe('BAD_LENGTH');
    });

    test('bounds nesting depth', () => {
        const Deep: Schema = g.struct('Deep', () => ({D: g.ptr(Deep)}));
        let v: unknown = null;
        for (let i = 0; i < 30; i++) v = {D: v};
        const bytes = encodeToBytes([[Deep, v]]);
        expect(firstError(bytes, {limits: {maxDepth: 10}}, Deep).code).toBe('TOO_DEEP');
        expect(firstError(bytes, {limits: {maxDepth: 10}}).code).toBe('TOO_DEEP');
    });

    test('bounds the number of type definitions per stream', () => {
        const items: Array<[Schema, unknown]> = [];
        for (let i = 0; i < 5; i++) items.push([g.struct(`T${i}`, {A: g.int()}), {A: i}]);
        expect(firstError(encodeAll(...items), {limits: {maxTypes: 3}}).code).toBe('TOO_LARGE');
    });

    test('bounds the values one decoded value may produce', () => {
        const bytes = encodeAll([g.slice(g.int()), Array.from({length: 1000}, (_, i) => i)]);
        expect(firstError(bytes, {limits: {maxValueItems: 100}}).code).toBe('TOO_LARGE');
    });

    test('reports a truncated stream at end()', () => {
        const bytes = encodeAll([Point, {X: 1, Y: 2}]);
        expect(firstError(bytes.subarray(0, bytes.length - 2)).code).toBe('TRUNCATED');
    });

    test('rejects duplicate and reserved type ids', () => {
        const def = encodeAll([Point, {X: 1, Y: 2}]).subarray(0, 32);
        expect(firstError(Buffer.concat([def, def])).code).toBe('BAD_TYPE');
        // a one-byte message defining type 17, which Go reserves for its own descriptions
        expect(firstError(Uint8Array.of(0x01, 0x21)).code).toBe('BAD_TYPE');
    });

    test('a failed decoder keeps failing with FAILED rather than reading garbage', () => {
        const dec = new GobDecoder({limits: {maxMessageBytes: 16}});
        dec.push(Uint8Array.of(0x7f));
        expect(() => dec.next()).toThrow(expect.objectContaining({code: 'TOO_LARGE', fatal: true}));
        expect(() => dec.next()).toThrow(expect.objectContaining({code: 'FAILED'}));
    });
});
