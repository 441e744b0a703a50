/**
 * Turns (wire type id, schema) pairs into decoding functions, once per pair per stream, the
 * way Go compiles decoder engines. Without a schema the wire type alone drives a generic
 * decode; fields a schema lacks are skipped by walking their wire type.
 */
import {GobError} from './errors';
import type {GobLimits} from './limits';
import type {MessageReader} from './reader';
import type {GobRegistry} from './registry';
import {goTypeName, type GobEncoderSchema, type Schema, type StructSchema} from './schema';
import {
    T_BOOL, T_BYTES, T_COMPLEX, T_FLOAT, T_INT, T_INTERFACE, T_STRING, T_UINT,
    describeWireId, isBasicId, type WireType,
} from './wire-types';

export interface DecodeContext {
    readonly r: MessageReader;
    readonly limits: GobLimits;
    readonly registry: GobRegistry;
    /** Values produced so far for the current top-level value (bounded by limits.maxValueItems). */
    items: number;
    /** Reads an interface's type sequence, loading further messages if Go split them there. */
    interfaceTypeSequence(): number;
    readonly plans: DecodePlans;
}

export type DecodeFn = (ctx: DecodeContext, depth: number) => unknown;
type ZeroFn = () => unknown;

const GENERIC: unique symbol = Symbol('generic');
const IGNORE: unique symbol = Symbol('ignore');
type PlanKey = Schema | typeof GENERIC | typeof IGNORE;

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

function mismatch(msg: string): GobError {
    return new GobError('TYPE_MISMATCH', msg, false);
}

function tooDeep(ctx: DecodeContext): GobError {
    return new GobError('TOO_DEEP', `value nested deeper than ${ctx.limits.maxDepth}`);
}

function countItems(ctx: DecodeContext, n: number): void {
    ctx.items += n;
    if (ctx.items > ctx.limits.maxValueItems) {
        throw new GobError('TOO_LARGE', `value has more than ${ctx.limits.maxValueItems} items`);
    }
}

function isExported(name: string): boolean {
    return /^\p{Lu}/u.test(name);
}

function intRange(bits: number, unsigned: boolean): [bigint, bigint] {
    if (unsigned) {
        return [0n, (1n << BigInt(bits)) - 1n];
    }
    return [-(1n << BigInt(bits - 1)), (1n << BigInt(bits - 1)) - 1n];
}

function checkedInt(read: (ctx: DecodeContext) => number | bigint, bits: number, unsigned: boolean, what: string): DecodeFn {
    if (bits === 64) {
        return (ctx) => read(ctx);
    }
    const [lo, hi] = intRange(bits, unsigned);
    const min = Number(lo);
    const max = Number(hi);
    return (ctx) => {
        const v = read(ctx);
        if (typeof v === 'bigint' || v < min || v > max) {
            throw new GobError('RANGE', `value ${v} out of range for ${what}`, false);
        }
        return v;
    };
}

const MAX_FLOAT32 = 3.4028234663852886e38;

function readComplex(ctx: DecodeContext, bits: number): {real: number; imag: number} {
    const real = ctx.r.float();
    const imag = ctx.r.float();
    if (bits === 64) {
        for (const part of [real, imag]) {
            const a = Math.abs(part);
            if (a > MAX_FLOAT32 && a !== Infinity) {
                throw new GobError('RANGE', `value ${part} out of range for complex64`, false);
            }
        }
    }
    return {real, imag};
}

function readLength(ctx: DecodeContext, what: string): number {
    const n = ctx.r.uint();
    if (n > ctx.r.remaining) {
        throw new GobError('BAD_LENGTH', `${what} length ${n} exceeds input size ${ctx.r.remaining}`);
    }
    return n;
}

const readBytes: DecodeFn = (ctx) => ctx.r.bytes(readLength(ctx, 'byte slice'));
const readString: DecodeFn = (ctx) => ctx.r.string(readLength(ctx, 'string'));
const readBool: DecodeFn = (ctx) => {
    const v = ctx.r.uint();
    if (v > 1) {
        throw new GobError('BAD_DATA', `invalid bool ${v}`);
    }
    return v === 1;
};
const readInt64: DecodeFn = (ctx) => ctx.r.int64();
const readUint64: DecodeFn = (ctx) => ctx.r.uint64();
const readFloat64: DecodeFn = (ctx) => ctx.r.float();
const readFloat32: DecodeFn = (ctx) => {
    const v = ctx.r.float();
    const a = Math.abs(v);
    if (a > MAX_FLOAT32 && a !== Infinity) {
        throw new GobError('RANGE', `value ${v} out of range for float32`, false);
    }
    return v;
};

