// Live updates: the server publishes run_updated / run_created to the run's channel; the
// handlers refetch what the viewer has loaded, ignoring events older than what is shown.
import type {WebSocketMessage} from './host';
import {runCreatedSeen} from './state/actions';
import type {RunOps, StoreLike} from './state/ops';
import {getChannelRuns, getCurrentChannelId, pluginState} from './state/selectors';

interface RunEventData {
    runId: string;
    channelId: string;
    revision?: number;
}

/** Websocket payloads come from outside: anything malformed is dropped, never thrown. */
export function readRunEvent(msg: WebSocketMessage | undefined): RunEventData | null {
    const d = msg?.data;
    if (!d || typeof d !== 'object') {
        return null;
    }
    const {runId, channelId, revision} = d as Record<string, unknown>;
    if (typeof runId !== 'string' || !runId || typeof channelId !== 'string' || !channelId) {
        return null;
    }
    const rev = typeof revision === 'number' ? revision : typeof revision === 'string' && revision !== '' ? Number(revision) : undefined;
    return {runId, channelId, revision: rev !== undefined && Number.isFinite(rev) ? rev : undefined};
}

export function makeHandlers(store: StoreLike, ops: RunOps) {
    const runUpdated = (msg: WebSocketMessage) => {
        const ev = readRunEvent(msg);
        if (!ev) {
            return;
        }
        const state = store.getState();
        const shown = pluginState(state).runs[ev.runId];
        if (shown && ev.revision !== undefined && ev.revision <= shown.revision) {
            return;
        }
        const watched = Boolean(getChannelRuns(state, ev.channelId)) || getCurrentChannelId(state as never) === ev.channelId;
        if (!watched && !shown) {
            return;
        }
        ops.refreshChannel(ev.channelId, shown ? [ev.runId] : []);
    };

    const runCreated = (msg: WebSocketMessage) => {
        const ev = readRunEvent(msg);
        if (!ev) {
            return;
        }
        // The post-menu filter can offer its actions at once; the list follows.
        store.dispatch(runCreatedSeen(ev.channelId));
        const state = store.getState();
        if (getChannelRuns(state, ev.channelId) || getCurrentChannelId(state as never) === ev.channelId) {
            ops.refreshChannel(ev.channelId);
        }
    };

    /** After a reconnect, events may have been missed: refetch every channel and run loaded. */
    const reconnect = () => {
        const ps = pluginState(store.getState());
        for (const channelId of Object.keys(ps.channels)) {
            const runIds = Object.values(ps.runs).filter((r) => r.channelId === channelId).map((r) => r.id);
            ops.refreshChannel(channelId, runIds);
        }
    };

    return {runUpdated, runCreated, reconnect};
}
