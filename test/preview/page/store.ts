// A Redux store shaped like the Mattermost web app's where plugins look: entities.users,
// channels, teams, posts, general.config and preferences (the theme), the RHS view state,
// and plugin reducers mounted at `plugins-<id>`. Thunks are accepted as the host's are.
import {applyMiddleware, combineReducers, legacy_createStore as createStore, type AnyAction, type Middleware, type Reducer, type Store} from 'redux';

import {THEMES, type Theme} from './theme';

export interface MMUser {id: string; username: string; first_name?: string; last_name?: string; nickname?: string; is_bot?: boolean}
export interface MMChannel {id: string; team_id: string; name: string; display_name: string; type: string}
export interface MMPost {id: string; channel_id: string; user_id: string; root_id: string; message: string; create_at: number; type?: string; props?: Record<string, unknown>; ephemeral?: boolean}

/** What the page reads from the REST API before it renders the shell (bootstrap.ts). */
export interface Bootstrap {
    backend: 'stand-in' | 'mattermost';
    me: string;
    users: MMUser[];
    team: {id: string; name: string; display_name: string};
    /** The user's channels in the team, direct ones left out. */
    channels: MMChannel[];
    /** The user's direct message channels, each named `@<the other person>` in display_name. */
    directChannels: MMChannel[];
    config: {SiteURL: string};
    /** The plugins with a webapp bundle, and where the server serves each. */
    plugins: Array<{id: string; bundleUrl: string}>;
    isAdmin: boolean;
}

export interface SettingSchema {
    key: string;
    display_name?: string;
    type: string;
    help_text?: string;
    placeholder?: string;
    default?: unknown;
    options?: Array<{display_name: string; value: string}>;
}

export interface Manifest {
    id: string;
    name?: string;
    settings_schema?: {header?: string; footer?: string; settings?: SettingSchema[]};
}

export type ThemeName = 'light' | 'dark';

export function themePreference(userId: string, theme: Theme) {
    return {'theme--': {category: 'theme', name: '', user_id: userId, value: JSON.stringify(theme)}};
}

function entitiesReducer(boot: Bootstrap, themeName: ThemeName): Reducer {
    const initial = {
        users: {currentUserId: boot.me, profiles: Object.fromEntries(boot.users.map((u) => [u.id, u]))},
        channels: {
            currentChannelId: '',
            channels: Object.fromEntries(boot.channels.map((c) => [c.id, c])),
            myMembers: Object.fromEntries(boot.channels.map((c) => [c.id, {channel_id: c.id, user_id: boot.me, roles: 'channel_user'}])),
        },
        teams: {currentTeamId: boot.team.id, teams: {[boot.team.id]: boot.team}, myMembers: {[boot.team.id]: {team_id: boot.team.id, user_id: boot.me}}},
        posts: {posts: {} as Record<string, MMPost>, postsInChannel: {} as Record<string, Array<{order: string[]; recent: boolean}>>},
        general: {config: {...boot.config}, license: {IsLicensed: 'false'}},
        preferences: {myPreferences: themePreference(boot.me, THEMES[themeName])},
    };
    type Entities = typeof initial;
    const addPosts = (state: Entities, posts: MMPost[]): Entities => {
        const all = {...state.posts.posts};
        const inChannel = {...state.posts.postsInChannel};
        for (const p of posts) {
            const known = p.id in all;
            all[p.id] = p;
            if (!known) {
                const order = inChannel[p.channel_id]?.[0]?.order ?? [];
                inChannel[p.channel_id] = [{order: [p.id, ...order], recent: true}];
            }
        }
        for (const c of new Set(posts.map((p) => p.channel_id))) {
            inChannel[c] = [{order: [...inChannel[c][0].order].sort((a, b) => all[b].create_at - all[a].create_at), recent: true}];
        }
        return {...state, posts: {posts: all, postsInChannel: inChannel}};
    };
    return (state: Entities = initial, action: AnyAction): Entities => {
        switch (action.type) {
        case 'RECEIVED_PROFILES_LIST':
        case 'RECEIVED_PROFILES':
        case 'RECEIVED_PROFILE': {
            const list = Array.isArray(action.data) ? action.data : action.data && typeof action.data === 'object' && 'id' in action.data ? [action.data] : Object.values(action.data ?? {});
            const profiles = {...state.users.profiles};
            for (const u of list as MMUser[]) {
                if (u && typeof u.id === 'string') {
                    profiles[u.id] = u;
                }
            }
            return {...state, users: {...state.users, profiles}};
        }
        case 'RECEIVED_POST':
            return addPosts(state, [action.data as MMPost]);
        case 'RECEIVED_POSTS':
            return addPosts(state, action.data as MMPost[]);
        case 'SELECT_CHANNEL':
            return {...state, channels: {...state.channels, currentChannelId: action.data as string}};
        case 'RECEIVED_PREFERENCES':
            return {...state, preferences: {myPreferences: {...state.preferences.myPreferences, ...(action.data as object)}}};
        default:
            return state;
        }
    };
}

