// The run service: the one place every run action goes through, whatever the caller (HTTP
// for the RHS and post menu, the slash command, the bot). It checks who may do what,
// applies the change through the repository's compare-and-set, and tells open clients.
import type {PlatformApi} from '../platform';
import type {EventType, Run, RunEvent, RunSettings, RunStatus, RunStep, Template} from '../model';
import {
    ConflictError, LimitError, RunNotFoundError, ValueTooLargeError, VersionClaims, VersionTakenError, isSafeId, newId,
    type EventPage, type NewEvent, type NotePage, type RunChange, type RunHeadView, type RunRepository, type StepsChanged, type StoredRun, type StoredSummary, type TemplateRepository,
} from '../store';
import {buildRun, checkRoles, planRun, type PreviewStep} from './build-run';
import {ActionError, NO_ACCESS, conflict, forbidden, invalid, notFound} from './errors';
import {USER_ID_FORMAT, type StartRunInput, type UserSource} from './inputs';
import {isPastDay, pastDayRefusal} from './past-day';
import {myRuns, type MyRun} from './my-steps';
import {ALL_RELEASES_PAGE, MAX_ALL_RELEASES_PAGE, allReleases, visibleTo, type AllReleases} from './all-releases';
import {runCalendar, runPermalink, type CalendarFile, type CalendarKind} from '../calendar';
import {archive, changeConditions, changeRoles, changeSettings, checkConditionIds, finish, moveReleaseDay} from './run-actions';
import type {EffectiveSettings} from './settings';
import * as steps from './step-actions';
import {progressOf, type Progress} from '../progress';
import {ownValue} from '../own';

export interface RunSummary {
    id: string;
    version: string;
    releaseDay: string;
    status: Run['status'];
    templateName: string;
    progress: Progress;
}

/** One step action, as the HTTP step routes name it. */
export type StepAction =
    | {verb: 'done'; postId?: string}
    | {verb: 'undo'}
    | {verb: 'skip'; reason: string}
    | {verb: 'assign'; userId: string | null}
    | {verb: 'due'; dueAt: string | null}
    | {verb: 'note'; text: string}
    | {verb: 'evidence'; postId: string};

/**
 * What a step action changed: the run's new revision, status and progress counts, and the
 * steps it touched, whole, as they are now (none when the action changed nothing). A client
 * showing revision `revision - 1` applies it; one showing another revision refetches the run.
 */
export interface RunDelta {
    runId: string;
    channelId: string;
    revision: number;
    status: RunStatus;
    progress: Progress;
    steps: RunStep[];
}

function deltaOf(out: StepsChanged<unknown>): RunDelta {
    return {runId: out.run.id, channelId: out.run.channelId, revision: out.run.revision, status: out.run.status, progress: out.progress, steps: out.steps};
}

export interface ReportSummary {
    run: Run;
    /** The latest events, oldest first. */
    events: RunEvent[];
    eventCount: number;
    byType: Partial<Record<EventType, number>>;
}

export interface RunPreview {
    releaseDay: string;
    steps: PreviewStep[];
    warnings: string[];
}

export interface TemplateSummary {
    id: string;
    name: string;
    description?: string;
}

export interface RunDefaults {
    timeZone: string;
    workingDays: number[];
    holidays: string[];
    roles: Record<string, string[]>;
    templates: TemplateSummary[];
}

export interface RunServiceDeps {
    api: PlatformApi;
    runs: RunRepository;
    templates: TemplateRepository;
    settings: () => EffectiveSettings;
    now: () => Date;
    /** Told after every stored change (the bot replies to evidence posts from here); errors are logged. */
    onEvents?: (change: ChangedRun, events: RunEvent[]) => Promise<void>;
}

/**
 * The run a change listener is told about. A step action stores a few steps, and most of its
 * listeners act on other events, so the whole run is read only when one asks (at most once).
 */
export interface ChangedRun {
    runId: string;
    run(): Promise<Run>;
}

/** A ChangedRun for a run already in hand. */
export function changedRun(run: Run): ChangedRun {
    return {runId: run.id, run: () => Promise.resolve(run)};
}

export const POST_ID_FORMAT = /^[a-z0-9]{26}$/;
const MAX_EVENTS_PAGE = 200;
export const MAX_NOTES_PAGE = 100;

