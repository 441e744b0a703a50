// Records the facts of docs/mattermost-rpc.md as assertions: the contract table the bridge
// builds its schemas from must say exactly what the document says, and the Go host's mirror
// structs (which really talk to Go's net/rpc) must declare the same fields in the same order.
import fs from 'fs';
import path from 'path';
import {API, GOB_REGISTERED_NAMES, HOOK_IDS, HOOKS, type Field, type RpcContract} from './rpc-contract';

const root = path.resolve(__dirname, '../../..');
const doc = fs.readFileSync(path.join(root, 'docs/mattermost-rpc.md'), 'utf8');
const goMirror = fs.readFileSync(path.join(root, 'test/conformance/gohost/mmrpc/rpcargs.go'), 'utf8');

interface DocRow {
    method: string;
    args: {struct: string; fields: Field[]};
    returns: {struct: string; fields: Field[]};
}

/** "Z_KVGetArgs{A string; B []byte}" -> struct name and fields; "struct{}" -> no fields. */
function parseStruct(cell: string): {struct: string; fields: Field[]} {
    const m = /`([^`{]*)\{([^}]*)\}`/.exec(cell) ?? /`(struct\{\})`/.exec(cell);
    if (!m) {
        throw new Error(`cannot parse ${cell}`);
    }
    if (m[1] === 'struct{}' || m[1] === 'struct') {
        return {struct: 'struct{}', fields: []};
    }
    const fields = (m[2] ?? '').split(';').map((f) => f.trim()).filter(Boolean).map((f) => {
        const i = f.indexOf(' ');
        return [f.slice(0, i), f.slice(i + 1).trim()] as Field;
    });
    return {struct: m[1], fields};
}

function docRows(): DocRow[] {
    const rows: DocRow[] = [];
    for (const line of doc.split('\n')) {
        const cells = line.split('|').slice(1, -1).map((c) => c.trim());
        const method = /^`(Plugin\.\w+)`/.exec(cells[0] ?? '')?.[1];
        // Hook and API rows have Z_ argument structs (the response-writer rows do not).
        if (!method || cells.length < 3 || !cells[1].includes('Z_')) {
            continue;
        }
        if (method === 'Plugin.LogDebug') {
            for (const level of ['Debug', 'Info', 'Warn', 'Error']) {
                const args = parseStruct(cells[1].replace('<Level>', level));
                const returns = parseStruct(cells[2].replace('<Level>', level));
                rows.push({method: `Plugin.Log${level}`, args, returns});
            }
            continue;
        }
        // Parenthesised notes after the struct ("(key, old, new)") are not part of it.
        rows.push({method, args: parseStruct(cells[1]), returns: parseStruct(cells[2])});
    }
    return rows;
}

function plain(c: RpcContract): DocRow {
    return {method: c.method, args: {struct: c.args.struct, fields: [...c.args.fields]}, returns: {struct: c.returns.struct, fields: [...c.returns.fields]}};
}

test('every hook and API method in the contract is documented with the same structs and fields', () => {
    const documented = new Map(docRows().map((r) => [r.method, r]));
    for (const c of [...HOOKS, ...API]) {
        const row = documented.get(c.method);
        expect({method: c.method, row}).toEqual({method: c.method, row: plain(c)});
    }
    const contractMethods = new Set([...HOOKS, ...API].map((c) => c.method));
    expect([...documented.keys()].filter((m) => !contractMethods.has(m))).toEqual([]);
});

/** Struct declarations of the Go mirror: name -> fields. */
function goStructs(): Map<string, Field[]> {
    const out = new Map<string, Field[]>();
    const parseFields = (body: string[]) => body.map((l) => l.replace(/\/\/.*$/, '').trim()).filter(Boolean).map((l) => {
        const [name, ...type] = l.split(/\s+/);
        return [name, type.join(' ')] as Field;
    });
    const lines = goMirror.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const oneLine = /^type (Z_\w+) struct\s*\{(.*)\}\s*$/.exec(lines[i]);
        if (oneLine) {
            out.set(oneLine[1], parseFields(oneLine[2].split(';')));
            continue;
        }
        const open = /^type (Z_\w+) struct \{\s*$/.exec(lines[i]);
        if (open) {
            const body: string[] = [];
            for (i++; i < lines.length && lines[i].trim() !== '}'; i++) {
                body.push(lines[i]);
            }
            out.set(open[1], parseFields(body));
        }
    }
    return out;
}

// The mirror lives in its own Go package: model types lose their "model." prefix there.
const normalize = (t: string) => t.replace(/model\./g, '').replace(/\bany\b/g, 'interface{}');

test('the Go host mirrors each contract struct field for field', () => {
    const structs = goStructs();
    const checked: string[] = [];
    for (const c of [...HOOKS, ...API]) {
        for (const side of [c.args, c.returns]) {
            const goName = c.method.startsWith('Plugin.Log') ? (side === c.args ? 'Z_LogArgs' : 'Z_LogReturns') : side.struct;
            const fields = structs.get(goName);
            if (side.struct === 'struct{}' || fields === undefined) {
                continue;
            }
            expect({struct: goName, fields: fields.map(([n, t]) => [n, normalize(t)])})
                .toEqual({struct: goName, fields: side.fields.map(([n, t]) => [n, normalize(t)])});
            checked.push(goName);
        }
    }
    // Most of the contract is exercised by the Go host; a mismatch in naming would shrink this.
    expect(checked.length).toBeGreaterThanOrEqual(50);
});

test('hook ids match the documented table and the Go host', () => {
    for (const [name, id] of Object.entries(HOOK_IDS)) {
        expect(doc).toMatch(new RegExp(`\\| ${id} \\| ${name} \\|`));
    }
    expect(HOOK_IDS.ServeHTTP).toBe(2);
    expect(HOOK_IDS.ExecuteCommand).toBe(4);
    expect(new Set(Object.values(HOOK_IDS)).size).toBe(Object.keys(HOOK_IDS).length);
});

test('the gob names Mattermost registers are all documented', () => {
    for (const name of GOB_REGISTERED_NAMES) {
        expect(doc).toContain(`\`${name}\``);
    }
});
