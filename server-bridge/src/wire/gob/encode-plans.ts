/**
 * Turns schemas into value writers that reproduce Go's encoder byte for byte: which struct
 * fields count as zero and are omitted, which composite values are always sent, and how
 * interface values carry their concrete type.
 */
import {GobError} from './errors';
import type {GobRegistry} from './registry';
import {goTypeName, type GobEncoderSchema, type Schema, type StructSchema} from './schema';
import type {ByteWriter} from './writer';

export interface EncodeContext {
    readonly registry: GobRegistry;
    readonly maxDepth: number;
    /** Writes the definitions of any not yet sent types (flushing the current buffer, as Go does). */
    sendTypes(schema: Schema): void;
    typeId(schema: Schema): number;
    /** Opens a buffer for an interface's concrete value, one level deeper. */
    enterInterface(): ByteWriter;
    leaveInterface(): void;
    /** The buffer currently receiving the value's bytes. */
    current(): ByteWriter;
}

export type EncFn = (ctx: EncodeContext, v: unknown, depth: number) => void;

export interface EncodePlan {
    /** Writes the value into ctx.current(); null and undefined stand for Go's zero value. */
    readonly write: EncFn;
    /** Whether Go would leave this value out as a struct field (the zero rule per kind). */
    readonly omit: (v: unknown) => boolean;
    /** Struct values are sent bare at top level; everything else as a singleton. */
    readonly isStruct: boolean;
}

function bad(msg: string): GobError {
    return new GobError('BAD_VALUE', msg, false);
}

function describe(v: unknown): string {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'array';
    if (v instanceof Map) return 'Map';
    if (v instanceof Uint8Array) return 'Uint8Array';
    return typeof v;
}

const isNil = (v: unknown): boolean => v === null || v === undefined;

function intWrite(bits: number, unsigned: boolean, goName: string): EncFn {
    const lo = unsigned ? 0n : -(1n << BigInt(bits - 1));
    const hi = unsigned ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n;
    const loN = Number(lo);
    const hiN = Number(hi);
    return (ctx, v) => {
        const w = ctx.current();
        if (isNil(v)) {
            w.uint(0);
            return;
        }
        let x: number | bigint;
        if (typeof v === 'number') {
            if (!Number.isInteger(v)) {
                throw bad(`${goName}: ${v} is not an integer`);
            }
            x = Number.isSafeInteger(v) ? v : BigInt(v);
        } else if (typeof v === 'bigint') {
            x = v;
        } else {
            throw bad(`${goName}: expected a number or bigint, got ${describe(v)}`);
        }
        if (typeof x === 'number' ? x < loN || x > hiN : x < lo || x > hi) {
            throw bad(`${goName}: ${v} out of range`);
        }
        if (unsigned) {
            w.uint(x);
        } else {
            w.int(x);
        }
    };
}

const isZeroNumber = (v: unknown): boolean => v === undefined || v === null || v === 0 || v === 0n;

export class EncodePlans {
    private readonly cache = new Map<Schema, EncodePlan>();
    private readonly building = new Map<Schema, {plan: EncodePlan | null}>();

    constructor(private readonly registry: GobRegistry) {}

    /** Follows refs and pointers to the schema that decides the wire type. */
    base(schema: Schema): Schema {
        let s = schema;
        for (let i = 0; s.kind === 'ref' || s.kind === 'ptr'; i++) {
            if (i > 1000) {
                throw bad('schema reference cycle without a struct');
            }
            s = s.kind === 'ref' ? this.registry.resolve(s.name) : s.elem;
        }
        return s;
    }

    get(schema: Schema): EncodePlan {
        const hit = this.cache.get(schema);
        if (hit) {
            return hit;
        }
        const inProgress = this.building.get(schema);
        if (inProgress) {
            // Recursive type: defer to the plan being built.
            const cell = inProgress;
            return {
                write: (ctx, v, d) => (cell.plan as EncodePlan).write(ctx, v, d),
                omit: (v) => (cell.plan as EncodePlan).omit(v),
                isStruct: this.base(schema).kind === 'struct',
            };
        }
        const cell = {plan: null as EncodePlan | null};
        this.building.set(schema, cell);
        try {
            cell.plan = this.compile(schema);
        } finally {
            this.building.delete(schema);
        }
        this.cache.set(schema, cell.plan);
        return cell.plan;
    }