/** Go's zero value for a schema, used for struct fields the wire omitted. */
function zeroFor(schema: Schema, registry: GobRegistry, seen = new Set<Schema>()): ZeroFn | {value: unknown} {
    switch (schema.kind) {
    case 'bool': return {value: false};
    case 'int': case 'uint': case 'float': return {value: 0};
    case 'complex': return () => ({real: 0, imag: 0});
    case 'string': return {value: ''};
    case 'bytes': return () => new Uint8Array(0);
    case 'slice': return () => [];
    case 'map': case 'ptr': case 'interface': case 'any': return {value: null};
    case 'gobEncoder': return () => schema.zero();
    case 'ref': return zeroFor(registry.resolve(schema.name), registry, seen);
    case 'array': {
        const elem = zeroFor(schema.elem, registry, seen);
        const len = schema.len;
        return () => Array.from({length: len}, () => (typeof elem === 'function' ? elem() : elem.value));
    }
    case 'struct': {
        if (seen.has(schema)) {
            throw new GobError('BAD_VALUE', `schema ${schema.goName} contains itself without a pointer`, false);
        }
        seen.add(schema);
        const make = structZeroMaker(schema, registry, seen);
        seen.delete(schema);
        return make;
    }
    }
}

function structZeroMaker(schema: StructSchema, registry: GobRegistry, seen: Set<Schema>): () => Record<string, unknown> {
    const zeros = schema.fields.map(([name, type]) => [name, zeroFor(type, registry, seen)] as const);
    return () => {
        const o: Record<string, unknown> = {};
        for (const [name, z] of zeros) {
            o[name] = typeof z === 'function' ? z() : z.value;
        }
        return o;
    };
}

interface Cell {
    fn: DecodeFn | null;
}

export class DecodePlans {
    private readonly cache = new Map<number, Map<PlanKey, Cell>>();
    /** Nesting of the compilation in progress: a chain of distinct wire types recurses once per link. */
    private compiling = 0;

    constructor(
        private readonly wireTypes: Map<number, WireType>,
        private readonly registry: GobRegistry,
        /** Types nested deeper than this are refused before compiling them could exhaust the stack. */
        private readonly maxDepth = 100,
    ) {}

    /** Forgets every compiled plan (after type definitions were rolled back). */
    clear(): void {
        this.cache.clear();
    }

    wire(id: number): WireType {
        const w = this.wireTypes.get(id);
        if (!w) {
            throw new GobError('BAD_TYPE', `undefined type id ${id}`);
        }
        return w;
    }

    /** True when values of this wire type are sent as a struct body rather than a singleton. */
    isStruct(id: number): boolean {
        return !isBasicId(id) && this.wire(id).kind === 'struct';
    }

    plan(id: number, schema: Schema | undefined): DecodeFn {
        return this.get(id, schema ?? GENERIC);
    }

    ignore(id: number): DecodeFn {
        return this.get(id, IGNORE);
    }

    private get(id: number, key: PlanKey): DecodeFn {
        let byKey = this.cache.get(id);
        if (!byKey) {
            byKey = new Map();
            this.cache.set(id, byKey);
        }
        const cell = byKey.get(key);
        if (cell) {
            // A null fn means this pair is being compiled right now: a recursive type.
            return cell.fn ?? ((ctx, depth) => (cell.fn as DecodeFn)(ctx, depth));
        }
        if (this.compiling > this.maxDepth) {
            throw new GobError('TOO_DEEP', `type ${this.describe(id)} nested deeper than ${this.maxDepth}`);
        }
        const fresh: Cell = {fn: null};
        byKey.set(key, fresh);
        this.compiling++;
        try {
            fresh.fn = key === IGNORE ? this.compileIgnore(id) : key === GENERIC ? this.compileGeneric(id) : this.compile(id, key);
        } catch (err) {
            byKey.delete(key);
            throw err;
        } finally {
            this.compiling--;
        }
        return fresh.fn;
    }

