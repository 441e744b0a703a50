// Sends reminders and the daily digest at the configured hour in each run's own time zone.
// It ticks on an injected clock; every tick checks each active run, and a run whose local
// hour has reached the reminder hour gets its reminders for that local day, under the KV
// lease, each recipient guarded by a sent-marker. Ticking at or after the hour (not only
// during it) is what makes a restart resume: the next tick sends whatever is not marked sent.
import {stepCards} from '../actions/buttons';
import type {Run, RunStep} from '../model';
import type {Logger, PlatformApi, PlatformPost, PlatformUser} from '../platform';
import type {Clock} from './clock';
import {dueSteps, localClock} from './due-steps';
import {startedAfterReminderHour} from './first-day';
import {Lease} from './lease';
import {digestMessage, reminderMessage, stepsByOwner, type ChannelLink} from './messages';
import {markerKey, runDayKey, SentMarkers} from './sent-markers';

export interface ReminderSettings {
    enabled: boolean;
    /** 0-23, in each run's time zone. */
    hour: number;
}

export interface ReminderDeps {
    api: Pick<PlatformApi, 'kv' | 'createPost' | 'getDirectChannel' | 'getUser'>;
    log: Logger;
    clock: Clock;
    /** Distinguishes plugin instances sharing one KV (one per server). */
    instanceId: string;
    listActiveRuns(): Promise<Run[]>;
    settings(): Promise<ReminderSettings>;
    botUserId(): string;
    /** Markdown leading back to a run's channel. */
    channelLink(run: Run): Promise<ChannelLink>;
    /** Where a card's "Open the checklist" link leads (the run's status post). */
    checklistUrl?(run: Run): Promise<string>;
    /** The steps a user snoozed that are still asleep on a local day (actions/snoozes.ts). */
    asleep?(runId: string, userId: string, day: string): Promise<Set<string>>;
    /** Told once a run's reminders for its local day have gone out. */
    onRunDay?(run: Run): void;
    tickMs?: number;
    leaseMs?: number;
}

const DEFAULT_TICK_MS = 60_000;
const DEFAULT_LEASE_MS = 5 * 60_000;

export class ReminderScheduler {
    private timer: unknown = null;
    private running: Promise<void> | null = null;
    private stopped = true;
    private readonly lease: Lease;
    private readonly markers: SentMarkers;
    /**
     * Messages this process posted whose 'sent' marker could not be written yet: the next
     * tick writes the marker instead of posting again. Only a process that dies (or a KV
     * that stays down until it does) between a post and its marker repeats a message.
     */
    private readonly postedUnmarked = new Set<string>();

    constructor(private readonly deps: ReminderDeps) {
        this.lease = new Lease(deps.api.kv, deps.clock, deps.instanceId, deps.leaseMs ?? DEFAULT_LEASE_MS);
        this.markers = new SentMarkers(deps.api.kv, deps.instanceId);
    }

    start(): void {
        if (!this.stopped) {
            return;
        }
        this.stopped = false;
        this.schedule();
    }

    /** Stops ticking and waits for a tick in progress to end. */
    async stop(): Promise<void> {
        this.stopped = true;
        if (this.timer !== null) {
            this.deps.clock.clearTimeout(this.timer);
            this.timer = null;
        }
        await this.running;
    }

    /** The tick in progress, if any (tests await it after moving the clock). */
    idle(): Promise<void> {
        return this.running ?? Promise.resolve();
    }

    private schedule(): void {
        if (this.stopped) {
            return;
        }
        this.timer = this.deps.clock.setTimeout(() => {
            this.timer = null;
            void this.tick().finally(() => this.schedule());
        }, this.deps.tickMs ?? DEFAULT_TICK_MS);
    }

    /** One pass over the active runs; overlapping calls share the pass in progress. */
    tick(): Promise<void> {
        if (!this.running) {
            this.running = this.pass()
                .catch((err: unknown) => this.deps.log.error('reminders: tick failed', {error: String(err)}))
                .finally(() => {
                    this.running = null;
                });
        }
        return this.running;
    }

    private async pass(): Promise<void> {
        const settings = await this.deps.settings();
        if (!settings.enabled) {
            return;
        }
        const now = this.deps.clock.now();
        const pending: {run: Run; day: string}[] = [];
        for (const run of await this.deps.listActiveRuns()) {
            const local = localClock(run, now);
            if (run.status !== 'active' || !local || local.hour < settings.hour || startedAfterReminderHour(run, local.day, settings.hour)) {
                continue;
            }
            if (!(await this.markers.isSent(runDayKey(run.id, local.day)))) {
                pending.push({run, day: local.day});
            }
        }
        if (pending.length === 0 || !(await this.lease.acquire())) {
            return;
        }
        try {
            for (const {run, day} of pending) {
                if (!(await this.sendForRun(run, day))) {
                    return;
                }
            }
        } finally {
            await this.lease.release();
        }
    }

