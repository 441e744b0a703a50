/**
 * The TypeScript half of scripts/bench-gob.js: encode and decode throughput for a
 * model.Post-shaped value on one stream (types sent once, as on an RPC connection), the same
 * work gobvectors' bench mode does in Go.
 */
import {GobDecoder, GobEncoder, g} from '../../../server-bridge/src/wire/gob';
import {Post, corpusRegistry, post} from './corpus';

export interface BenchResult {
    encodeNs: number;
    decodeNs: number;
    messageBytes: number;
}

export function runGobBench(n: number): BenchResult {
    const schema = g.ptr(Post);
    let last: Uint8Array = new Uint8Array(0);
    const enc = new GobEncoder((b) => {
        last = b;
    }, {registry: corpusRegistry()});
    enc.encodeValue(schema, post);
    for (let i = 0; i < Math.min(n, 2000); i++) {
        enc.encodeValue(schema, post); // warm up the JIT before timing
    }
    let start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
        enc.encodeValue(schema, post);
    }
    const encodeNs = Number(process.hrtime.bigint() - start) / n;
    const messageBytes = last.length;

    const chunks: Uint8Array[] = [];
    const enc2 = new GobEncoder((b) => chunks.push(b), {registry: corpusRegistry()});
    const warm = Math.min(n, 2000);
    for (let i = 0; i < n + warm + 1; i++) {
        enc2.encodeValue(schema, post);
    }
    const dec = new GobDecoder({registry: corpusRegistry()});
    dec.push(Buffer.concat(chunks));
    for (let i = 0; i < warm + 1; i++) {
        dec.next(schema);
    }
    start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
        if (dec.next(schema) === undefined) {
            throw new Error('bench stream ended early');
        }
    }
    const decodeNs = Number(process.hrtime.bigint() - start) / n;
    return {encodeNs, decodeNs, messageBytes};
}