    private compile(id: number, schema: Schema): DecodeFn {
        switch (schema.kind) {
        case 'any': return this.get(id, GENERIC);
        case 'ref': return this.get(id, this.registry.resolve(schema.name));
        case 'ptr': return this.get(id, schema.elem);
        default: break;
        }
        const wantBasic = (want: number, fn: DecodeFn): DecodeFn => {
            if (id !== want) {
                throw mismatch(`cannot decode ${this.describe(id)} into ${goTypeName(schema)}`);
            }
            return fn;
        };
        switch (schema.kind) {
        case 'bool': return wantBasic(T_BOOL, readBool);
        case 'int': return wantBasic(T_INT, checkedInt((c) => c.r.int64(), schema.bits, false, schema.goName));
        case 'uint': return wantBasic(T_UINT, checkedInt((c) => c.r.uint64(), schema.bits, true, schema.goName));
        case 'float': return wantBasic(T_FLOAT, schema.bits === 32 ? readFloat32 : readFloat64);
        case 'complex': {
            const bits = schema.bits;
            return wantBasic(T_COMPLEX, (ctx) => readComplex(ctx, bits));
        }
        case 'string': return wantBasic(T_STRING, readString);
        case 'bytes': return wantBasic(T_BYTES, readBytes);
        case 'interface': return wantBasic(T_INTERFACE, (ctx, depth) => decodeInterface(ctx, depth));
        default: break;
        }
        const wire = isBasicId(id) ? undefined : this.wire(id);
        switch (schema.kind) {
        case 'slice': {
            if (schema.elem.kind === 'uint' && schema.elem.bits === 8 && id === T_BYTES) {
                return (ctx) => Array.from(readBytes(ctx, 0) as Uint8Array);
            }
            if (wire?.kind !== 'slice') {
                throw mismatch(`cannot decode ${this.describe(id)} into ${schema.goName}`);
            }
            return sliceFn(this.get(wire.elem, schema.elem), -1);
        }
        case 'array': {
            if (wire?.kind !== 'array' || wire.len !== schema.len) {
                throw mismatch(`cannot decode ${this.describe(id)} into ${schema.goName}`);
            }
            return sliceFn(this.get(wire.elem, schema.elem), schema.len);
        }
        case 'map': {
            if (wire?.kind !== 'map') {
                throw mismatch(`cannot decode ${this.describe(id)} into ${schema.goName}`);
            }
            return mapFn(this.get(wire.key, schema.key), this.get(wire.elem, schema.elem));
        }
        case 'struct': {
            if (wire?.kind !== 'struct') {
                throw mismatch(`cannot decode ${this.describe(id)} into struct ${schema.goName}`);
            }
            const local = new Map(schema.fields.map(([name, type]) => [name, type]));
            const instrs = wire.fields.map((f) => {
                const type = isExported(f.name) ? local.get(f.name) : undefined;
                return type === undefined
                    ? {key: null, fn: this.get(f.id, IGNORE)}
                    : {key: f.name, fn: this.get(f.id, type)};
            });
            const zero = structZeroMaker(schema, this.registry, new Set([schema]));
            return structFn(instrs, zero);
        }
        case 'gobEncoder': {
            if (wire?.kind !== 'gobEncoder') {
                throw mismatch(`cannot decode ${this.describe(id)} into ${schema.goName}`);
            }
            return opaqueFn(schema);
        }
        default:
            throw mismatch(`cannot decode ${this.describe(id)} into ${goTypeName(schema)}`);
        }
    }

