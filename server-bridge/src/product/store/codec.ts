// JSON records in KV, with a size bound: Mattermost stores any size, but every value travels
// through the plugin RPC in one message and is read whole on each action, so we keep each
// value well under a megabyte and refuse clearly instead of growing without limit.
export const MAX_VALUE_BYTES = 900 * 1024;

export class ValueTooLargeError extends Error {
    constructor(readonly what: string, readonly bytes: number) {
        super(`${what} would take ${bytes} bytes, over the storage limit of ${MAX_VALUE_BYTES} bytes`);
    }
}

export class CorruptRecordError extends Error {}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', {fatal: true});

export function encodeRecord(what: string, value: unknown): Uint8Array {
    const bytes = encoder.encode(JSON.stringify(value));
    if (bytes.length > MAX_VALUE_BYTES) {
        throw new ValueTooLargeError(what, bytes.length);
    }
    return bytes;
}

/** Parses a stored JSON object; a value that is not one is reported, never thrown raw. */
export function decodeRecord(key: string, bytes: Uint8Array): Record<string, unknown> {
    let parsed: unknown;
    try {
        parsed = JSON.parse(decoder.decode(bytes));
    } catch {
        throw new CorruptRecordError(`stored value at ${key} is not valid JSON`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new CorruptRecordError(`stored value at ${key} is not a JSON object`);
    }
    return parsed as Record<string, unknown>;
}
