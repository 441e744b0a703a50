// The plugin's slice of the host store (state['plugins-<id>']). It keeps what several
// surfaces share: runs per channel, loaded runs, the per-channel "has an active run" map
// that the post-menu filter reads on every render, and the open step chooser.
import type {AnyAction} from 'redux';

import type {ChannelRuns, Run, RunDelta} from '../api/types';
import {shareUnchanged} from '../model/share';
import {progressOf} from '../model/steps';

import {
    CHANNEL_RUNS_RECEIVED, CHOOSER_CLOSED, CHOOSER_OPENED, CURRENT_RUN_SET, RUN_CREATED_SEEN, RUN_DELTA_RECEIVED, RUN_RECEIVED, RUN_SELECTED, SYNC_FAILED,
    type ChooserMode, type PluginAction,
} from './actions';

export interface PluginState {
    channels: Record<string, ChannelRuns>;
    activeRunByChannel: Record<string, boolean>;
    runs: Record<string, Run>;
    /** Run the viewer picked in a channel, when it is not the channel's current run. */
    selectedRun: Record<string, string>;
    syncErrors: Record<string, string>;
    chooser: {postId: string; mode: ChooserMode} | null;
}

export const initialState: PluginState = {
    channels: {},
    activeRunByChannel: {},
    runs: {},
    selectedRun: {},
    syncErrors: {},
    chooser: null,
};

export function reducer(state: PluginState = initialState, anyAction: AnyAction): PluginState {
    const action = anyAction as PluginAction;
    switch (action.type) {
    case CHANNEL_RUNS_RECEIVED: {
        const active = action.data.runs.some((r) => r.status === 'active');
        return {
            ...state,
            channels: {...state.channels, [action.channelId]: action.data},
            activeRunByChannel: {...state.activeRunByChannel, [action.channelId]: active},
        };
    }
    case RUN_RECEIVED: {
        const known = state.runs[action.run.id];
        // A slower answer must not overwrite a newer revision already shown.
        if (known && known.revision > action.run.revision) {
            return state;
        }
        const run = shareUnchanged(known, action.run);
        const channels = withSummaryOf(state.channels, run);
        const list = channels[run.channelId];
        // A run finished or archived here may leave the channel without an active run: the
        // post-menu filter must know without asking the server again.
        const activeRunByChannel = list && list !== state.channels[run.channelId] ?
            {...state.activeRunByChannel, [run.channelId]: list.runs.some((r) => r.status === 'active')} :
            state.activeRunByChannel;
        return {...state, runs: {...state.runs, [run.id]: run}, channels, activeRunByChannel};
    }
    case RUN_DELTA_RECEIVED: {
        const {delta} = action;
        const known = state.runs[delta.runId];
        if (!known) {
            // Only the channel's list shows this run: its summary takes the new counts.
            const channels = withCounts(state.channels, delta.channelId, delta.runId, delta.status, delta.progress);
            return channels === state.channels ? state : {...state, channels};
        }
        // Only the change right after the one shown applies; anything else waits for a refetch.
        if (delta.revision !== known.revision + 1) {
            return state;
        }
        const byId = new Map(delta.steps.map((s) => [s.id, s]));
        const run: Run = {...known, revision: delta.revision, status: delta.status, steps: known.steps.map((s) => byId.get(s.id) ?? s)};
        const channels = withSummaryOf(state.channels, run);
        return {...state, runs: {...state.runs, [run.id]: run}, channels};
    }
    case CURRENT_RUN_SET: {
        const list = state.channels[action.channelId];
        // Only a run the list knows can be current; anything else waits for the list refetch.
        if (!list || list.currentRunId === action.currentRunId || !list.runs.some((r) => r.id === action.currentRunId)) {
            return state;
        }
        return {...state, channels: {...state.channels, [action.channelId]: {...list, currentRunId: action.currentRunId}}};
    }
    case RUN_CREATED_SEEN:
        if (state.activeRunByChannel[action.channelId]) {
            return state;
        }
        return {...state, activeRunByChannel: {...state.activeRunByChannel, [action.channelId]: true}};
    case SYNC_FAILED: {
        const syncErrors = {...state.syncErrors};
        if (action.message) {
            syncErrors[action.channelId] = action.message;
        } else {
            delete syncErrors[action.channelId];
        }
        return {...state, syncErrors};
    }
    case RUN_SELECTED:
        return {...state, selectedRun: {...state.selectedRun, [action.channelId]: action.runId}};
    case CHOOSER_OPENED:
        return {...state, chooser: {postId: action.postId, mode: action.mode}};
    case CHOOSER_CLOSED:
        return state.chooser ? {...state, chooser: null} : state;
    default:
        return state;
    }
}

/** A run's status and progress in its channel's list, when the list shows it. */
function withCounts(channels: Record<string, ChannelRuns>, channelId: string, runId: string, status: Run['status'], progress: RunDelta['progress']): Record<string, ChannelRuns> {
    const list = channels[channelId];
    if (!list || !list.runs.some((r) => r.id === runId)) {
        return channels;
    }
    const runs = list.runs.map((r) => (r.id === runId ? {...r, status, progress: {...progress}} : r));
    return {...channels, [channelId]: {...list, runs}};
}

/** Keeps the channel's run list (progress, status) in step with a run just received. */
function withSummaryOf(channels: Record<string, ChannelRuns>, run: Run): Record<string, ChannelRuns> {
    const list = channels[run.channelId];
    if (!list || !list.runs.some((r) => r.id === run.id)) {
        return channels;
    }
    const {done, skipped, open, total} = progressOf(run);
    const progress = {done, skipped, open, total};
    const runs = list.runs.map((r) => (r.id === run.id ? {...r, status: run.status, releaseDay: run.releaseDay, version: run.version, progress} : r));
    return {...channels, [run.channelId]: {...list, runs}};
}
