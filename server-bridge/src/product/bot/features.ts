// The bot, /release, reminders and announcements as one unit that createProduct plugs in:
// activate (ensure the bot, register the command, start reminders), deactivate (stop them),
// executeCommand, the autocomplete routes, the run service's change listener, and "post it".
import {Snoozes} from '../actions/snoozes';
import {StepButtons} from '../actions/step-buttons';
import {postAnnouncement} from '../announcements/post-announcement';
import {executeReleaseCommand} from '../commands/execute';
import {commandSpec} from '../commands/autocomplete';
import {serveAutocomplete} from '../commands/autocomplete-lists';
import {commandRunsFromService} from '../commands/run-service-adapter';
import type {CommandArgs, CommandResponse} from '../hooks';
import type {HttpRequest, HttpResponse} from '../http-types';
import type {Run, RunEvent} from '../model';
import type {ChangedRun} from '../runs';
import type {PlatformApi, PlatformPost} from '../platform';
import {systemClock, type Clock} from '../reminders/clock';
import {ReminderScheduler} from '../reminders/scheduler';
import {StatusPosts} from '../status/status-post';
import {link, permalink} from '../report/markdown';
import type {RunService} from '../runs/service';
import type {EffectiveSettings} from '../runs/settings';
import {newId} from '../store/ids';
import {ensureReleaseBot} from './account';
import {ReleaseBot} from './release-bot';

export interface FeatureDeps {
    api: PlatformApi;
    service: RunService;
    settings: () => EffectiveSettings;
    now?: () => Date;
    clock?: Clock;
    /** How long status post edits are coalesced per run (3 s by default). */
    statusCoalesceMs?: number;
    /** Tells this plugin instance apart from the others sharing the KV; random by default. */
    instanceId?: string;
}

export class ReleaseFeatures {
    private botId = '';
    readonly bot: ReleaseBot;
    readonly reminders: ReminderScheduler;
    readonly buttons: StepButtons;
    readonly status: StatusPosts;
    private readonly commandRuns;

    constructor(private readonly deps: FeatureDeps) {
        const api = deps.api;
        this.bot = new ReleaseBot(api, () => this.botUserId());
        this.commandRuns = commandRunsFromService(deps.service);
        const snoozes = new Snoozes(api.kv);
        const clock = deps.clock ?? systemClock;
        const now = deps.now;
        this.status = new StatusPosts({
            api, botUserId: () => this.botUserId(), clock, loadRun: (id) => deps.service.runForSystem(id), coalesceMs: deps.statusCoalesceMs,
            now: now ? () => now().getTime() : undefined,
        });
        this.reminders = new ReminderScheduler({
            api,
            log: api.log,
            clock,
            instanceId: deps.instanceId ?? newId(),
            listActiveRuns: () => deps.service.activeRuns(),
            settings: async () => ({enabled: deps.settings().remindersEnabled, hour: deps.settings().reminderHour}),
            botUserId: () => this.botUserId(),
            channelLink: (run) => this.channelLink(run),
            checklistUrl: (run) => this.checklistUrl(run),
            asleep: (runId, userId, day) => snoozes.asleep(runId, userId, day),
            // A new day changes what is overdue and due today without any event.
            onRunDay: (run) => this.status.schedule(run.id),
        });
        this.buttons = new StepButtons({
            api, service: deps.service, snoozes, botUserId: () => this.botUserId(), now: deps.now ?? (() => new Date()),
        });
    }

    botUserId(): string {
        if (!this.botId) {
            throw new Error('the Release Checklist bot is not ready: the plugin has not been activated');
        }
        return this.botId;
    }

    async activate(): Promise<void> {
        // Independent calls to the server: made at once.
        const [botId] = await Promise.all([ensureReleaseBot(this.deps.api), this.deps.api.registerCommand(commandSpec())]);
        this.botId = botId;
        this.reminders.start();
        this.status.start();
    }

    async deactivate(): Promise<void> {
        this.status.stop();
        await this.reminders.stop();
    }

    executeCommand(args: CommandArgs): Promise<CommandResponse> {
        return executeReleaseCommand({
            runs: this.commandRuns,
            api: this.deps.api,
            log: this.deps.api.log,
            botUserId: () => this.botUserId(),
            now: this.deps.now ?? (() => new Date()),
            announce: (run, stepId, userId) => this.announce(run, stepId, userId),
        }, args);
    }

    /** For the HTTP router: serves GET /api/v1/autocomplete/{steps,roles}; false for other paths. */
    serveAutocomplete(userId: string, req: HttpRequest, res: HttpResponse): Promise<boolean> {
        return serveAutocomplete(this.commandRuns, userId, req, res);
    }

    /** For RunServiceDeps.onEvents. */
    async onRunEvents(change: ChangedRun, events: RunEvent[]): Promise<void> {
        await this.bot.onRunEvents(change, events);
        await this.status.onRunEvents(change, events);
    }

    /** "Post it" (RHS route and /release announce); `run` as the service returned it to `userId`. */
    async announce(run: Run, stepId: string, userId: string): Promise<{post: PlatformPost; run: Run}> {
        const s = this.deps.settings();
        const service = this.deps.service;
        return postAnnouncement({
            api: this.deps.api,
            settings: async () => ({
                AnnouncementChannel: s.announcementChannel,
                ReleaseDiscussionChannel: s.releaseDiscussionChannel,
                InstallersChannel: s.installersChannel,
            }),
            botUserId: () => this.botUserId(),
            recordEvidence: async (current, id, user, postId) => {
                const step = current.steps.find((st) => st.id === id);
                return step?.state === 'open'
                    ? service.markDone(user, current.id, id, {postId, source: 'rhs'})
                    : service.attachEvidence(user, current.id, id, postId, 'rhs');
            },
        }, run, stepId, userId);
    }

    /** Where a reminder's "Open the checklist" leads: the run's status post in its channel, else the channel or its summary post. */
    async checklistUrl(run: Run): Promise<string> {
        const api = this.deps.api;
        const siteURL = (await api.getSiteURL()).replace(/\/+$/, '');
        const channel = await api.getChannel(run.channelId);
        const team = channel ? await api.getTeam(channel.teamId) : null;
        const status = await this.status.postId(run.id);
        if (status) {
            return permalink(siteURL, status, team?.name);
        }
        if (channel && team) {
            return `${siteURL}/${encodeURIComponent(team.name)}/channels/${encodeURIComponent(channel.name)}`;
        }
        const summary = await this.bot.summaryPostId(run.id);
        return summary ? permalink(siteURL, summary) : siteURL;
    }

    /** Markdown that leads back to a run's channel from a DM. */
    private async channelLink(run: Run): Promise<{markdown: string}> {
        const api = this.deps.api;
        const channel = await api.getChannel(run.channelId);
        const team = channel ? await api.getTeam(channel.teamId) : null;
        const siteURL = await api.getSiteURL();
        if (channel && team) {
            return {markdown: link(`~${channel.displayName || channel.name}`, `${siteURL.replace(/\/+$/, '')}/${encodeURIComponent(team.name)}/channels/${encodeURIComponent(channel.name)}`)};
        }
        const summary = await this.bot.summaryPostId(run.id);
        if (summary) {
            return {markdown: link(channel ? `~${channel.displayName || channel.name}` : 'the release channel', permalink(siteURL, summary))};
        }
        return {markdown: channel ? `~${channel.name}` : 'the release channel'};
    }
}
