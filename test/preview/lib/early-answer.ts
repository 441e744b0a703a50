// A request answered before its body was read (413 above the size cap): stopping the read
// must not destroy the request, or the keep-alive connection dies under the client's next
// request (ECONNRESET). The answer says `Connection: close`, so the client opens a new
// connection next time, and the unread rest is read and thrown away up to a bound so the
// close is orderly (unread data at close makes TCP reset the connection, losing the answer).
import type {IncomingMessage, ServerResponse} from 'node:http';

/** How much of an over-size body is read and discarded before the connection is cut. */
export const DISCARD_LIMIT = 16 * 1024 * 1024;

/** The body as chunks; leaving the loop early leaves the request intact (see discardRest). */
export function bodyChunks(req: IncomingMessage): AsyncIterable<Buffer> {
    return {[Symbol.asyncIterator]: () => req.iterator({destroyOnReturn: false}) as AsyncIterator<Buffer>};
}

/** Marks an answer that is sent without reading the whole body. */
export function closeAfterAnswer(res: ServerResponse): void {
    if (!res.headersSent) {
        res.setHeader('connection', 'close');
    }
}

/** Reads and drops what is left of the body, cutting the connection past `limit` bytes. */
export function discardRest(req: IncomingMessage, limit = DISCARD_LIMIT): void {
    if (req.complete || req.destroyed) {
        return;
    }
    let seen = 0;
    req.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > limit) {
            req.destroy();
        }
    });
    req.on('error', () => undefined);
    req.resume();
}
