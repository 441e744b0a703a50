// The plugin's operations on the server, each one updating the store with what it got
// back. Components and websocket handlers share this object so that every answer lands
// in one place.
import UserTypes from 'mattermost-redux/action_types/users';
import type {AnyAction} from 'redux';

import type {ApiClient} from '../api/client';
import {messageOf} from '../api/errors';
import type {ActionSource, ChannelRuns, Run, RunDelta, RunVerb, StepVerb} from '../api/types';

import {channelRunsReceived, currentRunSet, runDeltaReceived, runReceived, syncFailed} from './actions';
import {getChannelRuns, getRun, getUser} from './selectors';

export interface StoreLike {
    getState(): unknown;
    dispatch(action: AnyAction): unknown;
}

/** Ids are batched per tick so a 60-step list asks for its owners in one request. */
const PROFILE_BATCH = 100;
/** Refetches of one run in a row while events keep arriving; the next event starts over. */
const MAX_RUN_REFETCHES = 3;
/** How long a channel whose probe failed is left alone before the next probe. */
const PROBE_RETRY_MS = 30_000;

interface RunFetch {
    /** Another event arrived while the request was out: its change may not be in the answer. */
    again: boolean;
    /** Highest revision an event announced; undefined when an event carried none. */
    wanted: number | undefined;
    done: Promise<void>;
}

export class RunOps {
    readonly api: ApiClient;
    private readonly store: StoreLike;
    private readonly requestedProfiles = new Set<string>();
    private profileQueue: string[] = [];
    private profileFlush: Promise<void> | null = null;
    private readonly probedChannels = new Set<string>();
    private readonly probeFailures = new Map<string, number>();
    private readonly runFetches = new Map<string, RunFetch>();
    private disposed = false;

    constructor(api: ApiClient, store: StoreLike) {
        this.api = api;
        this.store = store;
    }

    /** Stops dispatching answers that arrive after the plugin was uninitialized. */
    dispose(): void {
        this.disposed = true;
    }

    private dispatch(action: AnyAction): void {
        if (!this.disposed) {
            this.store.dispatch(action);
        }
    }

    async loadChannelRuns(channelId: string): Promise<ChannelRuns> {
        const data = await this.api.channelRuns(channelId);
        const clean: ChannelRuns = {runs: Array.isArray(data?.runs) ? data.runs : [], currentRunId: data?.currentRunId ?? null};
        this.probedChannels.add(channelId);
        this.dispatch(channelRunsReceived(channelId, clean));
        return clean;
    }

    async loadRun(runId: string): Promise<Run> {
        const run = await this.api.run(runId);
        this.dispatch(runReceived(run));
        return run;
    }

    /** Background refresh (websocket, reconnect): failures are shown in the RHS, not thrown. */
    async refreshChannel(channelId: string, runIds: string[] = []): Promise<void> {
        try {
            await this.loadChannelRuns(channelId);
            await Promise.all(runIds.map((id) => this.loadRun(id)));
            this.dispatch(syncFailed(channelId, null));
        } catch (err) {
            this.dispatch(syncFailed(channelId, messageOf(err)));
        }
    }

    /**
     * run_updated for a run the viewer has loaded: one request for the run. The channel's
     * list is asked for too only when the summary the reducer derives from the run cannot
     * stand in for it: the run is missing from the list, or its status changed (which may
     * change what the channel shows as active). Events arriving while the request is out
     * are folded into it instead of starting more requests.
     */
    refreshRun(channelId: string, runId: string, revision?: number): Promise<void> {
        const pending = this.runFetches.get(runId);
        if (pending) {
            pending.again = true;
            pending.wanted = revision === undefined || pending.wanted === undefined ? undefined : Math.max(pending.wanted, revision);
            return pending.done;
        }
        const entry: RunFetch = {again: false, wanted: revision, done: Promise.resolve()};
        entry.done = this.fetchRunUntilCurrent(channelId, runId, entry).finally(() => this.runFetches.delete(runId));
        this.runFetches.set(runId, entry);
        return entry.done;
    }

    private async fetchRunUntilCurrent(channelId: string, runId: string, entry: RunFetch): Promise<void> {
        try {
            const before = getRun(this.store.getState(), runId);
            let run: Run | undefined;
            for (let i = 0; i < MAX_RUN_REFETCHES; i++) {
                entry.again = false;
                run = await this.loadRun(runId);
                const behind = entry.wanted === undefined ? entry.again : run.revision < entry.wanted;
                if (!behind) {
                    break;
                }
            }
            const list = getChannelRuns(this.store.getState(), channelId);
            if (run && list && (!list.runs.some((r) => r.id === runId) || before?.status !== run.status)) {
                await this.loadChannelRuns(channelId);
            }
            this.dispatch(syncFailed(channelId, null));
        } catch (err) {
            this.dispatch(syncFailed(channelId, messageOf(err)));
        }
    }

