// Builds the gob schemas of every Z_*Args / Z_*Returns struct from the contract table, so the
// field names, order and Go types the bridge puts on the wire are exactly those the contract
// test ties to docs/mattermost-rpc.md and to the Go host.
import {g, type Schema, type StructSchema} from '../wire/gob';
import {GO_TYPES} from './model-schemas';
import {API, HOOKS, type Field, type RpcContract} from './rpc-contract';

export interface MethodSchemas {
    method: string;
    args: StructSchema;
    returns: StructSchema;
}

function goTypeSchema(goType: string, where: string): Schema {
    const s = GO_TYPES[goType];
    if (!s) {
        throw new Error(`${where}: no gob schema for Go type ${goType}`);
    }
    return s;
}

function structOf(name: string, fields: readonly Field[], where: string): StructSchema {
    return g.struct(name, Object.fromEntries(fields.map(([field, goType]) => [field, goTypeSchema(goType, `${where}.${field}`)])));
}

function build(contracts: readonly RpcContract[]): ReadonlyMap<string, MethodSchemas> {
    const out = new Map<string, MethodSchemas>();
    for (const c of contracts) {
        const name = c.method.slice('Plugin.'.length);
        out.set(name, {
            method: c.method,
            args: structOf(c.args.struct, c.args.fields, c.args.struct),
            returns: structOf(c.returns.struct === 'struct{}' ? 'struct {}' : c.returns.struct, c.returns.fields, c.returns.struct),
        });
    }
    return out;
}

const hookSchemas = build(HOOKS);
const apiSchemas = build(API);

function get(map: ReadonlyMap<string, MethodSchemas>, name: string, kind: string): MethodSchemas {
    const s = map.get(name);
    if (!s) {
        throw new Error(`${kind} ${name} is not in the Mattermost RPC contract`);
    }
    return s;
}

/** Schemas of a hook the server calls, e.g. hookSchemas('OnActivate'). */
export const hookZ = (name: string): MethodSchemas => get(hookSchemas, name, 'hook');
/** Schemas of an API method the plugin calls, e.g. apiZ('KVGet'). */
export const apiZ = (name: string): MethodSchemas => get(apiSchemas, name, 'API method');
