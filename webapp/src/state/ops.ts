// The plugin's operations on the server, each one updating the store with what it got
// back. Components and websocket handlers share this object so that every answer lands
// in one place.
import UserTypes from 'mattermost-redux/action_types/users';
import type {AnyAction} from 'redux';

import type {ApiClient} from '../api/client';
import {messageOf} from '../api/errors';
import type {ActionSource, ChannelRuns, Run, RunVerb, StepVerb} from '../api/types';

import {channelRunsReceived, runReceived, syncFailed} from './actions';
import {getUser} from './selectors';

export interface StoreLike {
    getState(): unknown;
    dispatch(action: AnyAction): unknown;
}

/** Ids are batched per tick so a 60-step list asks for its owners in one request. */
const PROFILE_BATCH = 100;

export class RunOps {
    readonly api: ApiClient;
    private readonly store: StoreLike;
    private readonly requestedProfiles = new Set<string>();
    private profileQueue: string[] = [];
    private profileFlush: Promise<void> | null = null;
    private readonly probedChannels = new Set<string>();
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
     * Called from the post-menu filter for a channel the plugin has not asked about yet:
     * at most one request per channel per session, so the filter itself stays a lookup.
     */
    probeChannel(channelId: string): void {
        if (this.probedChannels.has(channelId)) {
            return;
        }
        this.probedChannels.add(channelId);
        this.loadChannelRuns(channelId).catch((err) => {
            this.probedChannels.delete(channelId);
            this.dispatch(syncFailed(channelId, messageOf(err)));
        });
    }

    async stepAction(runId: string, stepId: string, verb: StepVerb, body: Record<string, unknown>, source: ActionSource = 'rhs'): Promise<Run> {
        const run = await this.api.stepAction(runId, stepId, verb, body, source);
        this.dispatch(runReceived(run));
        return run;
    }

    async runAction(runId: string, verb: RunVerb): Promise<Run> {
        const run = await this.api.runAction(runId, verb, 'rhs');
        this.dispatch(runReceived(run));
        return run;
    }

    async makeCurrent(channelId: string, runId: string): Promise<void> {
        await this.api.makeCurrent(runId);
        await this.loadChannelRuns(channelId);
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
