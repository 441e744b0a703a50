// One marker per (run, recipient, local day) records that a reminder or digest went out. A
// marker is first claimed as 'pending' by compare-and-set, then set to 'sent' after the post
// succeeded: two instances can never both claim it, and a claim left 'pending' by an instance
// that died before sending is picked up again by the next lease holder, so nothing is lost.
// (A crash between the post and the 'sent' write can repeat that one message: at most one
// repeat, and only then.)
import type {KVStore} from '../platform';
import {encodeJson, readJson} from './kv-json';

/** Markers outlive the day they are for by a week, then KV drops them. */
const MARKER_TTL_SECONDS = 8 * 24 * 3600;

export type Recipient = {kind: 'user'; userId: string} | {kind: 'digest'};

interface MarkerValue {
    state: 'pending' | 'sent';
    by: string;
    at: number;
}

function isMarker(v: unknown): v is MarkerValue {
    const m = v as MarkerValue;
    return typeof v === 'object' && v !== null && (m.state === 'pending' || m.state === 'sent') && typeof m.by === 'string';
}

export function markerKey(runId: string, day: string, recipient: Recipient): string {
    const who = recipient.kind === 'user' ? `u:${recipient.userId}` : 'digest';
    return `rem:${runId}:${day}:${who}`;
}

export function runDayKey(runId: string, day: string): string {
    return `rem:${runId}:${day}:done`;
}

export class SentMarkers {
    constructor(private readonly kv: KVStore, private readonly owner: string) {}

    /**
     * Claims a recipient's reminder for the day. True when the caller must send it: nobody
     * marked it yet, or a claim was left pending by an earlier lease holder.
     */
    async claim(key: string, now: number): Promise<boolean> {
        const current = await readJson(this.kv, key, isMarker);
        if (current.value?.state === 'sent') {
            return false;
        }
        return this.kv.setWithOptions(key, encodeJson({state: 'pending', by: this.owner, at: now}), {
            atomic: true,
            oldValue: current.raw,
            expireInSeconds: MARKER_TTL_SECONDS,
        });
    }

    async markSent(key: string, now: number): Promise<void> {
        await this.kv.setWithOptions(key, encodeJson({state: 'sent', by: this.owner, at: now}), {expireInSeconds: MARKER_TTL_SECONDS});
    }

    async isSent(key: string): Promise<boolean> {
        const current = await readJson(this.kv, key, isMarker);
        return current.value?.state === 'sent';
    }
}
