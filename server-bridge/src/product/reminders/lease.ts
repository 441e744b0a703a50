// A lease in KV so that only one plugin instance (one Mattermost server of a cluster) sends
// reminders at a time. It is taken and renewed by compare-and-set and carries its own expiry
// (checked against the injected clock, and set as the KV expiry too), so an instance that
// dies while holding it blocks the others only until it expires.
import type {KVStore} from '../platform';
import type {Clock} from './clock';
import {encodeJson, readJson} from './kv-json';

export const LEASE_KEY = 'rem:lease';

interface LeaseValue {
    owner: string;
    until: number;
}

function isLease(v: unknown): v is LeaseValue {
    return typeof v === 'object' && v !== null && typeof (v as LeaseValue).owner === 'string' && typeof (v as LeaseValue).until === 'number';
}

export class Lease {
    private held: Uint8Array | null = null;

    constructor(
        private readonly kv: KVStore,
        private readonly clock: Clock,
        private readonly owner: string,
        private readonly ttlMs: number,
    ) {}

    /** Takes the lease when it is free, expired or already ours; renews it when ours. */
    async acquire(): Promise<boolean> {
        const current = await readJson(this.kv, LEASE_KEY, isLease);
        const now = this.clock.now();
        if (current.value && current.value.owner !== this.owner && current.value.until > now) {
            return false;
        }
        return this.swap(current.raw, now);
    }

    /** Extends a lease we hold; false when it was lost (expired and taken by another instance). */
    async renew(): Promise<boolean> {
        if (!this.held) {
            return false;
        }
        return this.swap(this.held, this.clock.now());
    }

    /** Writes our lease over `oldValue` by compare-and-set; remembers it only when we won. */
    private async swap(oldValue: Uint8Array | null, now: number): Promise<boolean> {
        const next = encodeJson({owner: this.owner, until: now + this.ttlMs});
        const won = await this.kv.setWithOptions(LEASE_KEY, next, {
            atomic: true,
            oldValue,
            expireInSeconds: Math.ceil(this.ttlMs / 1000),
        });
        this.held = won ? next : null;
        return won;
    }

    async release(): Promise<void> {
        if (this.held) {
            await this.kv.setWithOptions(LEASE_KEY, null, {atomic: true, oldValue: this.held});
            this.held = null;
        }
    }
}