    private compileGeneric(id: number): DecodeFn {
        switch (id) {
        case T_BOOL: return readBool;
        case T_INT: return readInt64;
        case T_UINT: return readUint64;
        case T_FLOAT: return readFloat64;
        case T_BYTES: return readBytes;
        case T_STRING: return readString;
        case T_COMPLEX: return (ctx) => readComplex(ctx, 128);
        case T_INTERFACE: return (ctx, depth) => decodeInterface(ctx, depth);
        default: break;
        }
        const wire = this.wire(id);
        switch (wire.kind) {
        case 'slice': return sliceFn(this.get(wire.elem, GENERIC), -1);
        case 'array': return sliceFn(this.get(wire.elem, GENERIC), wire.len);
        case 'map': return mapFn(this.get(wire.key, GENERIC), this.get(wire.elem, GENERIC));
        case 'struct': {
            const instrs = wire.fields.map((f) => (isExported(f.name)
                ? {key: f.name, fn: this.get(f.id, GENERIC)}
                : {key: null, fn: this.get(f.id, IGNORE)}));
            const zeros = wire.fields.filter((f) => isExported(f.name)).map((f) => [f.name, this.genericZero(f.id)] as const);
            const zero = (): Record<string, unknown> => {
                const o: Record<string, unknown> = {};
                for (const [name, z] of zeros) {
                    o[name] = typeof z === 'function' ? z() : z;
                }
                return o;
            };
            return structFn(instrs, zero);
        }
        case 'gobEncoder': {
            const known = this.registry.opaqueDecoder(wire.name);
            return known ? opaqueFn(known) : readBytes;
        }
        }
    }

    /**
     * Zero values for generic struct fields. Go never omits a non-pointer struct, so an absent
     * struct-typed field was a nil pointer: null. Arrays (which Go always sends) decode as [].
     */
    private genericZero(id: number): unknown {
        switch (id) {
        case T_BOOL: return false;
        case T_INT: case T_UINT: case T_FLOAT: return 0;
        case T_STRING: return '';
        case T_BYTES: return () => new Uint8Array(0);
        case T_COMPLEX: return () => ({real: 0, imag: 0});
        case T_INTERFACE: return null;
        default: break;
        }
        const wire = this.wireTypes.get(id);
        if (wire?.kind === 'slice' || wire?.kind === 'array') {
            return () => [];
        }
        if (wire?.kind === 'gobEncoder') {
            const known = this.registry.opaqueDecoder(wire.name);
            return known ? () => known.zero() : null;
        }
        return null;
    }

    private compileIgnore(id: number): DecodeFn {
        switch (id) {
        case T_BOOL: case T_INT: case T_UINT: case T_FLOAT:
            return (ctx) => {
                ctx.r.uint64();
            };
        case T_COMPLEX:
            return (ctx) => {
                ctx.r.uint64();
                ctx.r.uint64();
            };
        case T_BYTES: case T_STRING:
            return (ctx) => ctx.r.skip(readLength(ctx, 'byte slice'));
        case T_INTERFACE:
            return (ctx, depth) => {
                decodeInterface(ctx, depth, true);
            };
        default: break;
        }
        const wire = this.wire(id);
        switch (wire.kind) {
        case 'slice': case 'array': {
            const elem = this.get(wire.elem, IGNORE);
            const fixed = wire.kind === 'array' ? wire.len : -1;
            return (ctx, depth) => {
                if (depth > ctx.limits.maxDepth) throw tooDeep(ctx);
                const n = ctx.r.uint();
                if (fixed >= 0 && n !== fixed) {
                    throw new GobError('BAD_DATA', `array length ${n}, want ${fixed}`);
                }
                for (let i = 0; i < n; i++) {
                    needEntry(ctx, 'slice', n);
                    elem(ctx, depth + 1);
                }
            };
        }
        case 'map': {
            const key = this.get(wire.key, IGNORE);
            const elem = this.get(wire.elem, IGNORE);
            return (ctx, depth) => {
                if (depth > ctx.limits.maxDepth) throw tooDeep(ctx);
                const n = ctx.r.uint();
                for (let i = 0; i < n; i++) {
                    needEntry(ctx, 'map', n);
                    key(ctx, depth + 1);
                    elem(ctx, depth + 1);
                }
            };
        }
        case 'struct': {
            const fns = wire.fields.map((f) => this.get(f.id, IGNORE));
            return (ctx, depth) => {
                if (depth > ctx.limits.maxDepth) throw tooDeep(ctx);
                const r = ctx.r;
                for (let f = r.nextField(-1, fns.length); f >= 0; f = r.nextField(f, fns.length)) {
                    fns[f](ctx, depth + 1);
                }
            };
        }
        case 'gobEncoder':
            return (ctx) => ctx.r.skip(readLength(ctx, 'GobEncoder data'));
        }
    }

    private describe(id: number): string {
        return describeWireId(id, this.wireTypes.get(id));
    }
}

