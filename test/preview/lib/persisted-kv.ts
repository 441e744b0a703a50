// The plugin KV store of the preview: Mattermost's semantics come from the product's own
// MemoryKV; this subclass mirrors every key a write touched into a plain record the state
// file saves, and restores the record (with remaining expiry) on start.
import type {KVSetOptions} from '../../../server-bridge/src/product/platform';
import {MemoryKV} from '../../../server-bridge/src/product/testing';

import type {StoredKVEntry} from './state-file';

export class PersistedKV extends MemoryKV {
    constructor(
        private readonly mirror: Record<string, StoredKVEntry>,
        private readonly changed: () => void,
        private readonly clock: () => number = Date.now,
    ) {
        super(clock);
    }

    /** Loads the mirror into the store; expired entries are dropped. */
    async restore(): Promise<void> {
        for (const [key, entry] of Object.entries(this.mirror)) {
            const remaining = entry.exp === 0 ? 0 : Math.ceil((entry.exp - this.clock()) / 1000);
            if (entry.exp !== 0 && remaining <= 0) {
                delete this.mirror[key];
                continue;
            }
            await super.setWithOptions(key, Buffer.from(entry.v, 'base64'), {expireInSeconds: remaining});
        }
    }

    override async set(key: string, value: Uint8Array | null): Promise<void> {
        await super.set(key, value);
        this.record(key, value, 0);
    }

    override async setWithOptions(key: string, value: Uint8Array | null, options: KVSetOptions): Promise<boolean> {
        const won = await super.setWithOptions(key, value, options);
        if (won) {
            const seconds = options.expireInSeconds ?? 0;
            this.record(key, value, seconds !== 0 ? this.clock() + Math.trunc(seconds) * 1000 : 0);
        }
        return won;
    }

    override async delete(key: string): Promise<void> {
        await super.delete(key);
        this.record(key, null, 0);
    }

    private record(key: string, value: Uint8Array | null, exp: number): void {
        if (value === null) {
            delete this.mirror[key];
        } else {
            this.mirror[key] = {v: Buffer.from(value).toString('base64'), exp};
        }
        this.changed();
    }
}
