// The page's calls to the preview server, with the host's request conventions (cookies,
// X-Requested-With, the CSRF token from the MMCSRF cookie on changes).
import type {Bootstrap, MMPost} from './store';

function csrf(): string {
    const m = /(?:^|;\s*)MMCSRF=([^;]*)/.exec(document.cookie);
    return m ? decodeURIComponent(m[1]) : '';
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
        throw new Error(message);
    }
    return json as T;
}

export const api = {
    bootstrap: () => request<Bootstrap>('GET', '/preview/bootstrap'),
    posts: (channelId: string) => request<{order: string[]; posts: Record<string, MMPost>}>('GET', `/api/v4/channels/${channelId}/posts`),
    createPost: (channelId: string, message: string) => request<MMPost>('POST', '/api/v4/posts', {channel_id: channelId, message}),
    executeCommand: (channelId: string, teamId: string, command: string) =>
        request<{response_type: string; text: string}>('POST', '/api/v4/commands/execute', {channel_id: channelId, team_id: teamId, command}),
    pluginConfig: () => request<Record<string, unknown>>('GET', '/preview/plugin-config'),
    savePluginConfig: (values: Record<string, unknown>) => request<Record<string, unknown>>('PUT', '/preview/plugin-config', values),
};
