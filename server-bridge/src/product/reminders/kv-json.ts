// JSON values in the plugin KV store, read defensively: a value that does not parse is
// treated as absent by the caller's own rules, never as a crash.
import type {KVStore} from '../platform';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeJson(value: unknown): Uint8Array {
    return encoder.encode(JSON.stringify(value));
}

export interface RawJson<T> {
    raw: Uint8Array | null;
    value: T | null;
}

export async function readJson<T>(kv: KVStore, key: string, isValid: (v: unknown) => v is T): Promise<RawJson<T>> {
    const raw = await kv.get(key);
    if (raw === null) {
        return {raw, value: null};
    }
    try {
        const parsed: unknown = JSON.parse(decoder.decode(raw));
        return {raw, value: isValid(parsed) ? parsed : null};
    } catch {
        return {raw, value: null};
    }
}
