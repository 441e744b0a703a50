/**
 * Names shared by both ends of a stream: the concrete type names interface values carry
 * (Go's gob.Register / gob.RegisterName), named schemas for recursive references, and
 * decoders for opaque GobEncoder wire types met without a schema.
 */
import {GobError} from './errors';
import {g, goTypeName, type GobEncoderSchema, type Schema} from './schema';
import {goTimeSchema} from './time';

export class GobRegistry {
    private readonly byName = new Map<string, Schema>();
    private readonly named = new Map<string, Schema>();
    private readonly opaque = new Map<string, GobEncoderSchema<unknown>>();

    /** Like Go's gob.RegisterName: interface values of this concrete type carry `name`. */
    registerInterface(name: string, schema: Schema): this {
        if (name === '' || name.length > 1024) {
            throw new TypeError(`gob: bad interface type name ${JSON.stringify(name)}`);
        }
        this.byName.set(name, schema);
        return this;
    }

    /** Like Go's gob.Register: the name is the schema's Go type spelling. */
    register(schema: Schema): this {
        return this.registerInterface(goTypeName(schema), schema);
    }

    interfaceSchema(name: string): Schema | undefined {
        return this.byName.get(name);
    }

    /** Gives a schema a name that g.ref(name) resolves to (recursive and shared types). */
    define(name: string, schema: Schema): this {
        this.named.set(name, schema);
        return this;
    }

    resolve(name: string): Schema {
        const s = this.named.get(name);
        if (!s) {
            throw new GobError('BAD_VALUE', `schema reference ${JSON.stringify(name)} is not defined in the registry`, false);
        }
        return s;
    }

    /**
     * Decodes GobEncoder/BinaryMarshaler wire types found without a schema, keyed by the
     * type name Go puts in the definition (for time.Time that is "Time").
     */
    registerOpaque(wireName: string, schema: GobEncoderSchema<unknown>): this {
        this.opaque.set(wireName, schema);
        return this;
    }

    opaqueDecoder(wireName: string): GobEncoderSchema<unknown> | undefined {
        return this.opaque.get(wireName);
    }

    clone(): GobRegistry {
        const copy = new GobRegistry();
        this.byName.forEach((v, k) => copy.byName.set(k, v));
        this.named.forEach((v, k) => copy.named.set(k, v));
        this.opaque.forEach((v, k) => copy.opaque.set(k, v));
        return copy;
    }
}

/**
 * A registry holding what Go's gob registers by itself (the basic types and slices of them),
 * plus the names Mattermost's plugin package registers for JSON-like data and time.Time.
 */
export function createDefaultRegistry(): GobRegistry {
    const r = new GobRegistry();
    const scalars: Schema[] = [
        g.int(), g.int8(), g.int16(), g.int32(), g.int64(),
        g.uint(), g.uint8(), g.uint16(), g.uint32(), g.uint64(),
        g.float32(), g.float64(), g.complex64(), g.complex128(), g.uintptr(), g.bool(), g.string(),
    ];
    for (const s of scalars) {
        r.register(s);
        if (s.kind !== 'uint' || s.bits !== 8) {
            r.register(g.slice(s));
        }
    }
    r.register(g.bytes());
    r.register(g.slice(g.iface()));
    r.register(g.map(g.string(), g.iface()));
    r.register(g.map(g.string(), g.string()));
    r.register(goTimeSchema);
    r.registerOpaque('Time', goTimeSchema as GobEncoderSchema<unknown>);
    r.registerOpaque('time.Time', goTimeSchema as GobEncoderSchema<unknown>);
    return r;
}
