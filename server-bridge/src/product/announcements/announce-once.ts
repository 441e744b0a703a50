// A step's announcement is posted once per run. Before the bot posts, the caller claims
// `ann:<runId>:<step hash>` by compare-and-set ('posting'); right after the post exists the
// claim becomes 'posted' with its id. Two presses at the same moment (on one server or two)
// therefore make one post; a second press later is told where the post is. A failed post
// gives the claim back. A 'posting' claim older than POSTING_STALE_MS (the poster died) may
// be taken over: if that poster died after Mattermost stored its post and before the claim
// said so, the announcement is posted twice; that is the one case left.
import {createHash} from 'node:crypto';
import type {KVStore} from '../platform';
import {ActionError} from '../runs/errors';

export const POSTING_STALE_MS = 2 * 60_000;

type ClaimValue = {state: 'posting'; by: string; at: number} | {state: 'posted'; by: string; at: number; postId: string};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function read(bytes: Uint8Array | null): ClaimValue | null {
    if (!bytes) {
        return null;
    }
    try {
        const v = JSON.parse(decoder.decode(bytes)) as ClaimValue;
        return (v?.state === 'posting' || v?.state === 'posted') && typeof v.by === 'string' && typeof v.at === 'number' ? v : null;
    } catch {
        return null;
    }
}

/** Step ids may be long (sub-steps: "step/sub"); KV keys are at most 150 characters. */
export function announcementKey(runId: string, stepId: string): string {
    return `ann:${runId}:${createHash('sha256').update(stepId).digest('hex').slice(0, 32)}`;
}

export interface AnnouncementClaim {
    /** The post exists now: nobody may post it again. */
    posted(postId: string): Promise<void>;
    /** Posting failed before anything was posted: someone may try again. */
    giveBack(): Promise<void>;
}

/** Claims the right to post; a refusal (409) says who posted it or that it is being posted. */
export async function claimAnnouncement(kv: KVStore, runId: string, stepId: string, title: string, userId: string, now: number): Promise<AnnouncementClaim> {
    const key = announcementKey(runId, stepId);
    const current = await kv.get(key);
    const claim = read(current);
    if (claim?.state === 'posted') {
        throw new ActionError('conflict', `the announcement for "${title}" was already posted (post ${claim.postId}); it is posted once per run`);
    }
    if (claim?.state === 'posting' && now - claim.at < POSTING_STALE_MS) {
        throw new ActionError('conflict', `the announcement for "${title}" is being posted right now`);
    }
    const mine = encoder.encode(JSON.stringify({state: 'posting', by: userId, at: now} satisfies ClaimValue));
    if (!(await kv.setWithOptions(key, mine, {atomic: true, oldValue: current}))) {
        throw new ActionError('conflict', `the announcement for "${title}" is being posted right now`);
    }
    return {
        async posted(postId: string) {
            // Plain write: the claim is ours, and this must land as soon as the post exists.
            await kv.set(key, encoder.encode(JSON.stringify({state: 'posted', by: userId, at: now, postId} satisfies ClaimValue)));
        },
        async giveBack() {
            await kv.setWithOptions(key, null, {atomic: true, oldValue: mine});
        },
    };
}