/** model.DialogElement as the open_dialog event carries it. */
export interface DialogElement {
    display_name: string;
    name: string;
    type: string;
    subtype?: string;
    default?: string;
    placeholder?: string;
    help_text?: string;
    optional?: boolean;
    min_length?: number;
    max_length?: number;
    options?: Array<{text: string; value: string}> | null;
}

/** model.OpenDialogRequest, the open_dialog event's `dialog` once parsed. */
export interface OpenDialog {
    trigger_id: string;
    url: string;
    dialog: {
        callback_id: string;
        title: string;
        introduction_text?: string;
        elements: DialogElement[] | null;
        submit_label?: string;
        notify_on_cancel?: boolean;
        state?: string;
    };
}

export interface Views {
    rhs: {pluginComponentId: string | null};
    theme: ThemeName;
    /** The interactive dialog open_dialog asked for, with the channel it was opened in. */
    dialog: {request: OpenDialog; channelId: string} | null;
}

function viewsReducer(themeName: ThemeName): Reducer<Views> {
    return (state: Views = {rhs: {pluginComponentId: null}, theme: themeName, dialog: null}, action: AnyAction): Views => {
        if (action.type === 'PREVIEW_OPEN_DIALOG') {
            return {...state, dialog: {request: action.request as OpenDialog, channelId: action.channelId as string}};
        }
        if (action.type === 'PREVIEW_CLOSE_DIALOG') {
            return {...state, dialog: null};
        }
        if (action.type === 'PREVIEW_RHS') {
            const id = action.componentId as string;
            const open = state.rhs.pluginComponentId === id;
            const next = action.mode === 'show' ? id : action.mode === 'hide' ? (open ? null : state.rhs.pluginComponentId) : (open ? null : id);
            return {...state, rhs: {pluginComponentId: next}};
        }
        if (action.type === 'PREVIEW_THEME') {
            return {...state, theme: action.theme as ThemeName};
        }
        return state;
    };
}

const thunk: Middleware = (api) => (next) => (action) =>
    typeof action === 'function' ? (action as (d: typeof api.dispatch, g: typeof api.getState) => unknown)(api.dispatch, api.getState) : next(action);

export interface HostStore {
    store: Store;
    /** Mounts a plugin's reducer at `plugins-<id>`, as registerReducer does. */
    mountPluginReducer(pluginId: string, reducer: Reducer): void;
}

export function createHostStore(boot: Bootstrap, themeName: ThemeName): HostStore {
    const plugins: Record<string, Reducer> = {};
    const base = {entities: entitiesReducer(boot, themeName), views: viewsReducer(themeName)};
    const store = createStore(combineReducers(base), applyMiddleware(thunk));
    return {
        store,
        mountPluginReducer(pluginId, reducer) {
            plugins[`plugins-${pluginId}`] = reducer;
            store.replaceReducer(combineReducers({...base, ...plugins}) as never);
        },
    };
}