function listItem(s: StoredSummary): RunSummary {
    return {id: s.id, version: s.version, releaseDay: s.releaseDay, status: s.status, templateName: s.templateName, progress: s.progress};
}

export function summarize(run: Run): RunSummary {
    return {
        id: run.id, version: run.version, releaseDay: run.releaseDay, status: run.status, templateName: run.templateName,
        progress: progressOf(run),
    };
}

export class RunService {
    private readonly versions: VersionClaims;

    constructor(private readonly deps: RunServiceDeps) {
        this.versions = new VersionClaims(deps.api.kv, (id) => deps.runs.getRun(id), () => deps.now().getTime());
    }

    // ----- reading -----------------------------------------------------------------------

    /** The channel's runs as its list shows them, oldest first: a fixed number of reads whatever the number of runs. */
    async listRuns(userId: string, channelId: string): Promise<{runs: RunSummary[]; currentRunId: string | null}> {
        await this.assertMember(channelId, userId);
        const {runs, currentRunId} = await this.guard(() => this.deps.runs.listSummaries(channelId));
        return {runs: runs.map(listItem), currentRunId};
    }

    /** One page of listRuns: `limit` runs from the `offset`-th (oldest first), and how many there are. */
    async listRunsPage(userId: string, channelId: string, offset: number, limit: number): Promise<{runs: RunSummary[]; currentRunId: string | null; total: number}> {
        const {runs, currentRunId} = await this.listRuns(userId, channelId);
        return {runs: runs.slice(offset, offset + limit), currentRunId, total: runs.length};
    }

    /** Like listRuns with whole runs (the slash command words its replies from them). */
    async channelRuns(userId: string, channelId: string): Promise<{runs: Run[]; currentRunId: string | null}> {
        await this.assertMember(channelId, userId);
        return this.deps.runs.listChannel(channelId);
    }

    /** What the start form and `/release start` prefill from the settings; any signed-in user. */
    async defaults(): Promise<RunDefaults> {
        const s = this.deps.settings();
        const templates = await this.guard(() => this.deps.templates.list());
        return {
            timeZone: s.timeZone, workingDays: s.workingDays, holidays: s.holidays, roles: s.defaultRoles,
            templates: templates.map(({template: t}) => ({id: t.id, name: t.name, ...(t.description ? {description: t.description} : {})})),
        };
    }

    /** A template by id; any signed-in user may read templates. */
    async getTemplate(templateId: string): Promise<Template> {
        return this.template(templateId, 'not_found');
    }

    async getRun(userId: string, runId: string): Promise<Run> {
        return (await this.visible(userId, runId)).run;
    }

    async listEvents(userId: string, runId: string, before: number | null, limit: number): Promise<EventPage> {
        const stored = await this.visible(userId, runId);
        return this.deps.runs.events(stored, before, Math.max(1, Math.min(limit, MAX_EVENTS_PAGE)));
    }

    /** A page of one step's notes, oldest first: up to `limit` (at most 100) with seq below `before` (null: the latest). */
    async stepNotes(userId: string, runId: string, stepId: string, before: number | null, limit: number): Promise<NotePage> {
        await this.visibleHead(userId, runId);
        const found = await this.guard(() => this.deps.runs.stepNotes(runId, stepId, before, Math.max(1, Math.min(limit, MAX_NOTES_PAGE))));
        if (!found) {
            throw forbidden(NO_ACCESS);
        }
        if (!found.page) {
            throw notFound(`step '${stepId.slice(0, 100)}' is not in this run`);
        }
        return found.page;
    }

    /** The caller's open steps in every active run of a channel they are in ("My steps", `/release mine`). */
    async myOpenSteps(userId: string): Promise<{runs: MyRun[]}> {
        // Only runs of the caller's channels are read whole; the others stay heads.
        const heads = await visibleTo(this.deps.api, await this.guard(() => this.deps.runs.listActiveHeads()), userId);
        const runs: Run[] = [];
        for (const head of heads) {
            const run = await this.guard(() => this.deps.runs.getRun(head.id));
            if (run) {
                runs.push(run);
            }
        }
        return {runs: await myRuns(this.deps.api, runs, userId, this.deps.now().getTime())};
    }