    /**
     * Called from the post-menu filter for a channel the plugin has not asked about yet:
     * at most one request per channel per session, so the filter itself stays a lookup.
     */
    probeChannel(channelId: string, nowMs: number = Date.now()): void {
        if (this.probedChannels.has(channelId)) {
            return;
        }
        // The post-menu filter calls this on every menu render: after a failure, wait
        // before asking again rather than sending a request per render.
        const failedAt = this.probeFailures.get(channelId);
        if (failedAt !== undefined && nowMs - failedAt < PROBE_RETRY_MS) {
            return;
        }
        this.probedChannels.add(channelId);
        this.loadChannelRuns(channelId).then(() => {
            this.probeFailures.delete(channelId);
        }, (err) => {
            this.probedChannels.delete(channelId);
            this.probeFailures.set(channelId, nowMs);
            this.dispatch(syncFailed(channelId, messageOf(err)));
        });
    }

    /** A step action: the answer says what changed, which lands in the store (docs/http-api.md). */
    async stepAction(runId: string, stepId: string, verb: StepVerb, body: Record<string, unknown>, source: ActionSource = 'rhs'): Promise<Run | RunDelta> {
        const answer = await this.api.stepAction(runId, stepId, verb, body, source);
        if ('runId' in answer) {
            await this.applyDelta(answer);
        } else {
            this.dispatch(runReceived(answer));
        }
        return answer;
    }

    /**
     * What a change did to a run (a step action's answer, a run_updated event): applied when
     * it follows the revision shown; a gap (an update missed or still on its way) refetches the
     * run instead, as little as refreshRun asks.
     */
    async applyDelta(delta: RunDelta): Promise<void> {
        const shown = getRun(this.store.getState(), delta.runId);
        if (shown && delta.revision <= shown.revision) {
            return;
        }
        if (shown && delta.revision !== shown.revision + 1) {
            await this.refreshRun(delta.channelId, delta.runId, delta.revision);
            return;
        }
        this.dispatch(runDeltaReceived(delta));
    }

    async runAction(runId: string, verb: RunVerb): Promise<Run> {
        return this.received(await this.api.runAction(runId, verb, 'rhs'));
    }

    async moveReleaseDay(runId: string, releaseDay: string): Promise<Run> {
        return this.received(await this.api.moveReleaseDay(runId, releaseDay, 'rhs'));
    }

    async setRoles(runId: string, roles: Record<string, string[]>): Promise<Run> {
        return this.received(await this.api.setRoles(runId, roles, 'rhs'));
    }

    /** Changes answers to the run's questions; the answer holds the steps that joined or left. */
    async setConditions(runId: string, conditions: Record<string, boolean>): Promise<Run> {
        return this.received(await this.api.setConditions(runId, conditions, 'rhs'));
    }

    async setRunSettings(runId: string, settings: {channelButtons: boolean}): Promise<Run> {
        return this.received(await this.api.setRunSettings(runId, settings, 'rhs'));
    }

    private received(run: Run): Run {
        this.dispatch(runReceived(run));
        return run;
    }

    /** One request: the answer names the new current run, which the list already holds. */
    async makeCurrent(channelId: string, runId: string): Promise<void> {
        const {currentRunId} = await this.api.makeCurrent(runId);
        this.dispatch(currentRunSet(channelId, currentRunId));
        const list = getChannelRuns(this.store.getState(), channelId);
        if (!list || list.currentRunId !== currentRunId) {
            await this.loadChannelRuns(channelId);
        }
    }

    /** Loads the profiles of users the UI shows and the store does not have yet. */
    ensureProfiles(userIds: readonly string[]): Promise<void> {
        for (const id of userIds) {
            if (id && !this.requestedProfiles.has(id) && !getUser(this.store.getState(), id)) {
                this.requestedProfiles.add(id);
                this.profileQueue.push(id);
            }
        }
        if (this.profileQueue.length === 0) {
            return this.profileFlush ?? Promise.resolve();
        }
        if (!this.profileFlush) {
            this.profileFlush = Promise.resolve().then(() => this.flushProfiles());
        }
        return this.profileFlush;
    }

    private async flushProfiles(): Promise<void> {
        const ids = this.profileQueue;
        this.profileQueue = [];
        this.profileFlush = null;
        for (let i = 0; i < ids.length; i += PROFILE_BATCH) {
            const batch = ids.slice(i, i + PROFILE_BATCH);
            try {
                const users = await this.api.profiles(batch);
                this.dispatch({type: UserTypes.RECEIVED_PROFILES_LIST, data: users});
            } catch {
                // Names fall back to the user id; allow a later retry.
                batch.forEach((id) => this.requestedProfiles.delete(id));
            }
        }
    }
}
