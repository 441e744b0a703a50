/**
 * A small DSL that describes Go types in TypeScript, so the encoder knows which wire types to
 * declare and the decoder knows which TypeScript shape to build. Each constructor mirrors a Go
 * type; struct fields are listed in Go's declaration order (gob numbers fields by position).
 */
import type {GoComplex, GoInterface} from './values';

export interface BoolSchema { readonly kind: 'bool' }
/** Signed integers; `wide` marks the 64-bit ones (int, int64) whose values may be bigint. */
export interface IntSchema<W extends boolean = boolean> { readonly kind: 'int'; readonly bits: 8 | 16 | 32 | 64; readonly wide: W; readonly goName: string }
export interface UintSchema<W extends boolean = boolean> { readonly kind: 'uint'; readonly bits: 8 | 16 | 32 | 64; readonly wide: W; readonly goName: string }
export interface FloatSchema { readonly kind: 'float'; readonly bits: 32 | 64 }
export interface ComplexSchema { readonly kind: 'complex'; readonly bits: 64 | 128 }
export interface StringSchema { readonly kind: 'string' }
export interface BytesSchema { readonly kind: 'bytes' }
export interface SliceSchema<E extends Schema = Schema> { readonly kind: 'slice'; readonly elem: E; readonly goName: string }
export interface ArraySchema<E extends Schema = Schema> { readonly kind: 'array'; readonly elem: E; readonly len: number; readonly goName: string }
export interface MapSchema<K extends Schema = Schema, V extends Schema = Schema> { readonly kind: 'map'; readonly key: K; readonly elem: V; readonly goName: string }
export type FieldMap = Readonly<Record<string, Schema>>;
export interface StructSchema<F extends FieldMap = FieldMap> {
    readonly kind: 'struct';
    readonly goName: string;
    /** The fields in Go declaration order (resolved lazily so recursive types can refer to themselves). */
    readonly fields: ReadonlyArray<readonly [string, Schema]>;
    /** Type-level only: the field map, for inference. */
    readonly __fields?: F;
}
/** A Go pointer: nil is null. Gob flattens pointers, so only nil-ness is visible on the wire. */
export interface PtrSchema<E extends Schema = Schema> { readonly kind: 'ptr'; readonly elem: E }
/** Any Go interface type; values are {type, value} with a registered type name, or null. */
export interface InterfaceSchema { readonly kind: 'interface' }
/** A type that implements GobEncoder, BinaryMarshaler or TextMarshaler: sent as opaque bytes. */
export interface GobEncoderSchema<T = unknown> {
    readonly kind: 'gobEncoder';
    readonly goName: string;
    readonly wire: 'GobEncoder' | 'BinaryMarshaler' | 'TextMarshaler';
    encode(value: T): Uint8Array;
    /** Throws on malformed bytes; the decoder turns that into a GobError. */
    decode(bytes: Uint8Array): T;
    isZero(value: T): boolean;
    zero(): T;
}
/** A named reference resolved through the codec's registry (see GobRegistry.define). */
export interface RefSchema { readonly kind: 'ref'; readonly name: string }
/** Decode whatever the wire says, generically. Cannot be encoded (no Go type to declare). */
export interface AnySchema { readonly kind: 'any' }

export type Schema =
    | BoolSchema | IntSchema | UintSchema | FloatSchema | ComplexSchema | StringSchema | BytesSchema
    | SliceSchema | ArraySchema | MapSchema | StructSchema | PtrSchema | InterfaceSchema
    | GobEncoderSchema<any> // eslint-disable-line @typescript-eslint/no-explicit-any
    | RefSchema | AnySchema;

/**
 * The TypeScript type the decoder produces for a schema (and the encoder accepts). A schema
 * only known as `Schema` infers `unknown`, which also keeps the compiler from expanding the
 * whole recursive union.
 */
export type Infer<S> = Schema extends S ? unknown : InferKnown<S>;

type InferKnown<S> =
    S extends BoolSchema ? boolean :
    S extends IntSchema<infer W> ? (W extends true ? number | bigint : number) :
    S extends UintSchema<infer W> ? (W extends true ? number | bigint : number) :
    S extends FloatSchema ? number :
    S extends ComplexSchema ? GoComplex :
    S extends StringSchema ? string :
    S extends BytesSchema ? Uint8Array :
    S extends SliceSchema<infer E> ? Array<Infer<E>> :
    S extends ArraySchema<infer E> ? Array<Infer<E>> :
    S extends MapSchema<infer K, infer V> ? Map<Infer<K>, Infer<V>> | null :
    S extends StructSchema<infer F> ? (string extends keyof F ? Record<string, unknown> : {[K in keyof F]: Infer<F[K]>}) :
    S extends PtrSchema<infer E> ? Infer<E> | null :
    S extends InterfaceSchema ? GoInterface | null :
    S extends GobEncoderSchema<infer T> ? T :
    unknown;