    /** Every active release of the caller's channels, across teams, a page at a time ("All my releases", `/release all`). */
    async allReleases(userId: string, page: {offset?: number; limit?: number} = {}): Promise<AllReleases> {
        const heads = await this.guard(() => this.deps.runs.listActiveHeads());
        const offset = Math.max(0, Math.floor(page.offset ?? 0));
        const limit = Math.max(1, Math.min(Math.floor(page.limit ?? ALL_RELEASES_PAGE), MAX_ALL_RELEASES_PAGE));
        const load = (runId: string) => this.guard(() => this.deps.runs.getRun(runId));
        return allReleases(this.deps.api, heads, load, userId, this.deps.now().getTime(), {offset, limit});
    }

    /** The run's milestones, or the caller's own steps, as an iCalendar file. */
    async calendar(userId: string, runId: string, kind: CalendarKind): Promise<CalendarFile> {
        const stored = await this.visible(userId, runId);
        // The last change dates the file (DTSTAMP): exporting an unchanged run gives the same bytes.
        const latest = await this.guard(() => this.deps.runs.events(stored, null, 1));
        const permalink = await runPermalink(this.deps.api, stored.run);
        return runCalendar(stored.run, kind, userId, permalink, latest.events[0]?.at ?? stored.run.createdAt);
    }

    /**
     * The run, its latest `last` events (oldest first) and counts of the whole log by type: what
     * the report shows, read in time independent of the length of the log.
     */
    async reportSummary(userId: string, runId: string, last: number): Promise<ReportSummary> {
        const stored = await this.visible(userId, runId);
        const page = await this.guard(() => this.deps.runs.events(stored, null, Math.max(0, last)));
        const byType = await this.guard(() => this.deps.runs.eventTypes(stored));
        return {run: stored.run, events: page.events.reverse(), eventCount: stored.eventCount, byType};
    }

    /** The run's whole event log, handed out in order one chunk at a time (the log download). */
    async eventLog(userId: string, runId: string): Promise<{run: Run; each: (write: (events: RunEvent[]) => Promise<void>) => Promise<void>}> {
        const stored = await this.visible(userId, runId);
        return {run: stored.run, each: (write) => this.deps.runs.eachEventChunk(stored, write)};
    }

    /** The run and its whole event log, for the report. */
    async reportData(userId: string, runId: string): Promise<{run: Run; events: RunEvent[]}> {
        const stored = await this.visible(userId, runId);
        return {run: stored.run, events: await this.deps.runs.allEvents(stored)};
    }

    // ----- starting ----------------------------------------------------------------------

    async previewRun(userId: string, input: StartRunInput): Promise<RunPreview> {
        await this.assertMember(input.channelId, userId);
        const template = await this.template(input.templateId);
        const plan = planRun(template, input, this.deps.settings(), this.nowIso());
        await this.assertAssignees(input.channelId, input.roles, {}, roleNamesOf(template));
        return {releaseDay: plan.releaseDay, steps: plan.preview, warnings: plan.warnings};
    }

    async startRun(userId: string, input: StartRunInput, source: UserSource): Promise<Run> {
        await this.assertMember(input.channelId, userId);
        await this.assertMayStart(userId);
        const template = await this.template(input.templateId);
        const createdAt = this.nowIso();
        const plan = planRun(template, input, this.deps.settings(), createdAt);
        if (isPastDay(plan.releaseDay, input.timeZone, createdAt)) {
            // The preview only warns; a run is never created with every step already overdue.
            throw invalid(pastDayRefusal(plan.releaseDay, input.timeZone, createdAt), 'releaseDay');
        }
        await this.assertAssignees(input.channelId, input.roles, {}, roleNamesOf(template));
        const stillActive = await this.otherActiveVersions(input.channelId, input.version);
        const channel = await this.deps.api.getChannel(input.channelId);
        const run = buildRun(template, input, plan, {runId: newId(), userId, teamId: channel?.teamId, createdAt});
        const data: NewEvent['data'] = {version: run.version, releaseDay: run.releaseDay};
        if (plan.warnings.length > 0) {
            data.warning = plan.warnings.join(' ');
        }
        if (stillActive.length > 0) {
            // The new run becomes current; the bot's summary tells the channel the others are still open.
            data.stillActive = stillActive.join(', ');
        }
        // The duplicate check above reads the channel's runs; two starts at the same moment both
        // pass it. This compare-and-set on the channel's version key lets exactly one through.
        await this.guard(() => this.versions.claim(run.channelId, run.version, run.id));
        let created;
        try {
            created = await this.guard(() => this.deps.runs.create(run, [{type: 'run-created', userId, at: createdAt, source, data}]));
        } catch (err) {
            await this.versions.release(run.channelId, run.version, run.id).catch(() => undefined);
            throw err;
        }
        await this.publish('run_created', {runId: run.id, channelId: run.channelId}, run.channelId);
        await this.notify(changedRun(run), created.events);
        return run;
    }

