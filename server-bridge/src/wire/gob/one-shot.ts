/** Conveniences for a self-contained gob byte string (one stream holding a few values). */
import {GobDecoder, type GobDecoderOptions} from './decoder';
import {GobEncoder, type GobEncoderOptions} from './encoder';
import type {Schema} from './schema';

/** Encodes values on a fresh stream and returns all bytes. */
export function encodeToBytes(items: ReadonlyArray<readonly [Schema, unknown]>, options?: GobEncoderOptions): Uint8Array {
    const chunks: Uint8Array[] = [];
    const enc = new GobEncoder((b) => chunks.push(b), options);
    for (const [schema, value] of items) {
        enc.encodeValue(schema, value);
    }
    return Buffer.concat(chunks);
}

/** Decodes every value of a complete stream, each with the schema at its position (or generically). */
export function decodeAllFromBytes(bytes: Uint8Array, schemas: ReadonlyArray<Schema | undefined> = [], options?: GobDecoderOptions): unknown[] {
    const dec = new GobDecoder(options);
    dec.push(bytes);
    const out: unknown[] = [];
    for (;;) {
        const schema = schemas[out.length];
        const r = schema ? dec.next(schema) : dec.next();
        if (r === undefined) {
            break;
        }
        out.push(r.value);
    }
    dec.end();
    return out;
}
