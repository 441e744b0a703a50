/**
 * Go's encoding/gob in TypeScript: the codec Go's net/rpc (and so hashicorp/go-plugin and
 * Mattermost) uses for every value. Proven against real Go in test/conformance/gob.
 *
 * Streams. Gob sends each type's definition once per stream and refers to it by id after, so
 * use ONE GobEncoder and ONE GobDecoder per connection direction, for its whole life:
 *
 *     const enc = new GobEncoder((bytes) => socket.write(bytes));
 *     enc.encode(RequestSchema, {ServiceMethod: 'Plugin.OnActivate', Seq: 1});
 *
 *     const dec = new GobDecoder();
 *     socket.on('data', (chunk) => {
 *         dec.push(chunk);
 *         let r;
 *         while ((r = dec.next(ResponseSchema)) !== undefined) handle(r.value);
 *     });
 *
 * next(schema) returns undefined until a whole value has arrived (nothing is consumed then),
 * so the schema of each value can be chosen after reading the previous one (an RPC header,
 * then its body). next() without a schema decodes generically; skip() drops one value.
 *
 * Schemas (g.*) describe Go types: g.bool, g.int/int8..int64, g.uint/uint8..uint64/uintptr,
 * g.float32/64, g.complex64/128, g.string, g.bytes ([]byte), g.slice(T), g.array(T, n),
 * g.map(K, V), g.struct('Name', {Field: T, ...}) with fields in Go's declaration order (pass a
 * function returning the fields for recursive types), g.ptr(T), g.iface() (interface{}),
 * g.gobEncoder({...}) for GobEncoder/BinaryMarshaler types, goTimeSchema for time.Time,
 * g.ref('Name') for a schema defined in the registry, g.any() to decode whatever arrives.
 *
 * Decoded shapes (Infer<typeof schema> gives the TypeScript type):
 * - bool: boolean; float32/float64: number; string: string (invalid UTF-8 becomes U+FFFD).
 * - int8..int32, uint8..uint32: number. int, int64, uint, uint64, uintptr: number while the
 *   value is a safe integer (|v| <= 2^53 - 1), bigint beyond. The encoder takes either.
 * - complex: {real, imag}. []byte: Uint8Array (a copy). Slices and arrays: arrays.
 * - maps: Map (any key type, wire order), null for a nil map. The encoder also takes plain
 *   objects for string-keyed maps. An empty map is sent, a nil one omitted, as in Go.
 * - structs: plain objects keyed by Go field name, with every schema field present (Go's zero
 *   value where the wire omitted it); fields the wire has and the schema lacks are skipped.
 *   Without a schema, exported wire fields are used, absent struct/map/interface fields null.
 * - pointers: the value, or null for nil. Gob flattens pointers: a pointer to a zero value is
 *   omitted by Go's encoder and so decodes as null.
 * - interface values: {type, value} (GoInterface) with the registered Go type name, or null.
 *   Names unknown to the registry are decoded generically rather than rejected.
 * - time.Time: GoTime {sec (Unix seconds, number or bigint), nsec, offset (seconds east of
 *   UTC, null for UTC)}; both binary versions (1, and 2 with second offsets) are read.
 * - GobEncoder types without a schema: decoded by registry.registerOpaque(name) if known
 *   (time.Time is), else the raw bytes as Uint8Array.
 *
 * Errors and limits: every failure is a GobError with a code. Lengths from the wire are
 * checked before allocation: message size (limits.maxMessageBytes, 64 MiB), string, byte and
 * element counts (by the bytes left in the message), nesting (maxDepth, 100), type definitions
 * per stream (maxTypes, 10,000) and their struct fields in all (maxTypeFields, 100,000),
 * values produced per decoded value (maxValueItems). A fatal
 * error (error.fatal) leaves the decoder failed: close the connection. A non-fatal one (schema
 * mismatch, number out of range, bad GobEncoder payload) drops only that value: the decoder
 * has already moved past it. The encoder throws GobError for values that do not fit the schema
 * and stays usable.
 *
 * Registry: interface values name their concrete type. createDefaultRegistry() knows Go's own
 * registrations (basic types and slices of them) plus "[]interface {}",
 * "map[string]interface {}", "map[string]string" and "time.Time"; register more with
 * registry.registerInterface(name, schema), e.g. '*model.AppError'.
 */
export {GobEncoder, type GobEncoderOptions, type GobSink} from './encoder';
export {GobDecoder, type GobDecoderOptions} from './decoder';
export {GobError, isGobError, type GobErrorCode} from './errors';
export {DEFAULT_LIMITS, type GobLimits} from './limits';
export {GobRegistry, createDefaultRegistry} from './registry';
export {
    g, goTypeName,
    type Schema, type Infer, type FieldMap,
    type BoolSchema, type IntSchema, type UintSchema, type FloatSchema, type ComplexSchema,
    type StringSchema, type BytesSchema, type SliceSchema, type ArraySchema, type MapSchema,
    type StructSchema, type PtrSchema, type InterfaceSchema, type GobEncoderSchema, type RefSchema,
    type AnySchema,
} from './schema';
export {goTimeSchema, marshalGoTime, unmarshalGoTime, isZeroGoTime} from './time';
export {
    type GoInterface, type GoComplex, type GoTime, GO_ZERO_TIME_UNIX,
    goInterface, goComplex, goZeroTime, goTimeFromDate, goTimeToDate, isGoInterface,
    jsonToGoInterface, goInterfaceToJSON,
} from './values';
export {encodeToBytes, decodeAllFromBytes} from './one-shot';
