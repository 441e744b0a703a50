// Live updates: the server publishes run_updated / run_created / current_run_changed to the
// run's channel (docs/http-api.md); the handlers refetch what the viewer has loaded, as
// little as the event allows, ignoring events older than what is shown.
import {readDelta} from './api/client';
import type {RunDelta} from './api/types';
import type {WebSocketMessage} from './host';
import {runCreatedSeen} from './state/actions';
import type {RunOps, StoreLike} from './state/ops';
import {getChannelRuns, getCurrentChannelId, pluginState} from './state/selectors';

interface RunEventData {
    runId: string;
    channelId: string;
    revision?: number;
    /** What the change did (step actions), when the event carries it. */
    delta?: RunDelta;
}

interface CurrentRunData {
    channelId: string;
    currentRunId: string | null;
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

function dataOf(msg: WebSocketMessage | undefined): Record<string, unknown> | null {
    const d = msg?.data;
    return d && typeof d === 'object' ? d as Record<string, unknown> : null;
}

/** Websocket payloads come from outside: anything malformed is dropped, never thrown. */
export function readRunEvent(msg: WebSocketMessage | undefined): RunEventData | null {
    const d = dataOf(msg);
    if (!d || !nonEmpty(d.runId) || !nonEmpty(d.channelId)) {
        return null;
    }
    const {revision} = d;
    const rev = typeof revision === 'number' ? revision : typeof revision === 'string' && revision !== '' ? Number(revision) : undefined;
    const out: RunEventData = {runId: d.runId, channelId: d.channelId, revision: rev !== undefined && Number.isFinite(rev) ? rev : undefined};
    const delta = readEventDelta(d.delta);
    if (delta && delta.runId === out.runId && delta.channelId === out.channelId && delta.revision === out.revision) {
        out.delta = delta;
    }
    return out;
}

function readEventDelta(raw: unknown): RunDelta | null {
    if (typeof raw !== 'string') {
        return null;
    }
    try {
        return readDelta(JSON.parse(raw));
    } catch {
        return null;
    }
}

export function readCurrentRunEvent(msg: WebSocketMessage | undefined): CurrentRunData | null {
    const d = dataOf(msg);
    if (!d || !nonEmpty(d.channelId) || !(d.currentRunId === null || nonEmpty(d.currentRunId))) {
        return null;
    }
    return {channelId: d.channelId, currentRunId: d.currentRunId};
}

export function makeHandlers(store: StoreLike, ops: RunOps) {
    const watched = (channelId: string) => {
        const state = store.getState();
        return Boolean(getChannelRuns(state, channelId)) || getCurrentChannelId(state as never) === channelId;
    };

    const runUpdated = (msg: WebSocketMessage) => {
        const ev = readRunEvent(msg);
        if (!ev) {
            return;
        }
        const shown = pluginState(store.getState()).runs[ev.runId];
        if (shown && ev.revision !== undefined && ev.revision <= shown.revision) {
            return;
        }
        if (ev.delta && (shown || watched(ev.channelId))) {
            // The event says what changed: applied without a request unless a revision was missed.
            ops.applyDelta(ev.delta);
        } else if (shown) {
            // One request for the run; the reducer keeps the list's summary in step.
            ops.refreshRun(ev.channelId, ev.runId, ev.revision);
        } else if (watched(ev.channelId)) {
            // Only the list shows this run (its progress): one request for the list.
            ops.refreshChannel(ev.channelId);
        }
    };

    const runCreated = (msg: WebSocketMessage) => {
        const ev = readRunEvent(msg);
        if (!ev) {
            return;
        }
        // The post-menu filter can offer its actions at once; the list follows.
        store.dispatch(runCreatedSeen(ev.channelId));
        if (watched(ev.channelId)) {
            ops.refreshChannel(ev.channelId);
        }
    };

    /** Another run became the channel's current run: the list says which (no run changed). */
    const currentRunChanged = (msg: WebSocketMessage) => {
        const ev = readCurrentRunEvent(msg);
        if (!ev) {
            return;
        }
        const list = getChannelRuns(store.getState(), ev.channelId);
        if (list && list.currentRunId === ev.currentRunId) {
            // The viewer made the change (or already refetched): nothing to ask.
            return;
        }
        if (watched(ev.channelId)) {
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

    return {runUpdated, runCreated, currentRunChanged, reconnect};
}
