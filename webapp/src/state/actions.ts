// Action types and creators of the plugin's own reducer.
import type {ChannelRuns, Run, RunDelta} from '../api/types';
import {PLUGIN_ID} from '../manifest';

export const CHANNEL_RUNS_RECEIVED = `${PLUGIN_ID}/channel_runs_received`;
export const RUN_RECEIVED = `${PLUGIN_ID}/run_received`;
export const RUN_DELTA_RECEIVED = `${PLUGIN_ID}/run_delta_received`;
export const RUN_CREATED_SEEN = `${PLUGIN_ID}/run_created_seen`;
export const SYNC_FAILED = `${PLUGIN_ID}/sync_failed`;
export const RUN_SELECTED = `${PLUGIN_ID}/run_selected`;
export const CURRENT_RUN_SET = `${PLUGIN_ID}/current_run_set`;
export const CHOOSER_OPENED = `${PLUGIN_ID}/chooser_opened`;
export const CHOOSER_CLOSED = `${PLUGIN_ID}/chooser_closed`;

export type ChooserMode = 'done' | 'evidence';

export type PluginAction =
    | {type: typeof CHANNEL_RUNS_RECEIVED; channelId: string; data: ChannelRuns}
    | {type: typeof RUN_RECEIVED; run: Run}
    | {type: typeof RUN_DELTA_RECEIVED; delta: RunDelta}
    | {type: typeof RUN_CREATED_SEEN; channelId: string}
    | {type: typeof SYNC_FAILED; channelId: string; message: string | null}
    | {type: typeof RUN_SELECTED; channelId: string; runId: string}
    | {type: typeof CURRENT_RUN_SET; channelId: string; currentRunId: string}
    | {type: typeof CHOOSER_OPENED; postId: string; mode: ChooserMode}
    | {type: typeof CHOOSER_CLOSED};

export const channelRunsReceived = (channelId: string, data: ChannelRuns) => ({type: CHANNEL_RUNS_RECEIVED, channelId, data});
export const runReceived = (run: Run) => ({type: RUN_RECEIVED, run});
export const runDeltaReceived = (delta: RunDelta) => ({type: RUN_DELTA_RECEIVED, delta});
export const runCreatedSeen = (channelId: string) => ({type: RUN_CREATED_SEEN, channelId});
export const syncFailed = (channelId: string, message: string | null) => ({type: SYNC_FAILED, channelId, message});
export const runSelected = (channelId: string, runId: string) => ({type: RUN_SELECTED, channelId, runId});
export const currentRunSet = (channelId: string, currentRunId: string) => ({type: CURRENT_RUN_SET, channelId, currentRunId});
export const chooserOpened = (postId: string, mode: ChooserMode) => ({type: CHOOSER_OPENED, postId, mode});
export const chooserClosed = () => ({type: CHOOSER_CLOSED});
