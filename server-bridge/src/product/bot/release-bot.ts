// The bot's voice in channels: the run summary when a run starts (from the RHS or /release)
// and the thread reply when a post becomes a step's evidence. It reacts to the run service's
// events, so every way of starting a run or ticking a step gets the same posts.
import type {Run, RunEvent} from '../model';
import type {ChangedRun} from '../runs';
import type {PlatformApi, PlatformPost, PlatformUser} from '../platform';
import {runSummaryMessage, stepDoneReply} from './messages';

export type BotApi = Pick<PlatformApi, 'kv' | 'log' | 'createPost' | 'getPost' | 'getUser'>;

export const SUMMARY_KEY = (runId: string): string => `bot:sum:${runId}`;

/** Bound on the users looked up for one message, so a huge role list cannot stall a post. */
const MAX_USERS_PER_MESSAGE = 100;

export class ReleaseBot {
    constructor(private readonly api: BotApi, private readonly botUserId: () => string) {}

    async users(ids: Iterable<string>): Promise<Map<string, PlatformUser>> {
        const out = new Map<string, PlatformUser>();
        for (const id of [...new Set(ids)].slice(0, MAX_USERS_PER_MESSAGE)) {
            const user = await this.api.getUser(id);
            if (user) {
                out.set(id, user);
            }
        }
        return out;
    }

    /** Posts the summary in the run's channel and remembers its id for links back to the run. */
    async postRunSummary(run: Run, stillActive: string[] = []): Promise<PlatformPost> {
        const users = await this.users([run.createdBy, ...Object.values(run.roles).flat()]);
        const post = await this.api.createPost({
            channelId: run.channelId,
            userId: this.botUserId(),
            message: runSummaryMessage(run, users, stillActive),
            props: {release_checklist: {runId: run.id, kind: 'summary'}},
        });
        if (post.id) {
            await this.api.kv.set(SUMMARY_KEY(run.id), new TextEncoder().encode(post.id));
        }
        return post;
    }

    async summaryPostId(runId: string): Promise<string | null> {
        const raw = await this.api.kv.get(SUMMARY_KEY(runId));
        const id = raw ? new TextDecoder().decode(raw) : '';
        return /^[a-z0-9]{1,64}$/i.test(id) ? id : null;
    }

    /** Replies in the evidence post's thread; silent for the bot's own posts (announcements). */
    async replyStepDone(run: Run, stepId: string, postId: string, byUserId: string): Promise<PlatformPost | null> {
        const step = run.steps.find((s) => s.id === stepId);
        const evidence = await this.api.getPost(postId);
        if (!step || !evidence || evidence.userId === this.botUserId()) {
            return null;
        }
        const users = await this.users([byUserId]);
        return this.api.createPost({
            channelId: evidence.channelId,
            rootId: evidence.rootId || evidence.id || postId,
            userId: this.botUserId(),
            message: stepDoneReply(run, step, byUserId, users),
            props: {release_checklist: {runId: run.id, stepId, kind: 'step-done'}},
        });
    }

    /** The run service's change listener: reacts to each event just stored, in order. */
    async onRunEvents(change: ChangedRun, events: RunEvent[]): Promise<void> {
        for (const event of events) {
            if (event.type === 'run-created' || (event.type === 'step-done' && event.postId && event.stepId)) {
                await this.onRunEvent(event, await change.run());
            }
        }
    }

    /** Failures are logged, never passed back to the user's action. */
    async onRunEvent(event: RunEvent, run: Run): Promise<void> {
        try {
            if (event.type === 'run-created') {
                const others = event.data?.stillActive;
                await this.postRunSummary(run, typeof others === 'string' && others ? others.split(', ') : []);
            } else if (event.type === 'step-done' && event.postId && event.stepId) {
                await this.replyStepDone(run, event.stepId, event.postId, event.userId);
            }
        } catch (err) {
            this.api.log.warn('release bot: could not post', {runId: run.id, event: event.type, error: String(err)});
        }
    }
}