/**
 * Every slice element and every map key and element takes at least one byte in Go's encoding
 * (an empty struct is its end marker), so a count is only believed while input remains. Go
 * checks the same before each element; without it an entry of empty structs would be read
 * from nothing, over and over.
 */
function needEntry(ctx: DecodeContext, what: string, n: number): void {
    if (ctx.r.pos >= ctx.r.end) {
        throw new GobError('BAD_LENGTH', `${what} length ${n} exceeds input size`);
    }
}

function sliceFn(elem: DecodeFn, fixedLen: number): DecodeFn {
    return (ctx, depth) => {
        if (depth > ctx.limits.maxDepth) throw tooDeep(ctx);
        const r = ctx.r;
        const n = r.uint();
        if (fixedLen >= 0 && n !== fixedLen) {
            throw new GobError('BAD_DATA', `array length ${n}, want ${fixedLen}`);
        }
        countItems(ctx, n);
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) {
            needEntry(ctx, 'slice', n);
            out.push(elem(ctx, depth + 1));
        }
        return out;
    };
}

function mapFn(key: DecodeFn, elem: DecodeFn): DecodeFn {
    return (ctx, depth) => {
        if (depth > ctx.limits.maxDepth) throw tooDeep(ctx);
        const n = ctx.r.uint();
        countItems(ctx, n * 2);
        const m = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) {
            needEntry(ctx, 'map', n);
            const k = key(ctx, depth + 1);
            m.set(k, elem(ctx, depth + 1));
        }
        return m;
    };
}

interface FieldInstr {
    readonly key: string | null;
    readonly fn: DecodeFn;
}

function structFn(instrs: readonly FieldInstr[], zero: () => Record<string, unknown>): DecodeFn {
    const n = instrs.length;
    return (ctx, depth) => {
        if (depth > ctx.limits.maxDepth) throw tooDeep(ctx);
        const r = ctx.r;
        countItems(ctx, n + 1);
        const o = zero();
        for (let f = r.nextField(-1, n); f >= 0; f = r.nextField(f, n)) {
            const ins = instrs[f];
            const v = ins.fn(ctx, depth + 1);
            if (ins.key !== null) {
                o[ins.key] = v;
            }
        }
        return o;
    };
}

function opaqueFn(schema: GobEncoderSchema<unknown>): DecodeFn {
    return (ctx) => {
        const bytes = ctx.r.bytes(readLength(ctx, 'GobEncoder data'));
        try {
            return schema.decode(bytes);
        } catch (err) {
            throw new GobError('BAD_DATA', `decoding ${schema.goName}: ${(err as Error).message}`, false);
        }
    };
}

/**
 * An interface value: the concrete type's registered name, its type sequence (definitions Go
 * may place here, possibly in further messages), a byte count, then the value. The byte count
 * is not trusted for skipping: when interfaces nest, Go's encoder splits the value around the
 * inner definitions and the count no longer covers it, so the value is walked instead.
 */
export function decodeInterface(ctx: DecodeContext, depth: number, ignore = false): unknown {
    if (depth > ctx.limits.maxDepth) throw tooDeep(ctx);
    const r = ctx.r;
    const nameLen = r.uint();
    if (nameLen === 0) {
        return null;
    }
    if (nameLen > 1024) {
        throw new GobError('BAD_DATA', `interface type name too long (${nameLen} bytes)`);
    }
    const name = r.string(nameLen);
    const id = ctx.interfaceTypeSequence();
    r.uint();
    if (ignore) {
        decodeTopValue(ctx, id, ctx.plans.ignore(id), depth + 1);
        return undefined;
    }
    countItems(ctx, 1);
    const schema = ctx.registry.interfaceSchema(name);
    const value = decodeTopValue(ctx, id, ctx.plans.plan(id, schema), depth + 1);
    return {type: name, value};
}

/** A value at the top of a message or inside an interface: structs bare, others after a zero delta. */
export function decodeTopValue(ctx: DecodeContext, id: number, fn: DecodeFn, depth: number): unknown {
    if (ctx.plans.isStruct(id)) {
        return fn(ctx, depth);
    }
    const delta = ctx.r.uint();
    if (delta !== 0) {
        throw new GobError('BAD_DATA', 'non-zero delta for singleton value');
    }
    return fn(ctx, depth);
}

export {MAX_SAFE_BIG};