    private compile(schema: Schema): EncodePlan {
        switch (schema.kind) {
        case 'bool':
            return {
                isStruct: false,
                omit: (v) => isNil(v) || v === false,
                write: (ctx, v) => {
                    if (!isNil(v) && typeof v !== 'boolean') {
                        throw bad(`bool: expected a boolean, got ${describe(v)}`);
                    }
                    ctx.current().uint(v === true ? 1 : 0);
                },
            };
        case 'int':
            return {isStruct: false, omit: isZeroNumber, write: intWrite(schema.bits, false, schema.goName)};
        case 'uint':
            return {isStruct: false, omit: isZeroNumber, write: intWrite(schema.bits, true, schema.goName)};
        case 'float': {
            const f32 = schema.bits === 32;
            return {
                isStruct: false,
                omit: (v) => isNil(v) || v === 0,
                write: (ctx, v) => {
                    if (!isNil(v) && typeof v !== 'number') {
                        throw bad(`float${schema.bits}: expected a number, got ${describe(v)}`);
                    }
                    const f = (v as number | null | undefined) ?? 0;
                    ctx.current().float(f32 ? Math.fround(f) : f);
                },
            };
        }
        case 'complex': {
            const f32 = schema.bits === 64;
            return {
                isStruct: false,
                omit: (v) => isNil(v) || ((v as {real: unknown}).real === 0 && (v as {imag: unknown}).imag === 0),
                write: (ctx, v) => {
                    const c = (v ?? {real: 0, imag: 0}) as {real: unknown; imag: unknown};
                    if (typeof c !== 'object' || typeof c.real !== 'number' || typeof c.imag !== 'number') {
                        throw bad(`complex${schema.bits}: expected {real, imag} numbers`);
                    }
                    const w = ctx.current();
                    w.float(f32 ? Math.fround(c.real) : c.real);
                    w.float(f32 ? Math.fround(c.imag) : c.imag);
                },
            };
        }
        case 'string':
            return {
                isStruct: false,
                omit: (v) => isNil(v) || v === '',
                write: (ctx, v) => {
                    if (typeof v !== 'string') {
                        if (!isNil(v)) {
                            throw bad(`string: expected a string, got ${describe(v)}`);
                        }
                        ctx.current().uint(0);
                        return;
                    }
                    ctx.current().string(v);
                },
            };
        case 'bytes':
            return {
                isStruct: false,
                omit: (v) => isNil(v) || (v as Uint8Array).length === 0,
                write: (ctx, v) => {
                    if (isNil(v)) {
                        ctx.current().uint(0);
                        return;
                    }
                    if (!(v instanceof Uint8Array)) {
                        throw bad(`[]byte: expected a Uint8Array, got ${describe(v)}`);
                    }
                    ctx.current().lengthPrefixed(v);
                },
            };
        case 'slice':
            if (schema.elem.kind === 'uint' && schema.elem.bits === 8) {
                // Go sends []uint8 as a byte string whatever it is called.
                const bytes = this.get({kind: 'bytes'});
                return {
                    isStruct: false,
                    omit: (v) => isNil(v) || (v as ArrayLike<number>).length === 0,
                    write: (ctx, v, d) => bytes.write(ctx, Array.isArray(v) ? Uint8Array.from(v as number[]) : v, d),
                };
            }
            return this.sequence(schema.elem, -1, schema.goName);
        case 'array':
            return this.sequence(schema.elem, schema.len, schema.goName);
        case 'map':
            return this.map(schema.key, schema.elem, schema.goName);
        case 'struct':
            return this.struct(schema);
        case 'ptr': {
            const elem = this.get(schema.elem);
            return {
                isStruct: elem.isStruct,
                omit: (v) => isNil(v) || elem.omit(v),
                write: (ctx, v, d) => {
                    if (isNil(v)) {
                        throw bad(`cannot encode nil pointer to ${goTypeName(schema.elem)} here`);
                    }
                    elem.write(ctx, v, d);
                },
            };
        }
        case 'ref':
            return this.get(this.registry.resolve(schema.name));
        case 'interface':
            return {isStruct: false, omit: isNil, write: (ctx, v, d) => this.writeInterface(ctx, v, d)};
        case 'gobEncoder':
            return this.opaque(schema);
        case 'any':
            throw bad('g.any() has no Go type and cannot be encoded; use a concrete schema or g.iface()');
        }
    }

    private sequence(elemSchema: Schema, fixedLen: number, goName: string): EncodePlan {
        const elem = this.get(elemSchema);
        return {
            isStruct: false,
            // Go always sends arrays, even all-zero ones; empty slices are omitted.
            omit: fixedLen >= 0 ? () => false : (v) => isNil(v) || (Array.isArray(v) && v.length === 0),
            write: (ctx, v, depth) => {
                if (depth > ctx.maxDepth) {
                    throw bad(`value nested deeper than ${ctx.maxDepth}`);
                }
                const items = (isNil(v) ? (fixedLen >= 0 ? new Array(fixedLen).fill(undefined) : []) : v) as unknown[];
                if (!Array.isArray(items)) {
                    throw bad(`${goName}: expected an array, got ${describe(v)}`);
                }
                if (fixedLen >= 0 && items.length !== fixedLen) {
                    throw bad(`${goName}: expected ${fixedLen} elements, got ${items.length}`);
                }
                ctx.current().uint(items.length);
                for (const item of items) {
                    elem.write(ctx, item, depth + 1);
                }
            },
        };
    }