    /** Which run the channel shows changes it for everyone: a run action like finishing it. */
    async setCurrent(userId: string, runId: string): Promise<{currentRunId: string}> {
        const stored = await this.visible(userId, runId);
        this.assertMayManage(stored.run, userId, await this.isAdmin(userId));
        await this.guard(() => this.deps.runs.setCurrent(stored.run.channelId, runId));
        // The run itself did not change (same revision); clients refetch the channel's run list.
        await this.publish('current_run_changed', {channelId: stored.run.channelId, currentRunId: runId}, stored.run.channelId);
        return {currentRunId: runId};
    }

    // ----- step actions ------------------------------------------------------------------

    /**
     * One action on one step; answers what changed (the step, the run's new revision, status
     * and progress), read and written in time independent of the run's size. The same delta
     * goes to the run's channel as `run_updated`.
     */
    async stepAction(userId: string, runId: string, stepId: string, action: StepAction, source: UserSource): Promise<RunDelta> {
        return deltaOf(await this.stepChange(userId, runId, stepId, action, source));
    }

    // The methods below return the whole run after the change, for callers that show it
    // (the slash command, the bot); the HTTP routes use stepAction.

    async markDone(userId: string, runId: string, stepId: string, opts: {postId?: string; source: UserSource}): Promise<Run> {
        return (await this.stepChange(userId, runId, stepId, {verb: 'done', postId: opts.postId}, opts.source)).whole();
    }

    async undo(userId: string, runId: string, stepId: string, source: UserSource): Promise<Run> {
        return (await this.stepChange(userId, runId, stepId, {verb: 'undo'}, source)).whole();
    }

    async skip(userId: string, runId: string, stepId: string, reason: string, source: UserSource): Promise<Run> {
        return (await this.stepChange(userId, runId, stepId, {verb: 'skip', reason}, source)).whole();
    }

    async assign(userId: string, runId: string, stepId: string, assignee: string | null, source: UserSource): Promise<Run> {
        return (await this.stepChange(userId, runId, stepId, {verb: 'assign', userId: assignee}, source)).whole();
    }

    async setDue(userId: string, runId: string, stepId: string, dueAt: string | null, source: UserSource): Promise<Run> {
        return (await this.stepChange(userId, runId, stepId, {verb: 'due', dueAt}, source)).whole();
    }

    async addNote(userId: string, runId: string, stepId: string, text: string, source: UserSource): Promise<Run> {
        return (await this.stepChange(userId, runId, stepId, {verb: 'note', text}, source)).whole();
    }

    async attachEvidence(userId: string, runId: string, stepId: string, postId: string, source: UserSource): Promise<Run> {
        return (await this.stepChange(userId, runId, stepId, {verb: 'evidence', postId}, source)).whole();
    }

    private async stepChange(userId: string, runId: string, stepId: string, action: StepAction, source: UserSource): Promise<StepsChanged<unknown>> {
        const head = await this.visibleHead(userId, runId);
        const who = () => this.who(userId, source);
        let apply: (run: Run) => RunChange<unknown>;
        switch (action.verb) {
        case 'done':
            if (action.postId !== undefined) {
                await this.assertPostInChannel(action.postId, head.run.channelId);
            }
            apply = (run) => steps.markDone(run, stepId, who(), action.postId);
            break;
        case 'undo':
            apply = (run) => steps.undo(run, stepId, who());
            break;
        case 'skip':
            apply = (run) => steps.skip(run, stepId, action.reason, who());
            break;
        case 'assign':
            if (action.userId !== null) {
                await this.assertAssignee(head.run.channelId, action.userId, 'the assignee', 'userId');
            }
            apply = (run) => steps.assign(run, stepId, action.userId, who());
            break;
        case 'due': {
            const normalized = action.dueAt === null ? null : normalizeInstant(action.dueAt);
            apply = (run) => steps.setDue(run, stepId, normalized, who());
            break;
        }
        case 'note':
            apply = (run) => steps.addNote(run, stepId, action.text, who());
            break;
        case 'evidence':
            await this.assertPostInChannel(action.postId, head.run.channelId);
            apply = (run) => steps.attachEvidence(run, stepId, action.postId, who());
            break;
        }
        return this.changeSteps(runId, [stepId], apply);
    }

