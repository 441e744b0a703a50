// A test-only KV store with Mattermost's semantics (KVSetWithOptions compare-and-set where a
// null oldValue means "absent", expiry, ascending key listing), on an injectable clock.
import type {KVSetOptions, KVStore} from '../platform';

function same(a: Uint8Array | null, b: Uint8Array | null): boolean {
    if (a === null || b === null) {
        return a === b;
    }
    return a.length === b.length && a.every((x, i) => x === b[i]);
}

export class TestKV implements KVStore {
    readonly data = new Map<string, {value: Uint8Array; expiresAt: number | null}>();

    constructor(private readonly now: () => number = () => Date.now()) {}

    private live(key: string): Uint8Array | null {
        const entry = this.data.get(key);
        if (!entry) return null;
        if (entry.expiresAt !== null && entry.expiresAt <= this.now()) {
            this.data.delete(key);
            return null;
        }
        return entry.value;
    }

    async get(key: string): Promise<Uint8Array | null> {
        const v = this.live(key);
        return v === null ? null : v.slice();
    }

    async set(key: string, value: Uint8Array | null): Promise<void> {
        await this.setWithOptions(key, value, {});
    }

    async setWithOptions(key: string, value: Uint8Array | null, options: KVSetOptions): Promise<boolean> {
        if (options.atomic && !same(this.live(key), options.oldValue ?? null)) {
            return false;
        }
        if (value === null) {
            this.data.delete(key);
        } else {
            const ttl = options.expireInSeconds ?? 0;
            this.data.set(key, {value: value.slice(), expiresAt: ttl > 0 ? this.now() + ttl * 1000 : null});
        }
        return true;
    }

    async delete(key: string): Promise<void> {
        this.data.delete(key);
    }

    async listKeys(page: number, perPage: number): Promise<string[]> {
        const keys = [...this.data.keys()].filter((k) => this.live(k) !== null).sort();
        return keys.slice(page * perPage, (page + 1) * perPage);
    }

    /** Every live key and value as text, for "nothing changed" assertions. */
    snapshot(): Record<string, string> {
        const out: Record<string, string> = {};
        for (const key of [...this.data.keys()].sort()) {
            const v = this.live(key);
            if (v !== null) out[key] = new TextDecoder().decode(v);
        }
        return out;
    }
}
