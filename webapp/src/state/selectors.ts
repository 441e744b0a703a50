// Reads from the host store. The core selectors come from mattermost-redux's small
// `common` module; the few other entities are read directly because the full selector
// modules (users, posts, teams, general) add about 35 KB gzip to the bundle for one-line
// lookups.
import type {UserProfile} from '@mattermost/types/users';
import {getCurrentChannelId, getCurrentUserId, getUsers} from 'mattermost-redux/selectors/entities/common';

import type {ChannelRuns, Run} from '../api/types';
import {PLUGIN_STATE_KEY} from '../manifest';

import {initialState, type PluginState} from './reducer';

export {getCurrentChannelId, getCurrentUserId};

// The host's GlobalState type is large; the plugin only relies on these branches.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyState = any;

export function pluginState(state: AnyState): PluginState {
    return (state?.[PLUGIN_STATE_KEY] as PluginState | undefined) ?? initialState;
}

export function getUser(state: AnyState, userId: string): UserProfile | undefined {
    return getUsers(state)?.[userId];
}

export function getPostChannelId(state: AnyState, postId: string): string | undefined {
    const post = state?.entities?.posts?.posts?.[postId];
    return typeof post?.channel_id === 'string' ? post.channel_id : undefined;
}

export function getCurrentTeamId(state: AnyState): string {
    return state?.entities?.teams?.currentTeamId ?? '';
}

/** True when the viewer's Mattermost roles include system_admin (a space-separated list). */
export function isSystemAdmin(state: AnyState): boolean {
    const roles = getUser(state, getCurrentUserId(state))?.roles;
    return typeof roles === 'string' && roles.split(/\s+/).includes('system_admin');
}

/** Team name for permalinks: the run's own team when known, else the current team. */
export function getTeamName(state: AnyState, teamId?: string): string {
    const teams = state?.entities?.teams?.teams ?? {};
    const team = teams[teamId ?? ''] ?? teams[getCurrentTeamId(state)];
    return typeof team?.name === 'string' ? team.name : '';
}

export function getChannelRuns(state: AnyState, channelId: string): ChannelRuns | undefined {
    return pluginState(state).channels[channelId];
}

export function getRun(state: AnyState, runId: string | null | undefined): Run | undefined {
    return runId ? pluginState(state).runs[runId] : undefined;
}

/** The run the RHS shows for a channel: the viewer's pick, else the channel's current run, else the newest. */
export function getShownRunId(state: AnyState, channelId: string): string | null {
    const list = getChannelRuns(state, channelId);
    if (!list || list.runs.length === 0) {
        return null;
    }
    const picked = pluginState(state).selectedRun[channelId];
    if (picked && list.runs.some((r) => r.id === picked)) {
        return picked;
    }
    // The server lists a channel's runs oldest first.
    return list.currentRunId ?? list.runs[list.runs.length - 1].id;
}

/** The cheap check behind the post-menu filter: a map lookup, no allocation. */
export function channelHasActiveRun(state: AnyState, channelId: string): boolean {
    return pluginState(state).activeRunByChannel[channelId] === true;
}

/** The viewer's IANA zone from their profile, else the browser's. */
export function getViewerZone(state: AnyState): string {
    const me = getUser(state, getCurrentUserId(state));
    const tz = me?.timezone;
    if (tz) {
        const automatic = String(tz.useAutomaticTimezone) === 'true';
        const zone = automatic ? tz.automaticTimezone : tz.manualTimezone;
        if (zone) {
            return zone;
        }
    }
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