    /** False when the lease was lost midway; whatever is unsent is left for the next holder. */
    private async sendForRun(run: Run, day: string): Promise<boolean> {
        const now = this.deps.clock.now();
        const due = dueSteps(run, now);
        const channel = await this.deps.channelLink(run);
        const bot = this.deps.botUserId();
        let complete = true;
        const users = new Map<string, PlatformUser>();

        for (const [userId, steps] of stepsByOwner(run, due)) {
            if (!(await this.lease.renew())) {
                return false;
            }
            const user = await this.deps.api.getUser(userId);
            if (user) {
                users.set(userId, user);
            }
            if (!user || user.deleteAt > 0 || user.isBot) {
                continue;
            }
            const awake = await this.awake(run, userId, day, steps);
            if (awake.length === 0) {
                continue;
            }
            const sent = await this.sendOnce(markerKey(run.id, day, {kind: 'user', userId}), async () => {
                await this.sendReminder(run, userId, awake, day, channel);
            });
            complete = complete && sent;
        }

        if (!(await this.lease.renew())) {
            return false;
        }
        const digestSent = await this.sendOnce(markerKey(run.id, day, {kind: 'digest'}), async () => {
            // The digest carries the step buttons only when the run turned them on for its channel.
            const cards = run.settings?.channelButtons ? stepCards(run, [...due.overdue, ...due.dueToday], await this.deps.checklistUrl?.(run)) : [];
            await this.post({
                channelId: run.channelId, userId: bot, message: digestMessage(run, day, due, users),
                props: {release_checklist: {runId: run.id, day, kind: 'digest'}, ...(cards.length ? {attachments: cards} : {})},
            });
        });
        if (complete && digestSent) {
            await this.markers.markSent(runDayKey(run.id, day), now);
            this.deps.onRunDay?.(run);
        }
        return true;
    }

    /** Claims, sends and marks one message; false when it could not be sent (retried next tick). */
    private async sendOnce(key: string, send: () => Promise<void>): Promise<boolean> {
        const now = this.deps.clock.now();
        if (this.postedUnmarked.has(key)) {
            return this.markSent(key);
        }
        if (await this.markers.isSent(key)) {
            return true;
        }
        if (!(await this.markers.claim(key, now))) {
            // Another instance claimed it in the same instant: not ours to send, and not
            // known to be sent, so the run's day stays open and a later tick looks again.
            return false;
        }
        try {
            await send();
        } catch (err) {
            this.deps.log.warn('reminders: sending failed, will retry', {key, error: String(err)});
            return false;
        }
        // Nothing between the post and this write: it is the window in which a crash repeats
        // the message (Mattermost cannot create a post idempotently, so it cannot be closed).
        this.postedUnmarked.add(key);
        return this.markSent(key);
    }

    /** Writes the 'sent' marker of a posted message; false (retried next tick) when KV refused. */
    private async markSent(key: string): Promise<boolean> {
        try {
            await this.markers.markSent(key, this.deps.clock.now());
        } catch (err) {
            this.deps.log.warn('reminders: posted, but the sent marker could not be written; writing it next tick', {key, error: String(err)});
            return false;
        }
        this.postedUnmarked.delete(key);
        return true;
    }

    /**
     * Sends every owner of a step that needs attention today their reminder now, outside the
     * daily schedule (the Release Manager's "remind now"); snoozed steps are left out as in
     * the daily reminders. Returns how many reminders went out.
     */
    async remindNow(run: Run): Promise<number> {
        const now = this.deps.clock.now();
        const day = localClock(run, now)?.day ?? '';
        const channel = await this.deps.channelLink(run);
        let sent = 0;
        for (const [userId, steps] of stepsByOwner(run, dueSteps(run, now))) {
            const user = await this.deps.api.getUser(userId);
            const awake = user && user.deleteAt === 0 && !user.isBot ? await this.awake(run, userId, day, steps) : [];
            if (awake.length > 0) {
                await this.sendReminder(run, userId, awake, day, channel);
                sent++;
            }
        }
        return sent;
    }

    /** The steps of a reminder the user has not snoozed for this day. */
    private async awake(run: Run, userId: string, day: string, steps: RunStep[]): Promise<RunStep[]> {
        const asleep = this.deps.asleep ? await this.deps.asleep(run.id, userId, day) : new Set<string>();
        return steps.filter((s) => !asleep.has(s.id));
    }

    /** One reminder DM: the list in its text, and a card with buttons per step. */
    private async sendReminder(run: Run, userId: string, steps: RunStep[], day: string, channel: ChannelLink): Promise<void> {
        const bot = this.deps.botUserId();
        const dm = await this.deps.api.getDirectChannel(bot, userId);
        await this.post({
            channelId: dm.id, userId: bot, message: reminderMessage(run, steps, new Date(this.deps.clock.now()), channel),
            props: {release_checklist: {runId: run.id, day, kind: 'reminder'}, attachments: stepCards(run, steps, await this.deps.checklistUrl?.(run))},
        });
    }

    private async post(post: PlatformPost): Promise<void> {
        await this.deps.api.createPost(post);
    }
}
