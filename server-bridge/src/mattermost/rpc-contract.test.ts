// Records the facts of docs/mattermost-rpc.md as assertions: the contract table the bridge
// builds its schemas from must say exactly what the document says, and Mattermost's own
// structs (server/public's plugin/client_rpc*.go, at the version the Go conformance module
// pins) must declare the same fields in the same order.
import {spawnSync} from 'child_process';
import fs from 'fs';
import path from 'path';
import {API, GOB_REGISTERED_NAMES, HOOK_IDS, HOOKS, type Field, type RpcContract} from './rpc-contract';

const root = path.resolve(__dirname, '../../..');
const doc = fs.readFileSync(path.join(root, 'docs/mattermost-rpc.md'), 'utf8');

/** plugin/client_rpc.go and client_rpc_generated.go of the server/public module test/conformance/go.mod requires. */
function mattermostRpcSource(): string {
    const res = spawnSync('go', ['list', '-m', '-f', '{{.Dir}}', 'github.com/mattermost/mattermost/server/public'], {
        cwd: path.join(root, 'test/conformance'), env: {...process.env, GOFLAGS: '-mod=readonly'}, encoding: 'utf8',
    });
    const dir = res.status === 0 ? res.stdout.trim() : '';
    if (!dir) {
        throw new Error('the contract is checked against Mattermost\'s server/public module: Go 1.26 (first on PATH) and the module '
            + `(go mod download in test/conformance) are needed; go list said: ${res.error?.message ?? res.stderr}`);
    }
    return ['client_rpc.go', 'client_rpc_generated.go'].map((f) => fs.readFileSync(path.join(dir, 'plugin', f), 'utf8')).join('\n');
}

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

/** Struct declarations of Mattermost's source: name -> fields. */
function goStructs(): Map<string, Field[]> {
    const out = new Map<string, Field[]>();
    const parseFields = (body: string[]) => body.map((l) => l.replace(/\/\/.*$/, '').trim()).filter(Boolean).map((l) => {
        const [name, ...type] = l.split(/\s+/);
        return [name, type.join(' ')] as Field;
    });
    const lines = mattermostRpcSource().split('\n');
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

// The contract spells plugin-package types bare and model types qualified, as the source does;
// `any` and `interface{}` are the same type.
const normalize = (t: string) => t.replace(/model\./g, '').replace(/\bany\b/g, 'interface{}');

test('Mattermost\'s plugin package declares each contract struct field for field', () => {
    const structs = goStructs();
    const checked: string[] = [];
    const missing: string[] = [];
    for (const c of [...HOOKS, ...API]) {
        for (const side of [c.args, c.returns]) {
            const goName = side.struct;
            if (goName === 'struct{}') {
                continue;
            }
            const fields = structs.get(goName);
            if (fields === undefined) {
                missing.push(goName);
                continue;
            }
            expect({struct: goName, fields: fields.map(([n, t]) => [n, normalize(t)])})
                .toEqual({struct: goName, fields: side.fields.map(([n, t]) => [n, normalize(t)])});
            checked.push(goName);
        }
    }
    expect(missing).toEqual([]);
    expect(checked.length).toBeGreaterThanOrEqual(50);
});

test('hook ids match the documented table', () => {
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
