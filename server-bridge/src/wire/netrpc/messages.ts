// Go net/rpc's framing with its gob codec: each request is a Request header value followed
// by the argument value, each response a Response header followed by the reply value, all
// on one gob stream per direction. Field names and order are Go's (net/rpc Request and
// Response; their unexported `next` fields are not on the wire).

import {g} from '../gob';

export const RequestHeader = g.struct('rpc.Request', {
    ServiceMethod: g.string(),
    Seq: g.uint64(),
});

export const ResponseHeader = g.struct('rpc.Response', {
    ServiceMethod: g.string(),
    Seq: g.uint64(),
    Error: g.string(),
});

/** Go's `invalidRequest = struct{}{}`: the body sent with every error response. */
export const EmptyBody = g.struct('struct {}', {});

/** Go's error texts, so callers on either side can match them. */
export const rpcText = {
    illFormed: (sm: string) => `rpc: service/method request ill-formed: ${sm}`,
    noService: (sm: string) => `rpc: can't find service ${sm}`,
    noMethod: (sm: string) => `rpc: can't find method ${sm}`,
    shutdown: 'connection is shut down',
    unexpectedEOF: 'unexpected EOF',
};

/**
 * Splits one encoder output ([type definitions...][value]) into the definitions and the
 * value message, by walking gob's length prefixes. Input is our own encoder's output.
 */
export function splitTypeDefinitions(bytes: Uint8Array): {definitions: Uint8Array; value: Uint8Array} {
    let pos = 0;
    let last = 0;
    while (pos < bytes.length) {
        last = pos;
        const first = bytes[pos];
        let length: number;
        if (first < 0x80) {
            length = first;
            pos += 1;
        } else {
            const n = 256 - first;
            length = 0;
            for (let i = 1; i <= n; i++) {
                length = length * 256 + bytes[pos + i];
            }
            pos += 1 + n;
        }
        pos += length;
    }
    return {definitions: bytes.subarray(0, last), value: bytes.subarray(last)};
}
