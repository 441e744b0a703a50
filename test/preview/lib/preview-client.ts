// A signed-in caller of a running preview, for tests: logs in as a seeded user and calls
// routes with the session cookie and the headers the webapp sends.
import type {RunningPreview} from './preview';

export async function session(preview: RunningPreview, user: string): Promise<string> {
    const res = await fetch(`${preview.url}/preview/login?user=${user}`, {redirect: 'manual'});
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

export async function call(preview: RunningPreview, cookie: string, method: string, path: string, body?: unknown): Promise<{status: number; json: unknown}> {
    const res = await fetch(`${preview.url}${path}`, {
        method, headers: {cookie, 'x-requested-with': 'XMLHttpRequest', 'content-type': 'application/json'},
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {status: res.status, json: text ? JSON.parse(text) : undefined};
}
