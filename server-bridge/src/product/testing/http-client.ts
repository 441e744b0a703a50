// Calls an HttpHandler the way the bridge does (method, URL, lower-cased headers, a body
// that streams in chunks) and collects the answer, for tests and the preview host.
import type {HttpHandler} from '../http-types';

export interface CallResult {
    status: number;
    headers: Record<string, string>;
    text: string;
    /** Parsed JSON, or undefined when the body is not JSON. */
    json: unknown;
}

export interface CallOptions {
    userId?: string;
    body?: unknown;
    /** Raw body bytes or text, sent as is (overrides `body`). */
    raw?: Uint8Array | string;
    chunkSize?: number;
    /** Counts the chunks the handler pulled from the body stream. */
    onChunk?: () => void;
}

export async function call(handler: HttpHandler, method: string, url: string, opts: CallOptions = {}): Promise<CallResult> {
    const bytes = opts.raw !== undefined
        ? (typeof opts.raw === 'string' ? new TextEncoder().encode(opts.raw) : opts.raw)
        : opts.body !== undefined ? new TextEncoder().encode(JSON.stringify(opts.body)) : new Uint8Array();
    const chunkSize = opts.chunkSize ?? 64 * 1024;
    async function* body(): AsyncGenerator<Uint8Array> {
        for (let at = 0; at < bytes.length; at += chunkSize) {
            opts.onChunk?.();
            yield bytes.slice(at, at + chunkSize);
        }
    }
    const headers: Record<string, string[]> = {'content-type': ['application/json']};
    if (opts.userId !== undefined) {
        headers['mattermost-user-id'] = [opts.userId];
    }
    let status = 0;
    const outHeaders: Record<string, string> = {};
    let text = '';
    await handler({method, url, headers, body: body()}, {
        setHeader: (name, value) => {
            outHeaders[name.toLowerCase()] = value;
        },
        writeHead: (s) => {
            status = status || s;
        },
        write: async (chunk) => {
            status = status || 200;
            text += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
        },
    });
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch {
        json = undefined;
    }
    return {status, headers: outHeaders, text, json};
}