    private map(keySchema: Schema, elemSchema: Schema, goName: string): EncodePlan {
        const key = this.get(keySchema);
        const elem = this.get(elemSchema);
        return {
            isStruct: false,
            // Go omits nil maps only: an empty map is still sent.
            omit: isNil,
            write: (ctx, v, depth) => {
                if (depth > ctx.maxDepth) {
                    throw bad(`value nested deeper than ${ctx.maxDepth}`);
                }
                if (isNil(v)) {
                    ctx.current().uint(0);
                    return;
                }
                let entries: Iterable<[unknown, unknown]>;
                let size: number;
                if (v instanceof Map) {
                    entries = v.entries();
                    size = v.size;
                } else if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) {
                    const list = Object.entries(v as Record<string, unknown>);
                    entries = list;
                    size = list.length;
                } else {
                    throw bad(`${goName}: expected a Map or an object, got ${describe(v)}`);
                }
                ctx.current().uint(size);
                for (const [k, e] of entries) {
                    key.write(ctx, k, depth + 1);
                    elem.write(ctx, e, depth + 1);
                }
            },
        };
    }

    private struct(schema: StructSchema): EncodePlan {
        const fields = schema.fields.map(([name, type]) => ({name, plan: this.get(type)}));
        return {
            isStruct: true,
            omit: () => false, // Go always sends struct-valued fields
            write: (ctx, v, depth) => {
                if (depth > ctx.maxDepth) {
                    throw bad(`value nested deeper than ${ctx.maxDepth}`);
                }
                const obj = (v ?? {}) as Record<string, unknown>;
                if (typeof obj !== 'object' || Array.isArray(obj)) {
                    throw bad(`${schema.goName}: expected an object, got ${describe(v)}`);
                }
                let last = -1;
                for (let i = 0; i < fields.length; i++) {
                    const f = fields[i];
                    const fv = obj[f.name];
                    if (f.plan.omit(fv)) {
                        continue;
                    }
                    ctx.current().uint(i - last);
                    last = i;
                    try {
                        f.plan.write(ctx, fv, depth + 1);
                    } catch (err) {
                        if (err instanceof GobError && err.code === 'BAD_VALUE' && !err.message.includes(' in field ')) {
                            throw bad(`${err.message.replace(/^gob: /, '')} in field ${schema.goName}.${f.name}`);
                        }
                        throw err;
                    }
                }
                ctx.current().uint(0);
            },
        };
    }

    private opaque(schema: GobEncoderSchema<unknown>): EncodePlan {
        return {
            isStruct: false,
            omit: (v) => isNil(v) || schema.isZero(v),
            write: (ctx, v) => {
                let bytes: Uint8Array;
                try {
                    bytes = schema.encode(isNil(v) ? schema.zero() : v);
                } catch (err) {
                    throw bad(`${schema.goName}: ${(err as Error).message}`);
                }
                ctx.current().lengthPrefixed(bytes);
            },
        };
    }

    /**
     * Go's encodeInterface: the registered name, any type definitions (which flush the bytes
     * written so far), the concrete type id, then the value in its own length-counted buffer.
     */
    private writeInterface(ctx: EncodeContext, v: unknown, depth: number): void {
        const w = ctx.current();
        if (isNil(v)) {
            w.uint(0);
            return;
        }
        const iv = v as {type?: unknown; value?: unknown};
        if (typeof iv !== 'object' || typeof iv.type !== 'string' || !('value' in iv)) {
            throw bad(`interface value must be {type, value} or null, got ${describe(v)}`);
        }
        const registered = this.registry.interfaceSchema(iv.type);
        if (!registered) {
            throw new GobError('NOT_REGISTERED', `type not registered for interface: ${iv.type}`, false);
        }
        if (depth > ctx.maxDepth) {
            throw bad(`value nested deeper than ${ctx.maxDepth}`);
        }
        let s = registered;
        while (s.kind === 'ptr' || s.kind === 'ref') {
            if (s.kind === 'ptr' && isNil(iv.value)) {
                throw bad(`cannot encode nil pointer of type ${iv.type} inside interface`);
            }
            s = s.kind === 'ref' ? this.registry.resolve(s.name) : s.elem;
        }
        const plan = this.get(s);
        w.string(iv.type);
        ctx.sendTypes(s);
        w.int(ctx.typeId(s));
        const data = ctx.enterInterface();
        try {
            if (!plan.isStruct) {
                data.uint(0);
            }
            plan.write(ctx, iv.value, depth + 1);
        } finally {
            ctx.leaveInterface();
        }
        w.uint(data.len);
        w.raw(data.bytes());
        data.reset();
    }
}
