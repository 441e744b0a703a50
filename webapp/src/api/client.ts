// Calls the plugin's own HTTP API (docs/http-api.md). Requests go through fetch with the
// host's conventions from Client4.getOptions (X-Requested-With, CSRF token, cookies).
// Only the Client4 class module is imported: the package index would also pull in the
// websocket client.
import Client4 from '@mattermost/client/lib/client4';
import type {UserProfile} from '@mattermost/types/users';

import {PLUGIN_ID} from '../manifest';

import {ApiError, errorFromResponse} from './errors';
import type {
    ActionSource, AllReleases, ChannelRuns, HistorySummary, RunVerb, Defaults, EventsPage, MyRun, NotePage, ParseResult, Run, RunDelta, RunPreview, SettingProblem, StartRun, StepVerb, Template,
    TemplateSummary,
} from './types';

export type FetchFn = typeof fetch;

/**
 * A run is rendered field by field; one missing its core shape would break the RHS, so
 * it is refused here with a clear error instead of reaching the store.
 */
export function checkRun(value: unknown): Run {
    const r = value as Partial<Run> | null;
    const ok = Boolean(r) && typeof r === 'object' &&
        typeof r!.id === 'string' && typeof r!.channelId === 'string' && typeof r!.revision === 'number' &&
        Array.isArray(r!.phases) && Array.isArray(r!.steps) &&
        r!.steps.every((s) => s && typeof s.id === 'string' && typeof s.dueAt === 'string' && typeof s.state === 'string' &&
            Array.isArray(s.evidence) && Array.isArray(s.notes));
    if (!ok) {
        throw new ApiError('The server sent a run in an unexpected shape.', 200);
    }
    return r as Run;
}

/** What a step action changed (docs/http-api.md), or null when the value is not one. */
export function readDelta(value: unknown): RunDelta | null {
    const d = value as Partial<RunDelta> | null;
    const ok = Boolean(d) && typeof d === 'object' &&
        typeof d!.runId === 'string' && typeof d!.channelId === 'string' && typeof d!.revision === 'number' && typeof d!.status === 'string' &&
        Boolean(d!.progress) && typeof d!.progress === 'object' && Array.isArray(d!.steps) &&
        d!.steps.every((s) => s && typeof s.id === 'string' && typeof s.dueAt === 'string' && typeof s.state === 'string' &&
            Array.isArray(s.evidence) && Array.isArray(s.notes));
    return ok ? d as RunDelta : null;
}

export class ApiClient {
    readonly client4: Client4;
    private readonly siteUrl: () => string;
    private readonly fetchFn: FetchFn;

    constructor(siteUrl: () => string, fetchFn?: FetchFn, client4?: Client4) {
        this.siteUrl = siteUrl;
        // Looked up at call time so tests (and polyfills) can replace the global later.
        this.fetchFn = fetchFn ?? ((input, init) => fetch(input, init));
        this.client4 = client4 ?? new Client4();
    }

    /** Base of every plugin route, e.g. https://host/sub/plugins/<id>/api/v1. */
    baseUrl(): string {
        return `${this.siteUrl()}/plugins/${PLUGIN_ID}/api/v1`;
    }

