// What a click on a step button does. Mattermost sends the click to the plugin's route with
// the Mattermost-User-ID header of the clicker's session; that header is the only identity
// used (the body's user_id must agree with it, the button's context names only a run and a
// step). Every change goes through the run service, so a click is allowed exactly when the
// same action through the HTTP API is: channel membership, the approval gate, an active run.
// The answer is Mattermost's PostActionIntegrationResponse: `update` rewrites the clicked post
// (the card shows who did what, its buttons gone), `ephemeral_text` tells only the clicker.
import {DateTime} from 'luxon';
import type {Run, RunStep} from '../model';
import type {PlatformApi, PlatformPost} from '../platform';
import {ActionError, BOUNDS, type RunService} from '../runs';
import {escapeInline} from '../report/markdown';
import {formatDay} from '../report/time-format';
import {mention} from '../report/users';
import {closeCard, SKIP_DIALOG_URL, type Attachment, type ButtonContext} from './buttons';
import type {Snoozes} from './snoozes';
import {wakeDay} from './snoozes';

export const SKIP_CALLBACK_ID = 'skip-step';

export interface ClickRequest {
    /** The body's user_id; must match the signed header when present. */
    userId?: string;
    postId?: string;
    triggerId?: string;
    context: ButtonContext;
}

export interface ClickResponse {
    update?: {message: string; props: Record<string, unknown>};
    ephemeral_text?: string;
}

export interface SkipSubmission {
    state: {runId: string; stepId: string; postId?: string};
    reason: string;
}

export interface StepButtonDeps {
    api: Pick<PlatformApi, 'getPost' | 'getUser' | 'isChannelMember' | 'openInteractiveDialog' | 'updatePost' | 'log'>;
    service: RunService;
    snoozes: Snoozes;
    botUserId: () => string;
    now: () => Date;
}

/** 'Done' and friends as a sentence with a capital and a full stop. */
function sentence(message: string): string {
    const m = message.trim();
    return m ? `${m[0].toUpperCase()}${m.slice(1)}${/[.!?]$/.test(m) ? '' : '.'}` : m;
}

export class StepButtons {
    constructor(private readonly deps: StepButtonDeps) {}

    async click(userId: string, req: ClickRequest): Promise<ClickResponse> {
        if (req.userId !== undefined && req.userId !== userId) {
            return {ephemeral_text: 'This click was not made by you; nothing was changed.'};
        }
        const {action, runId, stepId} = req.context;
        let run: Run;
        try {
            run = await this.deps.service.getRun(userId, runId);
        } catch (err) {
            return refusal(err);
        }
        const step = run.steps.find((s) => s.id === stepId);
        if (!step) {
            return {ephemeral_text: `That step is no longer in release ${escapeInline(run.version)}; nothing was changed.`};
        }
        if (run.status !== 'active') {
            return {ephemeral_text: `Release ${escapeInline(run.version)} is ${run.status}; nothing was changed.`};
        }
        if (step.state !== 'open') {
            return {ephemeral_text: `**${escapeInline(step.title)}** is already ${await this.closedText(run, step, userId)}; nothing was changed.`};
        }
        if (action === 'done') {
            return this.done(userId, run, step, req.postId);
        }
        if (action === 'skip') {
            return this.openSkipDialog(run, step, req);
        }
        return this.snooze(userId, run, step, req.postId);
    }

    /** The skip dialog's submission: the reason is checked by the run service as any skip's. */
    async submitSkip(userId: string, submission: SkipSubmission): Promise<{errors?: Record<string, string>; error?: string}> {
        const {runId, stepId, postId} = submission.state;
        let run: Run;
        try {
            run = await this.deps.service.skip(userId, runId, stepId, submission.reason, 'message-button');
        } catch (err) {
            if (!(err instanceof ActionError)) {
                throw err;
            }
            return err.field === 'reason' ? {errors: {reason: sentence(err.message)}} : {error: sentence(err.message)};
        }
        const step = run.steps.find((s) => s.id === stepId);
        if (step && postId) {
            // The skip is stored: a failure from here on only leaves the card as it was.
            try {
                const outcome = `:fast_forward: Skipped by ${await this.who(userId)} at ${await this.when(run, step.closedAt, userId)}: ${escapeInline(step.skipReason ?? '')}`;
                const closed = await this.closedCard(userId, run, stepId, postId, outcome);
                if (closed) {
                    await this.deps.api.updatePost({...closed.post, props: {...closed.post.props, attachments: closed.attachments}});
                }
            } catch (err) {
                this.deps.api.log.warn('could not update a reminder after a skip', {postId, error: String(err)});
            }
        }
        return {};
    }

    private async done(userId: string, run: Run, step: RunStep, postId: string | undefined): Promise<ClickResponse> {
        let after: Run;
        try {
            after = await this.deps.service.markDone(userId, run.id, step.id, {source: 'message-button'});
        } catch (err) {
            return refusal(err);
        }
        const now = after.steps.find((s) => s.id === step.id);
        // The step is saved: a failure from here on only costs the card's new text.
        return this.afterSave(async () => {
            const at = await this.when(after, now?.closedAt ?? this.deps.now().toISOString(), userId);
            // A daily step stays open after a tick on any day but its last.
            const outcome = now?.state === 'done'
                ? `:white_check_mark: Done by ${await this.who(userId)} at ${at}`
                : `:white_check_mark: Done for today by ${await this.who(userId)} at ${at}`;
            return this.answer(userId, after, step.id, postId, outcome);
        }, ':white_check_mark: Done.');
    }