    // ----- run actions (Release Manager, the run's starter, or a system admin) ----------

    async moveReleaseDay(userId: string, runId: string, releaseDay: string, source: UserSource): Promise<{run: Run; warnings: string[]}> {
        let warnings: string[] = [];
        const run = await this.manage(userId, runId, (r) => {
            const change = moveReleaseDay(r, releaseDay, this.deps.settings().releaseDayPolicy, this.who(userId, source));
            warnings = change.result.warnings;
            return change;
        });
        return {run, warnings};
    }

    async setRoles(userId: string, runId: string, roles: Record<string, string[]>, source: UserSource): Promise<Run> {
        const stored = await this.visible(userId, runId);
        // Unknown roles are refused by name before any user is looked up.
        checkRoles({roles: Object.keys(stored.run.roleNames).map((id) => ({id, name: stored.run.roleNames[id]}))}, roles);
        // Users who already hold a role keep it (one who has since left the channel does not
        // block changing another role); everyone newly given a role is checked.
        return this.manage(userId, runId, (r) => changeRoles(r, roles, this.who(userId, source)),
            () => this.assertAssignees(stored.run.channelId, roles, stored.run.roles, stored.run.roleNames));
    }

    /** Changes answers to the template's questions; their steps join or leave the release. */
    async setConditions(userId: string, runId: string, answers: Record<string, boolean>, source: UserSource): Promise<Run> {
        const stored = await this.visible(userId, runId);
        // Unknown conditions are refused by name first, as unknown roles are.
        checkConditionIds(stored.run, answers);
        return this.manage(userId, runId, (r) => changeConditions(r, answers, this.who(userId, source)));
    }

    /** The run's own settings (step buttons on the channel's digest). */
    async setSettings(userId: string, runId: string, settings: RunSettings, source: UserSource): Promise<Run> {
        return this.manage(userId, runId, (r) => changeSettings(r, settings, this.who(userId, source)));
    }

    /** The run, when the caller may manage it: its Release Manager, its starter or a system admin. */
    async managedRun(userId: string, runId: string): Promise<Run> {
        const stored = await this.visible(userId, runId);
        this.assertMayManage(stored.run, userId, await this.isAdmin(userId));
        return stored.run;
    }

    async finish(userId: string, runId: string, source: UserSource): Promise<Run> {
        return this.manage(userId, runId, (r) => finish(r, this.who(userId, source)));
    }

    async archive(userId: string, runId: string, source: UserSource): Promise<Run> {
        return this.manage(userId, runId, (r) => archive(r, this.who(userId, source)));
    }

    // ----- trusted server code (bot, reminders): no user checks ------------------------

    async activeRuns(): Promise<Run[]> {
        return this.deps.runs.listActive();
    }

    async runForSystem(runId: string): Promise<Run | null> {
        return isSafeId(runId) ? this.deps.runs.getRun(runId) : null;
    }

    /** Appends an event the server itself caused (a reminder sent, an announcement posted). */
    async recordSystemEvent(runId: string, e: Omit<NewEvent, 'at'> & {at?: string}): Promise<Run> {
        const out = await this.changeSteps(runId, [], (run) => ({run, events: [{...e, at: e.at ?? this.nowIso()}], result: null}));
        return out.whole();
    }

    async repairIndexes(): Promise<void> {
        const report = await this.deps.runs.repairIndexes();
        if (report.channelFixes > 0 || report.activeFixes > 0) {
            this.deps.api.log.warn('repaired run indexes left incomplete by an interrupted write', {...report});
        }
    }

    // ----- helpers -----------------------------------------------------------------------

