// The host's half of ServeHTTP's two broker streams (Mattermost's http.go and io_rpc.go):
// the response-writer net/rpc server (Header, SyncHeader, WriteHeader, Write) writing into
// the caller's HttpResponse, headers the host set beforehand included, and the request body served on the raw pull protocol (the
// plugin asks for n bytes with a signed varint, the host copies n bytes, or fewer and then
// closes the stream at the end of the body, like Go's io.CopyN).
import type {Duplex} from 'node:stream';

import {HttpHeader} from '../mattermost/model-schemas';
import type {HttpResponse} from '../product/http-types';
import {g} from '../wire/gob';
import {EmptyBody, rpcMethod, type RpcMethod} from '../wire/netrpc';

/** One pull is answered with at most this much, whatever the plugin asks. */
const MAX_PULL = 1024 * 1024;

/** Canonical MIME header key, as Go's http.Header stores keys (content-type -> Content-Type). */
export function canonicalHeaderKey(name: string): string {
    return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

export interface ResponseState {
    status: number;
    headersSent: boolean;
}

/**
 * The response-writer service for one ServeHTTP call. `preset` is what the host has already
 * put in the response before calling the plugin (Mattermost's middleware does this: CORS and
 * rate-limit headers): Header answers it, SyncHeader replaces the whole map (a key the plugin
 * leaves out is deleted, as in http.go), and only the map as it stands at the first
 * WriteHeader or Write reaches `res`.
 */
export function responseWriterMethods(res: HttpResponse, state: ResponseState, preset: Record<string, string[]> = {}): Record<string, RpcMethod> {
    let header = new Map<string, string[]>();
    for (const [k, v] of Object.entries(preset)) {
        header.set(canonicalHeaderKey(k), [...v]);
    }
    const flushHeaders = (status: number) => {
        if (state.headersSent) {
            return;
        }
        for (const [k, values] of header) {
            if (values.length > 0) {
                res.setHeader(k, values.join(', '));
            }
        }
        state.status = status;
        state.headersSent = true;
        res.writeHead(status);
    };
    return {
        // A copy: what the plugin later sends back is compared against the live map.
        Header: rpcMethod(EmptyBody, HttpHeader, () => new Map(header) as never),
        SyncHeader: rpcMethod(HttpHeader, EmptyBody, (h) => {
            const next = new Map<string, string[]>();
            const entries = h instanceof Map ? [...h.entries()] : Object.entries((h ?? {}) as Record<string, string[]>);
            for (const [k, v] of entries) {
                next.set(canonicalHeaderKey(String(k)), Array.isArray(v) ? v.map(String) : []);
            }
            header = next;
            return {};
        }),
        WriteHeader: rpcMethod(g.int(), EmptyBody, (status) => {
            const code = Number(status);
            if (!Number.isInteger(code) || code < 100 || code > 999) {
                throw new Error('invalid http status code');
            }
            flushHeaders(code);
            return {};
        }),
        Write: rpcMethod(g.bytes(), EmptyBody, async (bytes) => {
            // Go's http server: the first Write without WriteHeader is an implicit 200.
            flushHeaders(200);
            if (bytes.length > 0) {
                await res.write(bytes);
            }
            return {};
        }),
    };
}

/** Reads Go's signed varint (zig-zag) from the front of `buf`; null when incomplete. */
export function readVarint(buf: Buffer): {value: number; length: number} | null {
    let ux = 0n;
    for (let i = 0; i < buf.length && i < 10; i++) {
        const b = buf[i];
        ux |= BigInt(b & 0x7f) << BigInt(7 * i);
        if (b < 0x80) {
            const x = ux >> 1n;
            const value = (ux & 1n) ? ~x : x;
            return {value: Number(BigInt.asIntN(64, value)), length: i + 1};
        }
    }
    if (buf.length >= 10) {
        throw new Error('varint overflows a 64-bit integer');
    }
    return null;
}

/** Serves `body` on the pull protocol until it ends or the plugin closes the stream. */
export async function serveRequestBody(stream: Duplex, body: AsyncIterable<Uint8Array>): Promise<void> {
    const source = body[Symbol.asyncIterator]();
    let pending = Buffer.alloc(0);
    let leftover: Buffer = Buffer.alloc(0);
    let ended = false;
    let busy = false;
    stream.on('error', () => undefined);

    const answer = async () => {
        if (busy) {
            return;
        }
        busy = true;
        try {
            while (!ended) {
                const v = readVarint(pending);
                if (!v) {
                    break;
                }
                pending = pending.subarray(v.length);
                let want = Math.min(Math.max(v.value, 0), MAX_PULL);
                const out: Buffer[] = [];
                while (want > 0) {
                    if (leftover.length === 0) {
                        const next = await source.next();
                        if (next.done) {
                            ended = true;
                            break;
                        }
                        leftover = Buffer.from(next.value);
                    }
                    const piece = leftover.subarray(0, want);
                    leftover = leftover.subarray(piece.length);
                    want -= piece.length;
                    out.push(piece);
                }
                if (out.length > 0 && !stream.destroyed) {
                    stream.write(Buffer.concat(out));
                }
                if (ended) {
                    stream.end();
                }
            }
        } catch {
            // A bad request (an overlong varint) or a failing body: reset the stream; the
            // plugin's read ends with an error and nothing else is affected.
            stream.destroy();
        } finally {
            busy = false;
        }
        if (!ended && readVarint(pending)) {
            void answer();
        }
    };
    await new Promise<void>((resolve) => {
        stream.on('data', (chunk: Buffer) => {
            pending = Buffer.concat([pending, chunk]);
            if (pending.length > 64) {
                // More than a few outstanding requests: not the protocol; reset.
                stream.destroy();
                return;
            }
            void answer();
        });
        stream.on('close', () => resolve());
        stream.on('end', () => resolve());
    });
    await source.return?.();
}
