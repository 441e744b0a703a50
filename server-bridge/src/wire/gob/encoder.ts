/**
 * A streaming gob encoder: each encode() hands the sink the complete bytes Go's encoder would
 * write for that value (type definition messages first, then the value message). Types are
 * defined once per stream, so one encoder must serve one connection.
 */
import {GobError} from './errors';
import {resolveLimits, type GobLimits} from './limits';
import {createDefaultRegistry, type GobRegistry} from './registry';
import type {Infer, Schema} from './schema';
import {EncodePlans, type EncodeContext} from './encode-plans';
import {
    FIRST_USER_ID, T_BOOL, T_BYTES, T_COMPLEX, T_FLOAT, T_INT, T_INTERFACE, T_STRING, T_UINT,
    writeWireType, type WireType,
} from './wire-types';
import {ByteWriter} from './writer';

export interface GobEncoderOptions {
    registry?: GobRegistry;
    /** maxDepth bounds value nesting (also catches cyclic objects); maxTypes bounds the type table. */
    limits?: Partial<GobLimits>;
}

export type GobSink = (bytes: Uint8Array) => void;

/** Go's reflect Name(): the type name without its package qualifier. */
function shortName(goName: string): string {
    return /^[\w.]+$/.test(goName) ? goName.slice(goName.lastIndexOf('.') + 1) : goName;
}

export class GobEncoder {
    private readonly ids = new Map<Schema, number>();
    private readonly sent = new Set<Schema>();
    private nextId = FIRST_USER_ID + 1;
    private readonly out = new ByteWriter(1024);
    /** levels[0] is the top-level message; levels[k] holds the value of the k-th nested interface. */
    private readonly levels: ByteWriter[] = [new ByteWriter(1024)];
    private level = 0;
    private readonly newlySent: Schema[] = [];
    private readonly plans: EncodePlans;
    private readonly ctx: EncodeContext;
    readonly registry: GobRegistry;
    readonly limits: GobLimits;

    constructor(private readonly sink: GobSink, options: GobEncoderOptions = {}) {
        this.registry = options.registry ?? createDefaultRegistry();
        this.limits = resolveLimits(options.limits);
        this.plans = new EncodePlans(this.registry);
        this.ctx = {
            registry: this.registry,
            maxDepth: this.limits.maxDepth,
            sendTypes: (s) => this.sendType(s),
            typeId: (s) => this.typeId(s),
            enterInterface: () => {
                this.level++;
                if (this.levels.length <= this.level) {
                    this.levels.push(new ByteWriter(256));
                }
                const w = this.levels[this.level];
                w.reset();
                return w;
            },
            leaveInterface: () => {
                this.level--;
            },
            current: () => this.levels[this.level],
        };
    }

    /**
     * Encodes one value and passes its bytes to the sink (one call per value). On a bad value it
     * throws GobError (code BAD_VALUE or NOT_REGISTERED), writes nothing, and stays usable.
     */
    encode<S extends Schema>(schema: S, value: Infer<S>): void {
        this.encodeValue(schema, value);
    }

    /** The untyped form of encode(), for callers that pick schemas at run time. */
    encodeValue(schema: Schema, value: unknown): void {
        this.newlySent.length = 0;
        this.out.reset();
        this.level = 0;
        const top = this.levels[0];
        top.reset();
        try {
            let s: Schema = schema;
            const v = value;
            while (s.kind === 'ptr' || s.kind === 'ref') {
                if (s.kind === 'ptr' && (v === null || v === undefined)) {
                    throw new GobError('BAD_VALUE', `cannot encode nil pointer of type ${s.elem.kind}`, false);
                }
                s = s.kind === 'ref' ? this.registry.resolve(s.name) : s.elem;
            }
            const plan = this.plans.get(s);
            this.sendType(s);
            top.int(this.typeId(s));
            if (!plan.isStruct) {
                top.uint(0);
            }
            plan.write(this.ctx, v, 0);
            this.out.uint(top.len);
        } catch (err) {
            for (const s of this.newlySent) {
                this.sent.delete(s);
            }
            this.level = 0;
            if (err instanceof GobError) {
                throw err;
            }
            const e = new GobError('BAD_VALUE', `cannot encode value: ${err instanceof Error ? err.message : String(err)}`, false);
            (e as Error & {cause?: unknown}).cause = err;
            throw e;
        }
        // One exact-size copy of the type definitions, the length and the value: the sink may
        // keep it while these buffers are reused (a view would change under it).
        const message = new Uint8Array(this.out.len + top.len);
        message.set(this.out.bytes(), 0);
        message.set(top.bytes(), this.out.len);
        this.sink(message);
    }

    /** Moves the bytes of one level out as a length-prefixed chunk: a message at level 0. */
    private flush(level: number): void {
        const w = this.levels[level];
        const parent = level === 0 ? this.out : this.levels[level - 1];
        parent.uint(w.len);
        parent.raw(w.bytes());
        w.reset();
    }

    private typeId(schema: Schema): number {
        const s = this.plans.base(schema);
        switch (s.kind) {
        case 'bool': return T_BOOL;
        case 'int': return T_INT;
        case 'uint': return T_UINT;
        case 'float': return T_FLOAT;
        case 'complex': return T_COMPLEX;
        case 'string': return T_STRING;
        case 'bytes': return T_BYTES;
        case 'interface': return T_INTERFACE;
        case 'slice':
            if (s.elem.kind === 'uint' && s.elem.bits === 8) {
                return T_BYTES;
            }
            break;
        case 'any':
            throw new GobError('BAD_VALUE', 'g.any() cannot be encoded', false);
        default:
            break;
        }
        let id = this.ids.get(s);
        if (id === undefined) {
            if (this.ids.size >= this.limits.maxTypes) {
                throw new GobError('TOO_LARGE', `more than ${this.limits.maxTypes} types on one stream`, false);
            }
            id = this.nextId++;
            this.ids.set(s, id);
        }
        return id;
    }

    /** Go's sendType: define the type (then its components) unless already sent on this stream. */
    private sendType(schema: Schema): void {
        const s = this.plans.base(schema);
        if (this.sent.has(s)) {
            return;
        }
        let wire: WireType;
        const components: Schema[] = [];
        switch (s.kind) {
        case 'slice':
            if (s.elem.kind === 'uint' && s.elem.bits === 8) {
                return;
            }
            wire = {kind: 'slice', name: s.goName, elem: this.typeId(s.elem)};
            components.push(s.elem);
            break;
        case 'array':
            wire = {kind: 'array', name: s.goName, elem: this.typeId(s.elem), len: s.len};
            components.push(s.elem);
            break;
        case 'map':
            wire = {kind: 'map', name: s.goName, key: this.typeId(s.key), elem: this.typeId(s.elem)};
            components.push(s.key, s.elem);
            break;
        case 'struct':
            wire = {kind: 'struct', name: shortName(s.goName), fields: s.fields.map(([name, type]) => ({name, id: this.typeId(type)}))};
            components.push(...s.fields.map(([, type]) => type));
            break;
        case 'gobEncoder':
            wire = {kind: 'gobEncoder', name: shortName(s.goName), flavor: s.wire};
            break;
        default:
            return; // basic types and interfaces are predefined
        }
        const w = this.levels[this.level];
        writeWireType(w, this.typeId(s), wire);
        this.flush(this.level);
        this.sent.add(s);
        this.newlySent.push(s);
        for (const c of components) {
            this.sendType(c);
        }
    }
}