    private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
        // Client4 builds its own URLs for user calls; keep it on the same (sub)path.
        this.client4.setUrl(this.siteUrl());
        const init = this.client4.getOptions({method, body: body === undefined ? undefined : JSON.stringify(body)});
        let res: Response;
        try {
            res = await this.fetchFn(`${this.baseUrl()}${path}`, init);
        } catch (err) {
            throw new ApiError(`Could not reach the server: ${err instanceof Error ? err.message : String(err)}`, 0);
        }
        if (!res.ok) {
            throw await errorFromResponse(res);
        }
        const text = await res.text();
        if (!text) {
            return undefined as T;
        }
        try {
            return JSON.parse(text) as T;
        } catch {
            throw new ApiError('The server sent an answer that is not JSON.', res.status);
        }
    }

    channelRuns(channelId: string): Promise<ChannelRuns> {
        return this.request('GET', `/runs?channel_id=${encodeURIComponent(channelId)}`);
    }

    /** GET /history: the template's release history over the caller's channels, with this channel's finished runs. */
    history(templateId: string, channelId: string): Promise<HistorySummary> {
        return this.request('GET', `/history?template_id=${encodeURIComponent(templateId)}&channel_id=${encodeURIComponent(channelId)}`);
    }

    async run(runId: string): Promise<Run> {
        return checkRun(await this.request('GET', `/runs/${encodeURIComponent(runId)}`));
    }

    /** The caller's open steps in every active run of their channels (GET /mine). */
    mine(): Promise<{runs: MyRun[]}> {
        return this.request('GET', '/mine');
    }

    /** Every active release of the caller's channels, a page from `offset` (GET /all). */
    async allReleases(offset = 0): Promise<AllReleases> {
        const answer = await this.request<Partial<AllReleases> | undefined>('GET', `/all?offset=${offset}`);
        if (!answer || !Array.isArray(answer.releases) || typeof answer.total !== 'number') {
            throw new ApiError('The server sent an answer in an unexpected shape.', 200);
        }
        return {releases: answer.releases, total: answer.total, offset: answer.offset ?? offset, more: answer.more === true};
    }

    preview(start: StartRun): Promise<RunPreview> {
        return this.request('POST', '/runs/preview', start);
    }

    async startRun(start: StartRun): Promise<Run> {
        return checkRun(await this.request('POST', '/runs', start));
    }

    async makeCurrent(runId: string): Promise<{currentRunId: string}> {
        const answer = await this.request<{currentRunId?: unknown}>('POST', `/runs/${encodeURIComponent(runId)}/current`, {});
        if (typeof answer?.currentRunId !== 'string' || !answer.currentRunId) {
            throw new ApiError('The server sent an answer in an unexpected shape.', 200);
        }
        return {currentRunId: answer.currentRunId};
    }

    /** Step actions answer what changed (a RunDelta); "announce" answers the whole run. */
    async stepAction(runId: string, stepId: string, verb: StepVerb, body: Record<string, unknown>, source: ActionSource): Promise<Run | RunDelta> {
        // Sub-step ids contain '/', so the step id is always encoded.
        const answer = await this.request('POST', `/runs/${encodeURIComponent(runId)}/steps/${encodeURIComponent(stepId)}/${verb}`, {...body, source});
        return readDelta(answer) ?? checkRun(answer);
    }

    async runAction(runId: string, verb: RunVerb, source: ActionSource): Promise<Run> {
        return checkRun(await this.request('POST', `/runs/${encodeURIComponent(runId)}/${verb}`, {source}));
    }

    /** Moves T-0; the answer carries the release day the server settled on and the open steps' new due times. */
    async moveReleaseDay(runId: string, releaseDay: string, source: ActionSource): Promise<Run> {
        return checkRun(await this.request('POST', `/runs/${encodeURIComponent(runId)}/move`, {releaseDay, source}));
    }

    /** Replaces the users of the roles named; roles left out keep their users. */
    async setRoles(runId: string, roles: Record<string, string[]>, source: ActionSource): Promise<Run> {
        return checkRun(await this.request('POST', `/runs/${encodeURIComponent(runId)}/roles`, {roles, source}));
    }

    /** Changes answers to the run's questions (POST /runs/:id/conditions). */
    async setConditions(runId: string, conditions: Record<string, boolean>, source: ActionSource): Promise<Run> {
        return checkRun(await this.request('POST', `/runs/${encodeURIComponent(runId)}/conditions`, {conditions, source}));
    }

    /** The run's own settings (POST /runs/:id/settings). */
    async setRunSettings(runId: string, settings: {channelButtons: boolean}, source: ActionSource): Promise<Run> {
        return checkRun(await this.request('POST', `/runs/${encodeURIComponent(runId)}/settings`, {...settings, source}));
    }

    /** Sends the run's reminders now (POST /runs/:id/remind); how many went out. */
    async remindNow(runId: string, source: ActionSource): Promise<{sent: number}> {
        return this.request<{sent: number}>('POST', `/runs/${encodeURIComponent(runId)}/remind`, {source});
    }

    /** The run report as a Markdown download (a plain GET link; the cookie authenticates it). */
    reportUrl(runId: string): string {
        return `${this.baseUrl()}/runs/${encodeURIComponent(runId)}/report?format=md`;
    }

    /** The run's milestones, or the viewer's own steps, as an .ics download (a plain GET link; the cookie authenticates it). */
    calendarUrl(runId: string, mine: boolean): string {
        return `${this.baseUrl()}/runs/${encodeURIComponent(runId)}/calendar.ics${mine ? '?mine=1' : ''}`;
    }

    events(runId: string, before: number | null, limit = 50): Promise<EventsPage> {
        const q = before === null ? `limit=${limit}` : `before=${before}&limit=${limit}`;
        return this.request('GET', `/runs/${encodeURIComponent(runId)}/events?${q}`);
    }

    /** A page of a step's earlier notes, oldest first (the step itself carries only its latest few). */
    stepNotes(runId: string, stepId: string, before: number | null, limit = 50): Promise<NotePage> {
        const q = before === null ? `limit=${limit}` : `before=${before}&limit=${limit}`;
        return this.request('GET', `/runs/${encodeURIComponent(runId)}/steps/${encodeURIComponent(stepId)}/notes?${q}`);
    }

    defaults(): Promise<Defaults> {
        return this.request('GET', '/defaults');
    }

    /** What the server would find wrong with these plugin settings (admins; POST /settings/check). */
    checkSettings(settings: Record<string, unknown>): Promise<{problems: SettingProblem[]}> {
        return this.request('POST', '/settings/check', {settings});
    }

    templates(): Promise<TemplateSummary[]> {
        return this.request('GET', '/templates');
    }

    template(templateId: string): Promise<Template> {
        return this.request('GET', `/templates/${encodeURIComponent(templateId)}`);
    }

    async exportTemplate(templateId: string): Promise<string> {
        this.client4.setUrl(this.siteUrl());
        const res = await this.fetchFn(`${this.baseUrl()}/templates/${encodeURIComponent(templateId)}/export`, this.client4.getOptions({method: 'GET'}));
        if (!res.ok) {
            throw await errorFromResponse(res);
        }
        return res.text();
    }

    parseTemplate(markdown: string): Promise<ParseResult> {
        return this.request('POST', '/templates/parse', {markdown});
    }

    saveTemplate(templateId: string, markdown: string): Promise<Template> {
        return this.request('PUT', `/templates/${encodeURIComponent(templateId)}`, {markdown});
    }

    /** Profiles by id, through the core REST API. */
    async profiles(userIds: string[]): Promise<UserProfile[]> {
        this.client4.setUrl(this.siteUrl());
        return this.client4.getProfilesByIds(userIds);
    }

    async searchUsers(term: string, teamId: string, channelId: string): Promise<UserProfile[]> {
        this.client4.setUrl(this.siteUrl());
        const found = await this.client4.autocompleteUsers(term, teamId, channelId, {limit: 20});
        // In-channel matches first: those are the people in the release channel.
        return [...(found.users ?? []), ...(found.out_of_channel ?? [])];
    }

    profilePictureUrl(userId: string, lastPictureUpdate?: number): string {
        this.client4.setUrl(this.siteUrl());
        return this.client4.getProfilePictureUrl(userId, lastPictureUpdate ?? 0);
    }
}
