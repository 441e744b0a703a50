// The plugin side of Mattermost's request-body stream (io_rpc.go): a pull protocol where the
// reader writes how many bytes it wants as a signed varint and the host copies up to that
// many, closing the stream when the body ends. The body is handed to the product as it
// arrives; at most two requests are outstanding, and yamux's window bounds what is buffered,
// so a large body never sits whole in memory.
import type {Duplex} from 'stream';

/** Bytes asked for per request (the host copies with a 32 KiB buffer). */
export const BODY_REQUEST_BYTES = 64 * 1024;

/** Go's binary.PutVarint: zig-zag, then 7 bits per byte, low first. */
export function encodeVarint(value: number): Buffer {
    if (!Number.isSafeInteger(value)) {
        throw new RangeError(`varint value ${value} is not a safe integer`);
    }
    let ux = BigInt(value) << 1n;
    if (value < 0) {
        ux = ~ux;
    }
    ux = BigInt.asUintN(64, ux);
    const bytes: number[] = [];
    while (ux >= 0x80n) {
        bytes.push(Number(ux & 0x7fn) | 0x80);
        ux >>= 7n;
    }
    bytes.push(Number(ux));
    return Buffer.from(bytes);
}

export interface RemoteBody {
    body: AsyncIterable<Uint8Array>;
    /** Ends the stream after the handler: a clean close when the body was read to its end (already done then), else a reset so the host stops sending. */
    close(): void;
}

function endOnce(stream: Duplex): void {
    if (!stream.writableEnded) {
        stream.end();
    }
}

export function remoteBody(stream: Duplex, requestBytes = BODY_REQUEST_BYTES): RemoteBody {
    const ask = requestBytes > 0 ? encodeVarint(requestBytes) : null;
    if (!ask) {
        throw new RangeError('requestBytes must be positive');
    }
    stream.on('error', () => undefined);
    let started = false;
    async function* read(): AsyncGenerator<Uint8Array> {
        // The stream can be read once; a second reader would only see what is left.
        if (started) {
            throw new Error('the request body was already read');
        }
        started = true;
        let outstanding = requestBytes;
        let complete = false;
        stream.write(ask);
        try {
            // Not destroyed on return: a body read to its end is closed, not reset (below).
            for await (const chunk of stream.iterator({destroyOnReturn: false})) {
                const bytes = chunk as Buffer;
                outstanding -= bytes.length;
                if (outstanding < requestBytes && !stream.readableEnded && stream.writable) {
                    stream.write(ask);
                    outstanding += requestBytes;
                }
                yield bytes;
            }
            complete = true;
        } finally {
            if (complete) {
                // The host closed its side after the last byte and arms yamux's close timeout
                // (5 min in v0.1.x), after which it resets the stream: closing ours at once
                // lets it forget the stream while the handler goes on.
                endOnce(stream);
            } else {
                // Left early (the product refused the body) or failed: a reset stops the host.
                stream.destroy();
            }
        }
    }
    return {
        body: {[Symbol.asyncIterator]: read},
        close() {
            if (stream.destroyed) {
                return;
            }
            if (stream.readableEnded) {
                endOnce(stream);
            } else {
                stream.destroy();
            }
        },
    };
}

/** The body of a request Mattermost sent without a body stream. */
export const EMPTY_BODY: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: async function* empty() {
        // nothing to read
    },
};
