// Who is calling: signing in (POST /api/v4/users/login with the seeded password, or the
// preview's user switcher) sets the session cookies Mattermost uses (MMAUTHTOKEN, MMUSERID,
// MMCSRF). As on a real server, a state-changing request must carry the CSRF token (or
// X-Requested-With: XMLHttpRequest) or it is treated as anonymous.
import {createHmac, randomBytes} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';

const SECRET = randomBytes(32);
/** Mattermost's default web session length (ServiceSettings.SessionLengthWebInHours, 4320). */
const SESSION_SECONDS = 4320 * 3600;

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

/** Sets the session cookies and returns the session token (Mattermost's `Token` header). */
export function setSession(res: ServerResponse, userId: string): string {
    const token = `${userId}.${tokenFor(userId)}`;
    // As the server sets them: a session's length (180 days), no SameSite attribute.
    const life = `Path=/; Expires=${new Date(Date.now() + SESSION_SECONDS * 1000).toUTCString()}; Max-Age=${SESSION_SECONDS}`;
    res.setHeader('set-cookie', [
        `MMAUTHTOKEN=${token}; ${life}; HttpOnly`,
        `MMUSERID=${userId}; ${life}`,
        `MMCSRF=${tokenFor(`csrf:${userId}`)}; ${life}`,
    ]);
    return token;
}

/** Signing out, as Mattermost does it: the cookies expire. */
export function clearSession(res: ServerResponse): void {
    res.setHeader('set-cookie', ['MMAUTHTOKEN', 'MMUSERID', 'MMCSRF'].map((name) => `${name}=; Path=/; Max-Age=0`));
}

/** The user of a session token (the cookie's value, or a websocket authentication_challenge). */
export function tokenUser(token: string): string | null {
    const dot = token.indexOf('.');
    if (dot <= 0) {
        return null;
    }
    const userId = token.slice(0, dot);
    return token.slice(dot + 1) === tokenFor(userId) ? userId : null;
}

/** The session's user id, or null when there is no valid session. */
export function sessionUser(req: IncomingMessage): string | null {
    return tokenUser(cookies(req).MMAUTHTOKEN ?? '');
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