    /** A change of a few steps: publishes the delta, tells the listeners (the whole run on demand). */
    private async changeSteps(runId: string, stepIds: string[], apply: (run: Run) => RunChange<unknown>): Promise<StepsChanged<unknown>> {
        const out = await this.guard(() => this.deps.runs.updateSteps(runId, stepIds, apply));
        if (out.events.length > 0) {
            const delta = deltaOf(out);
            await this.publish('run_updated', {runId, channelId: delta.channelId, revision: delta.revision, delta: JSON.stringify(delta)}, delta.channelId);
            let whole: Promise<Run> | null = null;
            await this.notify({runId, run: () => (whole ??= out.whole())}, out.events);
        }
        return out;
    }

    private async change(runId: string, apply: (run: Run) => RunChange<unknown>): Promise<Run> {
        const out = await this.guard(() => this.deps.runs.update(runId, apply));
        if (out.events.length > 0) {
            await this.publish('run_updated', {runId, channelId: out.run.channelId, revision: out.run.revision}, out.run.channelId);
            await this.notify(changedRun(out.run), out.events);
        }
        return out.run;
    }

    /**
     * A run-wide action: the caller must see the run, then (checked against the latest run
     * inside the compare-and-set) be its Release Manager, its starter or a system admin.
     * `precheck` runs after the visibility check and before any write.
     */
    private async manage(userId: string, runId: string, apply: (run: Run) => RunChange<unknown>, precheck?: () => Promise<void>): Promise<Run> {
        await this.visible(userId, runId);
        const admin = await this.isAdmin(userId);
        await precheck?.();
        return this.change(runId, (r) => {
            this.assertMayManage(r, userId, admin);
            return apply(r);
        });
    }

    /** The run's head (no steps), if the caller may see the run: one small read. */
    private visibleHead(userId: string, runId: string): Promise<RunHeadView> {
        return this.visibleAs(userId, runId, (id) => this.deps.runs.head(id));
    }

    /** The run, if the caller may see it; unknown runs and other channels' runs look the same. */
    private visible(userId: string, runId: string): Promise<StoredRun> {
        return this.visibleAs(userId, runId, (id) => this.deps.runs.get(id));
    }

    /** What `read` finds of the run, when it exists and the caller is a member of its channel. */
    private async visibleAs<T extends {run: {channelId: string}}>(userId: string, runId: string, read: (runId: string) => Promise<T | null>): Promise<T> {
        if (!isSafeId(runId)) {
            throw forbidden(NO_ACCESS);
        }
        const found = await this.guard(() => read(runId));
        if (!found || !(await this.deps.api.isChannelMember(found.run.channelId, userId))) {
            throw forbidden(NO_ACCESS);
        }
        return found;
    }

    private async assertMember(channelId: string, userId: string): Promise<void> {
        if (!USER_ID_FORMAT.test(channelId) || !(await this.deps.api.isChannelMember(channelId, userId))) {
            throw forbidden('you are not a member of this channel');
        }
    }

    /**
     * The versions of the channel's other active runs; refuses a second active run of the
     * same version, which the channel could not tell apart.
     */
    private async otherActiveVersions(channelId: string, version: string): Promise<string[]> {
        const {runs} = await this.guard(() => this.deps.runs.listSummaries(channelId));
        const active = runs.filter((r) => r.status === 'active');
        const same = active.find((r) => r.version === version);
        if (same) {
            throw conflict(`release ${same.version} is already active in this channel (run ${same.id}, started ${same.createdAt.slice(0, 10)}); finish or archive it, or choose another version`);
        }
        return active.map((r) => r.version);
    }

    private async assertMayStart(userId: string): Promise<void> {
        const settings = this.deps.settings();
        if (settings.whoCanStart !== 'listed' || (await this.isAdmin(userId))) {
            return;
        }
        const user = await this.deps.api.getUser(userId);
        if (!user || !settings.allowedStarters.includes(user.username.toLowerCase())) {
            throw forbidden('only the users listed in the plugin settings may start a release');
        }
    }

    private assertMayManage(run: Run, userId: string, admin: boolean): void {
        if (!admin && run.createdBy !== userId && !steps.isReleaseManager(run, userId)) {
            throw forbidden('only the Release Manager, the person who started the run, or a system admin may do this');
        }
    }

