// An in-memory KVStore with the semantics of Mattermost's plugin KV store (the SQL plugin
// store behind KVSet, KVSetWithOptions, KVDelete and KVList), so code tested against it
// behaves the same against a real server:
// - keys are 1..150 characters; an empty or longer key is an error, as in PluginKeyValue.IsValid;
// - a null value deletes; OldValue without Atomic is an error (PluginKVSetOptions.IsValid);
// - atomic with OldValue null writes only when the key is absent (an expired value counts as absent);
// - atomic with a null value deletes only when the current value equals OldValue; with OldValue
//   null it does nothing and reports false;
// - expiry: ExpireInSeconds != 0 sets an expiry of now + seconds (a negative value is already
//   expired); expired keys read as absent and are not listed;
// - listKeys pages over the live keys in ascending order; perPage <= 0 means 10, page < 0 means 0.
// Values are copied in and out so callers can never alias stored bytes.
import type {KVSetOptions, KVStore} from '../platform';

export const KV_KEY_MAX_LENGTH = 150;
const DEFAULT_PER_PAGE = 10;

interface Entry {
    value: Uint8Array;
    /** Milliseconds since the epoch; 0 means never. */
    expireAt: number;
}

/** Consulted before an atomic write; returning true makes that write lose as if another writer got in first. */
export type ConflictInjector = (key: string) => boolean;

export class KVError extends Error {}

export class MemoryKV implements KVStore {
    private readonly entries = new Map<string, Entry>();
    private conflictInjector: ConflictInjector | null = null;
    /** Counts the atomic writes that lost, injected or real. */
    conflicts = 0;

    constructor(private readonly now: () => number = Date.now) {}

    /** Tests use it to simulate another writer sneaking in between read and compare-and-set. */
    injectConflicts(injector: ConflictInjector | null): void {
        this.conflictInjector = injector;
    }

    async get(key: string): Promise<Uint8Array | null> {
        checkKey(key);
        const entry = this.live(key);
        return entry ? entry.value.slice() : null;
    }

    async set(key: string, value: Uint8Array | null): Promise<void> {
        await this.setWithOptions(key, value, {});
    }

    async setWithOptions(key: string, value: Uint8Array | null, options: KVSetOptions): Promise<boolean> {
        checkKey(key);
        const oldValue = options.oldValue ?? null;
        if (!options.atomic && oldValue !== null) {
            throw new KVError('KV set: oldValue is only allowed with atomic');
        }
        const seconds = options.expireInSeconds ?? 0;
        if (!Number.isFinite(seconds)) {
            throw new KVError('KV set: expireInSeconds must be a finite number');
        }
        const expireAt = seconds !== 0 ? this.now() + Math.trunc(seconds) * 1000 : 0;

        if (!options.atomic) {
            if (value === null) {
                this.entries.delete(key);
            } else {
                this.entries.set(key, {value: value.slice(), expireAt});
            }
            return true;
        }

        if (this.conflictInjector?.(key)) {
            this.conflicts++;
            return false;
        }
        const current = this.live(key);
        let won: boolean;
        if (value === null) {
            won = oldValue !== null && current !== null && bytesEqual(current.value, oldValue);
            if (won) {
                this.entries.delete(key);
            }
        } else if (oldValue === null) {
            won = current === null;
            if (won) {
                this.entries.set(key, {value: value.slice(), expireAt});
            }
        } else {
            won = current !== null && bytesEqual(current.value, oldValue);
            if (won) {
                this.entries.set(key, {value: value.slice(), expireAt});
            }
        }
        if (!won) {
            this.conflicts++;
        }
        return won;
    }

    async delete(key: string): Promise<void> {
        checkKey(key);
        this.entries.delete(key);
    }

    async listKeys(page: number, perPage: number): Promise<string[]> {
        const limit = Number.isInteger(perPage) && perPage > 0 ? perPage : DEFAULT_PER_PAGE;
        const offset = Number.isInteger(page) && page > 0 ? page * limit : 0;
        const keys = [...this.entries.keys()].filter((k) => this.live(k) !== null).sort(compareKeys);
        return keys.slice(offset, offset + limit);
    }

    /** Number of live keys; for tests and the preview host. */
    size(): number {
        return [...this.entries.keys()].filter((k) => this.live(k) !== null).length;
    }

    private live(key: string): Entry | null {
        const entry = this.entries.get(key);
        if (!entry) {
            return null;
        }
        if (entry.expireAt !== 0 && entry.expireAt <= this.now()) {
            this.entries.delete(key);
            return null;
        }
        return entry;
    }
}

function checkKey(key: string): void {
    const length = [...key].length;
    if (length === 0 || length > KV_KEY_MAX_LENGTH) {
        throw new KVError(`KV key must be 1 to ${KV_KEY_MAX_LENGTH} characters, got ${length}`);
    }
}

// The database orders keys by their bytes; compare code points rather than UTF-16 units.
function compareKeys(a: string, b: string): number {
    const ba = Buffer.from(a, 'utf8');
    const bb = Buffer.from(b, 'utf8');
    return Buffer.compare(ba, bb);
}

/** Byte-for-byte equality (a native compare: the run head and event chunks are compared on every action). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
    return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
