// The page's calls, all to Mattermost's REST API (/api/v4), so the same page runs against the
// stand-in and, proxied, against a real server. The host's request conventions: cookies,
// X-Requested-With, and the CSRF token from the MMCSRF cookie on changes.
import type {Manifest, MMChannel, MMPost, MMUser} from './store';

function csrf(): string {
    const m = /(?:^|;\s*)MMCSRF=([^;]*)/.exec(document.cookie);
    return m ? decodeURIComponent(m[1]) : '';
}

export class RequestError extends Error {
    constructor(readonly status: number, message: string) {
        super(message);
    }
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {'X-Requested-With': 'XMLHttpRequest'};
    if (method !== 'GET') {
        headers['X-CSRF-Token'] = csrf();
        headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(path, {method, headers, credentials: 'include', body: body === undefined ? undefined : JSON.stringify(body)});
    const text = await res.text();
    let json: unknown;
    try {
        json = text ? JSON.parse(text) : undefined;
    } catch {
        json = undefined;
    }
    if (!res.ok) {
        const message = (json as {message?: string} | undefined)?.message ?? `${res.status} ${res.statusText}`;
        throw new RequestError(res.status, message);
    }
    return json as T;
}

export interface Team {id: string; name: string; display_name: string}
export interface MMUserFull extends MMUser {roles?: string}
export interface ClientManifest {id: string; version?: string; webapp?: {bundle_path?: string}}
export interface MMConfig {PluginSettings?: {Plugins?: Record<string, Record<string, unknown>>}; [section: string]: unknown}

/** model.SubmitDialogResponse: an empty object closes the dialog. */
export interface DialogAnswer {
    error?: string;
    errors?: Record<string, string>;
}

const enc = encodeURIComponent;

export const api = {
    login: (loginId: string, password: string) => request<MMUserFull>('POST', '/api/v4/users/login', {login_id: loginId, password}),
    logout: () => request<unknown>('POST', '/api/v4/users/logout'),
    me: () => request<MMUserFull>('GET', '/api/v4/users/me'),
    myTeams: () => request<Team[]>('GET', '/api/v4/users/me/teams'),
    myChannels: (teamId: string) => request<MMChannel[]>('GET', `/api/v4/users/me/teams/${enc(teamId)}/channels`),
    teamUsers: (teamId: string) => request<MMUserFull[]>('GET', `/api/v4/users?in_team=${enc(teamId)}&page=0&per_page=200`),
    usersByIds: (ids: string[]) => request<MMUserFull[]>('POST', '/api/v4/users/ids', ids),
    clientConfig: () => request<{SiteURL?: string}>('GET', '/api/v4/config/client?format=old'),
    webappPlugins: () => request<ClientManifest[]>('GET', '/api/v4/plugins/webapp'),
    /** Admins only: the full manifests, settings_schema included. */
    plugins: () => request<{active: Manifest[]; inactive: Manifest[]}>('GET', '/api/v4/plugins'),
    /** Admins only: the whole config, which the System Console edits and sends back. */
    config: () => request<MMConfig>('GET', '/api/v4/config'),
    updateConfig: (config: MMConfig) => request<MMConfig>('PUT', '/api/v4/config', config),
    posts: (channelId: string) => request<{order: string[]; posts: Record<string, MMPost>}>('GET', `/api/v4/channels/${enc(channelId)}/posts`),
    createPost: (channelId: string, message: string) => request<MMPost>('POST', '/api/v4/posts', {channel_id: channelId, message}),
    executeCommand: (channelId: string, teamId: string, command: string) =>
        request<{response_type: string; text: string}>('POST', '/api/v4/commands/execute', {channel_id: channelId, team_id: teamId, command}),
    /** A message button: the server calls the action's integration and applies its answer. */
    postAction: (postId: string, actionId: string) => request<{status: string; trigger_id?: string}>('POST', `/api/v4/posts/${enc(postId)}/actions/${enc(actionId)}`, {}),
    submitDialog: (submission: Record<string, unknown>) => request<DialogAnswer>('POST', '/api/v4/actions/dialogs/submit', submission),
};