    /** Every user given a role must be an active member of the run's channel. */
    private async assertAssignees(
        channelId: string, roles: Record<string, string[]>, holding: Record<string, string[]> = {}, names: Record<string, string> = {},
    ): Promise<void> {
        for (const [role, users] of Object.entries(roles)) {
            for (const [i, id] of users.entries()) {
                if (!(ownValue(holding, role) ?? []).includes(id)) {
                    await this.assertAssignee(channelId, id, `the ${(ownValue(names, role) ?? role).slice(0, 64)} role`, `roles.${role}.${i}`);
                }
            }
        }
    }

    /** The one check for anyone who is handed work in a run: a role or a step. */
    private async assertAssignee(channelId: string, id: string, what: string, field: string): Promise<void> {
        const user = USER_ID_FORMAT.test(id) ? await this.deps.api.getUser(id) : null;
        if (!user || user.deleteAt !== 0) {
            throw invalid(`no active user with id '${id.slice(0, 64)}' for ${what}`, field);
        }
        if (!(await this.deps.api.isChannelMember(channelId, id))) {
            throw invalid(`@${user.username} is not a member of the run's channel and cannot be given ${what}`, field);
        }
    }

    private async assertPostInChannel(postId: string, channelId: string): Promise<void> {
        const post = POST_ID_FORMAT.test(postId) ? await this.deps.api.getPost(postId) : null;
        if (!post || post.channelId !== channelId) {
            throw invalid('the evidence must be a post in the run\'s channel', 'postId');
        }
    }

    private async template(templateId: string, kind: 'invalid' | 'not_found' = 'invalid'): Promise<Template> {
        const stored = await this.guard(() => this.deps.templates.get(templateId));
        if (!stored) {
            throw new ActionError(kind, `unknown template '${templateId.slice(0, 64)}'`, kind === 'invalid' ? 'templateId' : undefined);
        }
        return stored.template;
    }

    private isAdmin(userId: string): Promise<boolean> {
        return this.deps.api.hasPermission(userId, 'manage_system');
    }

    private who(userId: string, source: UserSource): steps.Who {
        return {userId, at: this.nowIso(), source};
    }

    private nowIso(): string {
        return this.deps.now().toISOString();
    }

    private async publish(event: string, payload: Record<string, unknown>, channelId: string): Promise<void> {
        try {
            await this.deps.api.publishWebSocketEvent(event, payload, {channelId});
        } catch (err) {
            // The change is stored; clients catch up on their next fetch or reconnect.
            this.deps.api.log.warn('could not publish a run update', {event, error: String(err)});
        }
    }

    private async notify(change: ChangedRun, events: RunEvent[]): Promise<void> {
        if (!this.deps.onEvents || events.length === 0) {
            return;
        }
        try {
            // The change is stored: a listener's failure (reading the run included) is logged, not answered.
            await this.deps.onEvents(change, events);
        } catch (err) {
            this.deps.api.log.error('a run change listener failed', {runId: change.runId, error: String(err)});
        }
    }

    /** Storage refusals become ActionErrors with a message a person can act on. */
    private async guard<T>(fn: () => Promise<T>): Promise<T> {
        try {
            return await fn();
        } catch (err) {
            if (err instanceof ConflictError || err instanceof LimitError || err instanceof VersionTakenError) {
                throw conflict(err.message);
            }
            if (err instanceof ValueTooLargeError) {
                // The record would be too big to store: the request asks for too much (413), with the figures.
                throw new ActionError('too_large', err.message);
            }
            if (err instanceof RunNotFoundError) {
                throw forbidden(NO_ACCESS);
            }
            throw err;
        }
    }
}

function roleNamesOf(template: Template): Record<string, string> {
    return Object.fromEntries(template.roles.map((r) => [r.id, r.name]));
}

/** Any ISO-8601 instant with a zone, stored as UTC; bounded to years 2000-2199. */
function normalizeInstant(text: string): string {
    const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : NaN;
    if (Number.isNaN(ms)) {
        throw invalid('dueAt must be an ISO-8601 instant with a zone, e.g. 2026-03-02T17:00:00Z', 'dueAt');
    }
    const iso = new Date(ms).toISOString();
    if (iso < '2000' || iso >= '2200') {
        throw invalid('dueAt is out of range', 'dueAt');
    }
    return iso;
}

export {ActionError};
