// Who is calling: the preview has no passwords, so the page's user switcher sets the
// session cookies Mattermost uses (MMAUTHTOKEN, MMUSERID, MMCSRF). As on a real server,
// a state-changing request must carry the CSRF token (or X-Requested-With:
// XMLHttpRequest) or it is treated as anonymous.
import {createHmac, randomBytes} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';

const SECRET = randomBytes(32);

function cookies(req: IncomingMessage): Record<string, string> {
    const out: Record<string, string> = {};
    for (const part of (req.headers.cookie ?? '').split(';')) {
        const eq = part.indexOf('=');
        if (eq > 0) {
            out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
        }
    }
    return out;
}

/** A token bound to the user and this preview process, so a hand-made cookie is refused. */
function tokenFor(userId: string): string {
    return createHmac('sha256', SECRET).update(userId).digest('hex').slice(0, 32);
}

export function setSession(res: ServerResponse, userId: string): void {
    const token = `${userId}.${tokenFor(userId)}`;
    res.setHeader('set-cookie', [
        `MMAUTHTOKEN=${token}; Path=/; HttpOnly; SameSite=Lax`,
        `MMUSERID=${userId}; Path=/; SameSite=Lax`,
        `MMCSRF=${tokenFor(`csrf:${userId}`)}; Path=/; SameSite=Lax`,
    ]);
}

/** The session's user id, or null when there is no valid session. */
export function sessionUser(req: IncomingMessage): string | null {
    const token = cookies(req).MMAUTHTOKEN ?? '';
    const dot = token.indexOf('.');
    if (dot <= 0) {
        return null;
    }
    const userId = token.slice(0, dot);
    return token.slice(dot + 1) === tokenFor(userId) ? userId : null;
}

/** Mattermost's check for cookie-authenticated requests that change state. */
export function passesCsrf(req: IncomingMessage, userId: string): boolean {
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'GET' || method === 'HEAD') {
        return true;
    }
    if (req.headers['x-csrf-token'] === tokenFor(`csrf:${userId}`)) {
        return true;
    }
    return req.headers['x-requested-with'] === 'XMLHttpRequest';
}
