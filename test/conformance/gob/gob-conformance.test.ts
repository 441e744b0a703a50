/**
 * gob against real Go, both directions, one test case per vector and direction:
 * Go encodes the corpus and TypeScript decodes it to the expected values; TypeScript encodes
 * the same corpus and Go decodes it and compares with reflect.DeepEqual.
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'fs';
import {tmpdir} from 'os';
import {join} from 'path';
import {GobDecoder, GobEncoder, type Schema} from '../../../server-bridge/src/wire/gob';
import {VECTORS, corpusRegistry, request, type GobVector} from './corpus';
import {buildGobVectors, runGo} from './go-tool';

jest.setTimeout(60_000);

let goDir = '';
let tsDir = '';
let goResults = new Map<string, {ok: boolean; error?: string}>();

beforeAll(() => {
    const bin = buildGobVectors();
    const work = mkdtempSync(join(tmpdir(), 'gob-conformance-'));
    goDir = join(work, 'from-go');
    tsDir = join(work, 'from-ts');
    mkdirSync(goDir);
    mkdirSync(tsDir);
    runGo(bin, ['encode', goDir]);
    for (const v of VECTORS) {
        const chunks: Uint8Array[] = [];
        const enc = new GobEncoder((b) => chunks.push(b), {registry: corpusRegistry()});
        try {
            for (const item of v.items) {
                enc.encodeValue(item.encode[0], item.encode[1]);
            }
            writeFileSync(join(tsDir, `${v.name}.gob`), Buffer.concat(chunks));
        } catch (err) {
            writeFileSync(join(tsDir, `${v.name}.gob`), Buffer.alloc(0));
            goResults.set(v.name, {ok: false, error: `TypeScript encoder threw: ${String(err)}`});
        }
    }
    const lines = runGo(bin, ['decode', tsDir]).trim().split('\n');
    for (const line of lines) {
        const r = JSON.parse(line) as {name: string; ok: boolean; error?: string};
        if (!goResults.has(r.name)) {
            goResults.set(r.name, r);
        }
    }
}, 300_000);

afterAll(() => {
    goResults = new Map();
    if (goDir !== '') {
        rmSync(join(goDir, '..'), {recursive: true, force: true});
    }
});

function decodeGoStream(name: string, schemasFor: (i: number) => Schema | undefined, dir = goDir): unknown[] {
    const bytes = readFileSync(join(dir, `${name}.gob`));
    const dec = new GobDecoder({registry: corpusRegistry()});
    // Feed in small chunks so the streaming path (values split across pushes) is exercised.
    const out: unknown[] = [];
    for (let i = 0; i < bytes.length; i += 97) {
        dec.push(bytes.subarray(i, i + 97));
        for (;;) {
            const schema = schemasFor(out.length);
            const r = schema === undefined ? dec.next() : dec.next(schema);
            if (r === undefined) {
                break;
            }
            out.push(r.value);
        }
    }
    dec.end();
    return out;
}

describe.each(VECTORS.map((v): [string, GobVector] => [v.name, v]))('gob vector %s', (name, vector) => {
    test('Go encodes, TypeScript decodes', () => {
        const got = decodeGoStream(name, (i) => vector.items[i]?.decode[0]);
        expect(got).toEqual(vector.items.map((item) => item.decode[1]));
    });

    test('TypeScript encodes, Go decodes (reflect.DeepEqual)', () => {
        const r = goResults.get(name);
        if (!r?.ok) {
            throw new Error(`Go rejected the TypeScript stream: ${r?.error ?? 'no result'}`);
        }
        expect(r.ok).toBe(true);
    });

    // Without a schema only the wire types shape the result, so Go's stream and the TypeScript
    // encoder's stream of the same values must decode to the same thing. http_request is left
    // out: Go sends all of net/http.Request's fields, the TypeScript schema only the ones
    // Mattermost forwards (the Mattermost vectors declare every field of their real types).
    const requestIn = {http_request: (v: unknown) => v}[name];
    test('Go encodes, TypeScript decodes without a schema, as it decodes the TypeScript stream', () => {
        const got = decodeGoStream(name, () => undefined);
        expect(got).toHaveLength(vector.items.length);
        if (!requestIn) {
            expect(got).toEqual(decodeGoStream(name, () => undefined, tsDir));
            return;
        }
        // Go's wire type is the whole http.Request: the fields Mattermost fills in must be there,
        // url.URL as its MarshalBinary bytes.
        const {URL: url, ...rest} = request;
        const generic = requestIn(got[0]) as Record<string, unknown>;
        expect(generic).toMatchObject(rest);
        expect(Buffer.from(generic.URL as Uint8Array).toString()).toBe(url);
    });
});
