// One active run per version and channel, decided by one compare-and-set: a start claims
// `ver:<channelId>:<version>` for its new run id before the run is written, so of two
// starts at the same moment (on one server or two) exactly one wins. The claim is never
// deleted when a run ends: a claim naming a run that is finished or archived is simply
// taken over, and so is one whose run never appeared (a start that died between its claim
// and its run record) once it is older than CLAIM_PENDING_MS.
import type {KVStore} from '../platform';
import type {Run} from '../model';
import {KEY} from './keys';

/** How long a claim whose run does not exist yet counts as a start in progress. */
export const CLAIM_PENDING_MS = 60_000;

interface Claim {
    runId: string;
    at: number;
}

/** The version is taken: by an active run (`run`), or by a start still in progress. */
export class VersionTakenError extends Error {
    constructor(readonly version: string, readonly run: Run | null) {
        super(run
            ? `release ${version} is already active in this channel (run ${run.id}, started ${run.createdAt.slice(0, 10)}); finish or archive it, or choose another version`
            : `release ${version} is being started in this channel right now; look at the channel's runs in a moment, or choose another version`);
    }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function readClaim(bytes: Uint8Array | null): Claim | null {
    if (!bytes) {
        return null;
    }
    try {
        const v = JSON.parse(decoder.decode(bytes)) as Claim;
        return typeof v?.runId === 'string' && typeof v.at === 'number' ? v : null;
    } catch {
        return null;
    }
}

export class VersionClaims {
    constructor(
        private readonly kv: KVStore,
        private readonly getRun: (runId: string) => Promise<Run | null>,
        private readonly now: () => number,
    ) {}

    /** Claims the version for `runId`, or throws VersionTakenError; never waits for another start. */
    async claim(channelId: string, version: string, runId: string): Promise<void> {
        const key = KEY.version(channelId, version);
        const next = encoder.encode(JSON.stringify({runId, at: this.now()} satisfies Claim));
        // A lost compare-and-set means another start wrote in between: look again at what it wrote.
        for (let attempt = 0; attempt < 5; attempt++) {
            const current = await this.kv.get(key);
            const claim = readClaim(current);
            if (claim && claim.runId !== runId) {
                const holder = await this.getRun(claim.runId);
                if (holder && holder.status === 'active' && holder.channelId === channelId) {
                    throw new VersionTakenError(version, holder);
                }
                if (!holder && this.now() - claim.at < CLAIM_PENDING_MS) {
                    throw new VersionTakenError(version, null);
                }
            }
            if (await this.kv.setWithOptions(key, next, {atomic: true, oldValue: current})) {
                return;
            }
        }
        throw new VersionTakenError(version, null);
    }

    /** Gives a claim back after the start failed, so a retry need not wait; only our own claim. */
    async release(channelId: string, version: string, runId: string): Promise<void> {
        const key = KEY.version(channelId, version);
        const current = await this.kv.get(key);
        if (readClaim(current)?.runId === runId) {
            await this.kv.setWithOptions(key, null, {atomic: true, oldValue: current});
        }
    }
}