    /** What a click answers once its change is stored; if building it fails, the plain outcome. */
    private async afterSave(build: () => Promise<ClickResponse>, plain: string): Promise<ClickResponse> {
        try {
            return await build();
        } catch (err) {
            this.deps.api.log.warn('a button click was saved but its card could not be updated', {error: String(err)});
            return {ephemeral_text: plain};
        }
    }

    private async openSkipDialog(run: Run, step: RunStep, req: ClickRequest): Promise<ClickResponse> {
        if (!req.triggerId) {
            return {ephemeral_text: 'The skip form could not open here; use `/release skip <step> <reason>` in the release channel.'};
        }
        try {
            await this.deps.api.openInteractiveDialog({
                triggerId: req.triggerId,
                url: SKIP_DIALOG_URL,
                dialog: {
                    callbackId: SKIP_CALLBACK_ID,
                    title: 'Skip a step',
                    introductionText: `Skip **${escapeInline(step.title)}** in release ${escapeInline(run.version)}. The reason is kept in the run's history.`,
                    elements: [{displayName: 'Reason', name: 'reason', type: 'textarea', maxLength: BOUNDS.skipReason, placeholder: 'Why is this step not needed?'}],
                    submitLabel: 'Skip',
                    notifyOnCancel: false,
                    state: JSON.stringify({runId: run.id, stepId: step.id, ...(req.postId ? {postId: req.postId} : {})}),
                },
            });
        } catch (err) {
            this.deps.api.log.warn('could not open the skip form', {error: String(err)});
            return {ephemeral_text: 'The skip form could not open; try again, or use `/release skip <step> <reason>`.'};
        }
        return {};
    }

    private async snooze(userId: string, run: Run, step: RunStep, postId: string | undefined): Promise<ClickResponse> {
        const today = DateTime.fromJSDate(this.deps.now(), {zone: run.timeZone}).toISODate() ?? '';
        const until = wakeDay(run, today);
        if (!(await this.deps.snoozes.snooze(run.id, userId, step.id, today, until))) {
            return {ephemeral_text: 'You have snoozed too many steps of this release; nothing was changed.'};
        }
        return this.afterSave(async () => {
            const outcome = `:zzz: Snoozed by ${await this.who(userId)} until ${formatDay(until)}`;
            // Snoozing is personal: only a reminder (the clicker's own DM) changes for it.
            const post = postId ? await this.deps.api.getPost(postId) : null;
            if (meta(post)?.kind !== 'reminder') {
                return {ephemeral_text: `${outcome}: your reminders leave out **${escapeInline(step.title)}** until then.`};
            }
            return this.answer(userId, run, step.id, postId, outcome);
        }, `:zzz: Snoozed until ${formatDay(until)}.`);
    }

    private async answer(userId: string, run: Run, stepId: string, postId: string | undefined, outcome: string): Promise<ClickResponse> {
        const update = postId ? await this.cardUpdate(userId, run, stepId, postId, outcome) : null;
        return update ? {update} : {ephemeral_text: outcome};
    }

    /** The clicked post with the step's card closed, as Mattermost's `update`. */
    private async cardUpdate(userId: string, run: Run, stepId: string, postId: string, outcome: string): Promise<ClickResponse['update'] | null> {
        const closed = await this.closedCard(userId, run, stepId, postId, outcome);
        return closed ? {message: closed.post.message, props: {...closed.post.props, attachments: closed.attachments}} : null;
    }

    /** The post and its cards with the step's closed; null unless it is the bot's post for this run, in a channel the clicker is in. */
    private async closedCard(userId: string, run: Run, stepId: string, postId: string, outcome: string): Promise<{post: PlatformPost; attachments: Attachment[]} | null> {
        const post = /^[a-z0-9]{26}$/.test(postId) ? await this.deps.api.getPost(postId) : null;
        if (!post || post.userId !== this.deps.botUserId() || meta(post)?.runId !== run.id || !(await this.deps.api.isChannelMember(post.channelId, userId))) {
            return null;
        }
        const attachments = closeCard(post.props, stepId, outcome);
        return attachments ? {post, attachments} : null;
    }

    private async closedText(run: Run, step: RunStep, viewer: string): Promise<string> {
        const by = step.closedBy ? ` by ${await this.who(step.closedBy)}` : '';
        const at = step.closedAt ? ` at ${await this.when(run, step.closedAt, viewer)}` : '';
        return `${step.state}${by}${at}`;
    }

    private async who(userId: string): Promise<string> {
        const user = await this.deps.api.getUser(userId);
        return user ? mention(new Map([[userId, user]]), userId) : 'someone';
    }

    /** '14:02 CET' in the viewer's zone (else the run's), with the day when it is not today. */
    private async when(run: Run, iso: string | undefined, viewer: string): Promise<string> {
        const zone = (await this.deps.api.getUser(viewer))?.timeZone || run.timeZone;
        const at = DateTime.fromISO(iso ?? '', {zone: 'utc'}).setZone(zone);
        if (!at.isValid) {
            return iso ?? '';
        }
        const today = DateTime.fromJSDate(this.deps.now(), {zone}).toISODate();
        return at.toFormat(at.toISODate() === today ? 'HH:mm ZZZZ' : 'ccc yyyy-LL-dd HH:mm ZZZZ');
    }
}

function meta(post: PlatformPost | null): {runId?: unknown; kind?: unknown} | undefined {
    const m = post?.props?.release_checklist;
    return m && typeof m === 'object' ? (m as {runId?: unknown; kind?: unknown}) : undefined;
}

function refusal(err: unknown): ClickResponse {
    if (err instanceof ActionError) {
        return {ephemeral_text: `${sentence(err.message)} Nothing was changed.`};
    }
    throw err;
}
