// "Post it": renders a step's announcement, posts it as the bot in the configured channel,
// and records it as the step's evidence through the run service (so the same checks,
// websocket events and audit events apply as for any other evidence). Evidence must be a post
// in the run's channel, so when the announcement goes elsewhere the bot also posts a short
// notice in the run's channel linking to it, and that notice is the evidence.
// The bot posts an admin-written message (it may say @channel) where the caller may not post
// themselves, so only the step's owners, the Release Manager and system admins may post it,
// and only once per run (announce-once.ts).
import type {Run} from '../model';
import type {PlatformApi, PlatformPost} from '../platform';
import {escapeInline, permalink} from '../report/markdown';
import {ActionError, forbidden, invalid} from '../runs/errors';
import {attachEvidence, isReleaseManager, markDone} from '../runs/step-actions';
import {ownersOf} from '../report/run-facts';
import {claimAnnouncement} from './announce-once';
import {renderAnnouncement} from './render-announcement';
import {resolveChannelSetting} from './resolve-channel';

export interface AnnouncementDeps {
    api: Pick<PlatformApi, 'createPost' | 'getChannel' | 'getChannelByNameForTeamName' | 'getTeam' | 'isChannelMember' | 'getSiteURL' | 'hasPermission' | 'kv'>;
    /** Raw plugin settings (System Console values). */
    settings(): Promise<Record<string, unknown>>;
    botUserId(): string;
    /** Records the post as the step's evidence (and closes the step) through the run service. */
    recordEvidence(run: Run, stepId: string, userId: string, postId: string): Promise<Run>;
    /** Milliseconds since the epoch (the claim's age); Date.now by default. */
    now?(): number;
}

export interface AnnouncementResult {
    post: PlatformPost;
    /** The post recorded as evidence: the announcement itself, or the notice in the run's channel. */
    evidence: PlatformPost;
    run: Run;
}

/** `run` must come from the run service's read for `userId`, which checked that the caller may see it. */
export async function postAnnouncement(deps: AnnouncementDeps, run: Run, stepId: string, userId: string): Promise<AnnouncementResult> {
    const step = run.steps.find((s) => s.id === stepId);
    if (!step) {
        throw new ActionError('not_found', `step ${stepId} is not in this run`);
    }
    if (!step.announcement) {
        throw invalid(`"${step.title}" has no announcement to post`);
    }
    if (run.status !== 'active') {
        throw invalid(`the run is ${run.status}; announcements are posted from active runs only`);
    }
    if (!ownersOf(run, step).includes(userId) && !isReleaseManager(run, userId) && !(await deps.api.hasPermission(userId, 'manage_system'))) {
        throw forbidden(`only the owners of "${step.title}", the Release Manager or a system admin may post its announcement`);
    }
    // Run the change that will record the evidence on a copy first, so a caller it would
    // refuse (an approval step they may not close, an evidence cap) is told before anything is posted.
    dryRunRecord(run, stepId, userId);
    const target = await resolveChannelSetting(deps.api, await deps.settings(), step.announcement.channelSetting);
    if (!target.ok) {
        throw invalid(target.error);
    }
    if (!(await deps.api.isChannelMember(target.channel.id, userId))) {
        throw forbidden(`you are not a member of ~${target.channel.name}, where this announcement goes`);
    }
    const runChannel = await deps.api.getChannel(run.channelId);
    const message = renderAnnouncement(step.announcement, run, {channelName: runChannel?.name});
    const claim = await claimAnnouncement(deps.api.kv, run.id, stepId, step.title, userId, (deps.now ?? Date.now)());
    let post: PlatformPost;
    try {
        post = await deps.api.createPost({
            channelId: target.channel.id,
            userId: deps.botUserId(),
            message,
            props: {release_checklist: {runId: run.id, stepId, kind: 'announcement', postedFor: userId}},
        });
    } catch (err) {
        await claim.giveBack().catch(() => undefined);
        throw err;
    }
    if (!post.id) {
        await claim.giveBack().catch(() => undefined);
        throw new ActionError('conflict', 'Mattermost did not return the announcement post');
    }
    // First thing once the post exists (one retry): the window for a second post is this write.
    const postId = post.id;
    await claim.posted(postId).catch(() => claim.posted(postId)).catch(() => undefined);
    let evidence = post;
    if (target.channel.id !== run.channelId) {
        const team = await deps.api.getTeam(target.channel.teamId);
        const url = permalink(await deps.api.getSiteURL(), post.id, team?.name);
        evidence = await deps.api.createPost({
            channelId: run.channelId,
            userId: deps.botUserId(),
            message: `:loudspeaker: Posted the announcement for **${escapeInline(step.title)}** in ~${target.channel.name}: [open it](${url})`,
            props: {release_checklist: {runId: run.id, stepId, kind: 'announcement-notice', announcementPostId: post.id}},
        });
        if (!evidence.id) {
            throw new ActionError('conflict', `the announcement was posted (post ${post.id}) but the notice in this channel was not`);
        }
    }
    try {
        return {post, evidence, run: await deps.recordEvidence(run, stepId, userId, evidence.id ?? post.id)};
    } catch (err) {
        // The post exists; say so, so nobody posts it twice, and keep the cause.
        const why = err instanceof Error ? err.message : String(err);
        throw new ActionError(err instanceof ActionError ? err.kind : 'conflict',
            `the announcement was posted (post ${post.id}) but could not be recorded as evidence: ${why}`);
    }
}

/** The change recordEvidence makes (close an open step, else attach), on a throwaway copy. */
function dryRunRecord(run: Run, stepId: string, userId: string): void {
    const copy = structuredClone(run);
    const who = {userId, at: new Date(0).toISOString(), source: 'rhs' as const};
    const placeholderPostId = 'announcement-dry-run';
    if (copy.steps.find((s) => s.id === stepId)?.state === 'open') {
        markDone(copy, stepId, who, placeholderPostId);
    } else {
        attachEvidence(copy, stepId, placeholderPostId, who);
    }
}
