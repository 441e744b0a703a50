// One live status post per run in its channel. It is posted when the run starts and then
// edited, never posted again, as the run moves. Changes come in bursts (a Release Manager
// ticking ten steps, a release day move rescheduling all of them), so edits are coalesced per
// run: the first change starts a timer of `coalesceMs`, later changes ride on it, and when it
// fires the post is rendered once from the run as it is then. At most one edit per run per
// `coalesceMs`; no timer runs without a change to show, and stop() clears them all.
import type {Run, RunEvent} from '../model';
import type {ChangedRun} from '../runs';
import type {PlatformApi, PlatformUser} from '../platform';
import type {Clock} from '../reminders/clock';
import {statusMessage, statusUserIds} from './status-message';

export const STATUS_KEY = (runId: string): string => `bot:status:${runId}`;
export const DEFAULT_COALESCE_MS = 3000;
const MAX_USERS = 100;

export interface StatusDeps {
    api: Pick<PlatformApi, 'kv' | 'log' | 'createPost' | 'updatePost' | 'getPost' | 'getUser'>;
    botUserId: () => string;
    clock: Clock;
    /** The run as stored now (trusted server code: no user checks). */
    loadRun: (runId: string) => Promise<Run | null>;
    coalesceMs?: number;
    /** The time the text is written for (overdue, due today); the clock's by default. */
    now?: () => number;
}

export class StatusPosts {
    private readonly timers = new Map<string, unknown>();
    /** The refresh in progress per run, so two never edit one post at once. */
    private readonly running = new Map<string, Promise<void>>();
    private stopped = false;

    constructor(private readonly deps: StatusDeps) {}

    start(): void {
        this.stopped = false;
    }

    /** Clears every pending edit (plugin deactivation); a change after start() schedules again. */
    stop(): void {
        this.stopped = true;
        for (const timer of this.timers.values()) {
            this.deps.clock.clearTimeout(timer);
        }
        this.timers.clear();
    }

    /** The post id of a run's status post, when it has one. */
    async postId(runId: string): Promise<string | null> {
        const raw = await this.deps.api.kv.get(STATUS_KEY(runId));
        const id = raw ? new TextDecoder().decode(raw) : '';
        return /^[a-z0-9]{1,64}$/i.test(id) ? id : null;
    }

    /** The run service's change listener: a new run gets its post, any other change an edit soon. */
    async onRunEvents(change: ChangedRun, events: RunEvent[]): Promise<void> {
        if (events.some((e) => e.type === 'run-created')) {
            try {
                await this.create(await change.run());
            } catch (err) {
                this.deps.api.log.warn('status post: could not post', {runId: change.runId, error: String(err)});
            }
            return;
        }
        // The edit reads the run when it is made, after the changes of the next few seconds.
        this.schedule(change.runId);
    }

    /** Asks for an edit of the run's post within `coalesceMs` (the daily pass calls it too). */
    schedule(runId: string): void {
        if (this.stopped || this.timers.has(runId)) {
            return;
        }
        this.timers.set(runId, this.deps.clock.setTimeout(() => {
            this.timers.delete(runId);
            const previous = this.running.get(runId) ?? Promise.resolve();
            const next = previous.then(() => this.refresh(runId)).finally(() => {
                if (this.running.get(runId) === next) {
                    this.running.delete(runId);
                }
            });
            this.running.set(runId, next);
        }, this.deps.coalesceMs ?? DEFAULT_COALESCE_MS));
    }

    /** Edits the post now; failures are logged once per refresh and never retried in a loop. */
    async refresh(runId: string): Promise<void> {
        try {
            const run = await this.deps.loadRun(runId);
            const postId = run ? await this.postId(runId) : null;
            if (!run || !postId) {
                return;
            }
            const post = await this.deps.api.getPost(postId);
            if (!post) {
                // Someone deleted it; the channel chose not to have one.
                return;
            }
            const message = statusMessage(run, await this.users(run), this.now());
            if (post.message === message) {
                return;
            }
            await this.deps.api.updatePost({...post, message, props: {...post.props, release_checklist: {runId, kind: 'status'}}});
        } catch (err) {
            this.deps.api.log.warn('status post: could not edit', {runId, error: String(err)});
        }
    }

    private async create(run: Run): Promise<void> {
        const post = await this.deps.api.createPost({
            channelId: run.channelId,
            userId: this.deps.botUserId(),
            message: statusMessage(run, await this.users(run), this.now()),
            props: {release_checklist: {runId: run.id, kind: 'status'}},
        });
        if (post.id) {
            await this.deps.api.kv.set(STATUS_KEY(run.id), new TextEncoder().encode(post.id));
        }
    }

    private now(): number {
        return this.deps.now ? this.deps.now() : this.deps.clock.now();
    }

    private async users(run: Run): Promise<Map<string, PlatformUser>> {
        const out = new Map<string, PlatformUser>();
        for (const id of statusUserIds(run).slice(0, MAX_USERS)) {
            const user = await this.deps.api.getUser(id).catch(() => null);
            if (user) {
                out.set(id, user);
            }
        }
        return out;
    }
}
