// One connection's gob encoder, writing a header and a body as one unit. If the body does
// not encode, nothing of the pair reaches the peer except type definitions the encoder has
// already marked as sent (dropping those would desynchronise its type table from the peer's).

import {Duplex} from 'stream';
import {GobEncoder, GobEncoderOptions, Schema} from '../gob';
import {splitTypeDefinitions} from './messages';

/** Header and body messages up to this size together are joined into one write. */
const JOIN_BELOW_BYTES = 16 * 1024;

export class RpcWriter {
    private readonly encoder: GobEncoder;
    /** The messages of the pair being written (reused: send() keeps no reference to it). */
    private readonly captured: Uint8Array[] = [];

    constructor(private readonly stream: Duplex, options: GobEncoderOptions = {}) {
        this.encoder = new GobEncoder((bytes) => this.captured.push(bytes), options);
    }

    /** Throws (GobError) when the header or body does not fit its schema; the stream stays usable. */
    write(headerSchema: Schema, header: unknown, bodySchema: Schema, body: unknown): void {
        this.captured.length = 0;
        this.encoder.encodeValue(headerSchema, header);
        const headerBytes = this.captured[0];
        try {
            this.encoder.encodeValue(bodySchema, body);
        } catch (err) {
            const {definitions} = splitTypeDefinitions(headerBytes);
            if (definitions.length > 0) {
                this.send([definitions]);
            }
            throw err;
        }
        this.send(this.captured);
    }

    private send(parts: Uint8Array[]): void {
        if (!this.stream.writable) {
            return;
        }
        let total = 0;
        for (const p of parts) {
            total += p.length;
        }
        if (parts.length > 1 && total <= JOIN_BELOW_BYTES) {
            // One write, so one yamux frame, instead of a frame per gob message.
            this.stream.write(Buffer.concat(parts, total));
            return;
        }
        this.stream.cork();
        for (const p of parts) {
            this.stream.write(p);
        }
        this.stream.uncork();
    }
}