function int<W extends boolean>(bits: 8 | 16 | 32 | 64, wide: W, goName: string): IntSchema<W> {
    return Object.freeze({kind: 'int', bits, wide, goName});
}
function uint<W extends boolean>(bits: 8 | 16 | 32 | 64, wide: W, goName: string): UintSchema<W> {
    return Object.freeze({kind: 'uint', bits, wide, goName});
}

const BOOL: BoolSchema = Object.freeze({kind: 'bool'});
const STRING: StringSchema = Object.freeze({kind: 'string'});
const BYTES: BytesSchema = Object.freeze({kind: 'bytes'});
const IFACE: InterfaceSchema = Object.freeze({kind: 'interface'});
const ANY: AnySchema = Object.freeze({kind: 'any'});

/** The Go spelling of a schema's type, as reflect.Type.String() prints it. */
export function goTypeName(s: Schema): string {
    switch (s.kind) {
    case 'bool': return 'bool';
    case 'int': case 'uint': return s.goName;
    case 'float': return `float${s.bits}`;
    case 'complex': return `complex${s.bits}`;
    case 'string': return 'string';
    case 'bytes': return '[]uint8';
    case 'slice': case 'array': case 'map': case 'struct': case 'gobEncoder': return s.goName;
    case 'ptr': return `*${goTypeName(s.elem)}`;
    case 'interface': return 'interface {}';
    case 'ref': return s.name;
    case 'any': return 'interface {}';
    }
}

function structSchema<F extends FieldMap>(goName: string, fields: F | (() => F)): StructSchema<F> {
    let resolved: ReadonlyArray<readonly [string, Schema]> | undefined;
    const schema = {
        kind: 'struct' as const,
        goName,
        get fields(): ReadonlyArray<readonly [string, Schema]> {
            if (!resolved) {
                const map = typeof fields === 'function' ? fields() : fields;
                resolved = Object.freeze(Object.entries(map).map(([name, type]) => Object.freeze([name, type] as const)));
                const bad = resolved.find(([name]) => !/^\p{Lu}/u.test(name));
                if (bad) {
                    throw new TypeError(`gob schema ${goName}: field ${bad[0]} is not an exported Go name`);
                }
            }
            return resolved;
        },
    };
    return Object.freeze(schema);
}

/** Schema constructors, named after the Go types they describe. */
export const g = {
    bool: (): BoolSchema => BOOL,
    int: () => int(64, true, 'int'),
    int8: () => int(8, false, 'int8'),
    int16: () => int(16, false, 'int16'),
    int32: () => int(32, false, 'int32'),
    int64: () => int(64, true, 'int64'),
    uint: () => uint(64, true, 'uint'),
    uint8: () => uint(8, false, 'uint8'),
    uint16: () => uint(16, false, 'uint16'),
    uint32: () => uint(32, false, 'uint32'),
    uint64: () => uint(64, true, 'uint64'),
    uintptr: () => uint(64, true, 'uintptr'),
    float32: (): FloatSchema => Object.freeze({kind: 'float', bits: 32}),
    float64: (): FloatSchema => Object.freeze({kind: 'float', bits: 64}),
    complex64: (): ComplexSchema => Object.freeze({kind: 'complex', bits: 64}),
    complex128: (): ComplexSchema => Object.freeze({kind: 'complex', bits: 128}),
    string: (): StringSchema => STRING,
    bytes: (): BytesSchema => BYTES,
    slice: <E extends Schema>(elem: E, goName?: string): SliceSchema<E> =>
        Object.freeze({kind: 'slice', elem, goName: goName ?? `[]${goTypeName(elem)}`}),
    array: <E extends Schema>(elem: E, len: number, goName?: string): ArraySchema<E> => {
        if (!Number.isSafeInteger(len) || len < 0) {
            throw new TypeError(`gob schema: bad array length ${len}`);
        }
        return Object.freeze({kind: 'array', elem, len, goName: goName ?? `[${len}]${goTypeName(elem)}`});
    },
    map: <K extends Schema, V extends Schema>(key: K, elem: V, goName?: string): MapSchema<K, V> =>
        Object.freeze({kind: 'map', key, elem, goName: goName ?? `map[${goTypeName(key)}]${goTypeName(elem)}`}),
    /** Fields in Go order; pass a function returning them for recursive types. */
    struct: structSchema,
    ptr: <E extends Schema>(elem: E): PtrSchema<E> => Object.freeze({kind: 'ptr', elem}),
    iface: (): InterfaceSchema => IFACE,
    gobEncoder: <T>(spec: Omit<GobEncoderSchema<T>, 'kind'>): GobEncoderSchema<T> => Object.freeze({kind: 'gobEncoder', ...spec}),
    ref: (name: string): RefSchema => Object.freeze({kind: 'ref', name}),
    any: (): AnySchema => ANY,
};
