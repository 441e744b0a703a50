// The product's HttpResponse over Mattermost's response-writer stream (http.go): a net/rpc
// client calling the host's Plugin.Header, Plugin.SyncHeader, Plugin.WriteHeader and
// Plugin.Write. Calls that change the response are made one at a time, in order (the host
// runs each net/rpc call in its own goroutine, so overlapping calls could be applied out of
// order), and each body chunk is written as it comes, so a large answer streams. Headers
// are synced before the status and before a write whenever they changed; an explicit 200
// before the first write is left to the host's implicit one, as Go's http server would
// send it anyway.
//
// SyncHeader replaces the host's whole header map (keys it lacks are deleted), so the
// headers Mattermost set before calling ServeHTTP (its CORS and rate-limit middleware) are
// fetched once with Plugin.Header and sent back under the product's own. The fetch starts
// when ServeHTTP begins (or at the first setHeader) without waiting for it, so it overlaps
// the handler's work instead of adding a round trip in front of the first SyncHeader.
import {g} from '../wire/gob';
import {EmptyBody} from '../wire/netrpc';
import type {HttpResponse} from '../product/http-types';
import type {RpcCaller} from './api-client';
import {HttpHeader} from './model-schemas';

/** Largest piece one Plugin.Write carries; bigger chunks are split so each call stays small. */
export const MAX_WRITE_BYTES = 256 * 1024;

/** Go's textproto.CanonicalMIMEHeaderKey for token names ("content-type" -> "Content-Type"). */
export function canonicalHeaderKey(name: string): string {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
        return name;
    }
    return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

const StatusArg = g.int();
const BytesArg = g.bytes();

/** The host's header map as Plugin.Header answers it, keys canonicalised like the product's. */
async function fetchHostHeaders(rpc: RpcCaller): Promise<Map<string, string[]>> {
    const reply = await rpc.call('Plugin.Header', EmptyBody, {}, HttpHeader);
    const out = new Map<string, string[]>();
    if (reply instanceof Map) {
        for (const [k, v] of reply as Map<unknown, unknown>) {
            if (typeof k === 'string' && Array.isArray(v) && v.every((x) => typeof x === 'string')) {
                out.set(canonicalHeaderKey(k), v as string[]);
            }
        }
    }
    return out;
}

export class RemoteResponseWriter implements HttpResponse {
    private readonly headers = new Map<string, string[]>();
    /** The host's headers from before ServeHTTP; started by the first setHeader. */
    private hostHeaders: Promise<Map<string, string[]>> | null = null;
    private status: number | null = null;
    private committed = false;
    private headersDirty = false;
    private bytesWritten = 0;
    /** Serialises the RPC calls. */
    private queue: Promise<void> = Promise.resolve();

    constructor(private readonly rpc: RpcCaller) {}

    get statusSent(): number | null {
        return this.committed ? this.status ?? 200 : null;
    }

    get written(): number {
        return this.bytesWritten;
    }

    setHeader(name: string, value: string): void {
        if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) {
            throw new Error(`header ${JSON.stringify(name)} contains a line break`);
        }
        this.headers.set(canonicalHeaderKey(name), [value]);
        this.headersDirty = true;
        this.startHostHeaderFetch();
    }

    writeHead(status: number): void {
        if (!Number.isInteger(status) || status < 100 || status > 999) {
            throw new RangeError(`invalid HTTP status code ${status}`);
        }
        // Like Go: only the first status counts.
        if (!this.committed && this.status === null) {
            this.status = status;
        }
    }

    write(chunk: Uint8Array | string): Promise<void> {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        return this.enqueue(async () => {
            await this.commit();
            for (let at = 0; at < bytes.length; at += MAX_WRITE_BYTES) {
                const piece = bytes.subarray(at, Math.min(bytes.length, at + MAX_WRITE_BYTES));
                if (this.headersDirty) {
                    await this.syncHeader();
                }
                await this.rpc.call('Plugin.Write', BytesArg, piece, EmptyBody);
                this.bytesWritten += piece.length;
            }
        });
    }

    /** Sends the status and headers if nothing was written yet; call when the handler is done. */
    finish(): Promise<void> {
        return this.enqueue(() => this.commit());
    }

    private enqueue(task: () => Promise<void>): Promise<void> {
        const next = this.queue.then(task);
        this.queue = next.catch(() => undefined);
        return next;
    }

    /**
     * Starts reading the host's headers now. ServeHTTP calls it as the request arrives, so the
     * round trip overlaps the handler's own work: every product answer sets Content-Type.
     */
    startHostHeaderFetch(): void {
        if (this.hostHeaders === null) {
            const fetched = fetchHostHeaders(this.rpc).catch((err: unknown) => {
                throw new Error(`reading the server's response headers (Plugin.Header) failed: ${err instanceof Error ? err.message : String(err)}`);
            });
            // Awaited by the first sync; until then a failure must not be an unhandled rejection.
            fetched.catch(() => undefined);
            this.hostHeaders = fetched;
        }
    }

    private async syncHeader(): Promise<void> {
        this.startHostHeaderFetch();
        const merged = new Map<string, string[]>();
        for (const [k, v] of await this.hostHeaders!) {
            if (!this.headers.has(k)) {
                merged.set(k, v);
            }
        }
        for (const [k, v] of this.headers) {
            merged.set(k, v);
        }
        this.headersDirty = false;
        await this.rpc.call('Plugin.SyncHeader', HttpHeader, merged, EmptyBody);
    }

    private async commit(): Promise<void> {
        if (this.committed) {
            return;
        }
        this.committed = true;
        if (this.headersDirty) {
            await this.syncHeader();
        }
        if (this.status !== null && this.status !== 200) {
            await this.rpc.call('Plugin.WriteHeader', StatusArg, this.status, EmptyBody);
        }
    }
}
