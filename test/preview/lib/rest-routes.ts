// The part of Mattermost's REST API (/api/v4) the page and the webapp's Client4 calls use,
// plus the preview's own routes (/preview/...): session switch, bootstrap data, plugin
// settings, and the event stream. Everything is answered from the preview platform.
import {randomUUID} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';

import type {PlatformUser} from '../../../server-bridge/src/product/platform';

import type {EventHub} from './event-hub';
import {HttpError, readJson, sendError, sendJson, str} from './http-util';
import {channelJson, postJson, userJson} from './mm-shapes';
import type {PluginConnection} from './plugin-connection';
import type {PreviewPlatform} from './preview-platform';
import {TEAM} from './seed';
import {passesCsrf, sessionUser, setSession} from './session';

export interface RestContext {
    platform: PreviewPlatform;
    hub: EventHub;
    plugin: () => PluginConnection;
    manifest: Record<string, unknown>;
    siteURL: string;
}

const MAX_MESSAGE = 16383;

function people(ctx: RestContext): PlatformUser[] {
    return [...ctx.platform.users.values()];
}

function user(ctx: RestContext, u: PlatformUser): Record<string, unknown> {
    return userJson(u, ctx.platform.isAdmin(u.id));
}

/** The caller, or a 401 as Mattermost answers a request without a session. */
function caller(req: IncomingMessage): string {
    const userId = sessionUser(req);
    if (!userId) {
        throw new HttpError(401, 'Invalid or expired session, please login again.');
    }
    if (!passesCsrf(req, userId)) {
        throw new HttpError(401, 'Missing CSRF token.');
    }
    return userId;
}

function memberOf(ctx: RestContext, channelId: string, userId: string): void {
    if (!ctx.platform.channels.has(channelId) || !ctx.platform.isMember(channelId, userId)) {
        throw new HttpError(403, 'You do not have the appropriate permissions.');
    }
}

/** Avatars are drawn, not stored: an initial on a colour derived from the id. */
function avatarSvg(u: PlatformUser | undefined): string {
    const name = u ? (u.firstName || u.username) : '?';
    const hue = [...(u?.id ?? '')].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
    const letter = name.slice(0, 1).toUpperCase().replace(/[^A-Z0-9]/g, '?');
    return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="hsl(${hue},45%,45%)"/>` +
        `<text x="32" y="42" font-size="30" font-family="sans-serif" fill="#fff" text-anchor="middle">${letter}</text></svg>`;
}

async function executeCommand(ctx: RestContext, userId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const command = str(body.command, 'command').trim();
    const channelId = str(body.channel_id, 'channel_id');
    memberOf(ctx, channelId, userId);
    const trigger = command.slice(1).split(/\s+/)[0] ?? '';
    if (!command.startsWith('/') || !ctx.platform.commands.some((c) => c.trigger === trigger)) {
        throw new HttpError(404, `Command with a trigger of '${trigger}' not found.`);
    }
    const rootId = typeof body.root_id === 'string' ? body.root_id : '';
    // As Mattermost does, every command gets a fresh trigger id so it may open a dialog; the
    // preview records dialogs (PreviewPlatform.dialogs) without drawing them.
    const triggerId = `preview-trigger-${randomUUID()}`;
    const answer = await ctx.plugin().executeCommand({command, userId, channelId, teamId: TEAM.id, rootId: rootId || undefined, triggerId});
    if (answer.text) {
        // As Mattermost does: ephemeral answers appear only to the caller, others as a post.
        if (answer.responseType === 'in_channel') {
            await ctx.platform.createPost({channelId, userId, message: answer.text, rootId: rootId || undefined});
        } else {
            await ctx.platform.sendEphemeralPost(userId, {channelId, userId: ctx.platform.botUserId ?? userId, message: answer.text, rootId: rootId || undefined});
        }
    }
    return {response_type: answer.responseType, text: answer.text};
}

/** Answers a request when it is one of these routes; false lets the caller try others. */
export async function handleRest(ctx: RestContext, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://preview');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const route = `${method} ${path}`;
    const p = ctx.platform;
    try {
        if (route === 'GET /preview/login') {
            const who = url.searchParams.get('user') ?? '';
            const u = people(ctx).find((x) => x.username === who && !x.isBot);
            if (!u) {
                throw new HttpError(404, `no seeded person named "${who}"`);
            }
            setSession(res, u.id);
            const next = url.searchParams.get('next') ?? '/';
            // Only paths on this server: never an open redirect.
            res.writeHead(302, {location: next.startsWith('/') && !next.startsWith('//') ? next : '/'});
            res.end();
            return true;
        }
        if (route === 'GET /preview/bootstrap') {
            const me = sessionUser(req);
            const channels = [...p.channels.values()].filter((c) => c.type !== 'D' && me !== null && p.isMember(c.id, me));
            sendJson(res, 200, {
                me,
                people: people(ctx).filter((u) => !u.isBot).map((u) => ({id: u.id, username: u.username, name: `${u.firstName} ${u.lastName}`, role: u.nickname})),
                users: people(ctx).map((u) => user(ctx, u)),
                team: {id: TEAM.id, name: TEAM.name, display_name: TEAM.displayName},
                channels: channels.map(channelJson),
                memberships: Object.fromEntries(channels.map((c) => [c.id, [...(p.members.get(c.id) ?? [])]])),
                config: {SiteURL: ctx.siteURL},
                manifest: ctx.manifest,
                isAdmin: me !== null && p.isAdmin(me),
            });
            return true;
        }
        if (route === 'GET /preview/events') {
            ctx.hub.attach(caller(req), res);
            return true;
        }
        if (path === '/preview/plugin-config') {
            const me = caller(req);
            if (!p.isAdmin(me)) {
                throw new HttpError(403, 'Only a system admin can read or change plugin settings.');
            }
            if (method === 'GET') {
                sendJson(res, 200, await p.loadPluginConfiguration());
                return true;
            }
            if (method === 'PUT') {
                const body = await readJson(req);
                if (!body || typeof body !== 'object' || Array.isArray(body)) {
                    throw new HttpError(400, 'settings must be a JSON object');
                }
                p.setConfig(body as Record<string, unknown>);
                await ctx.plugin().onConfigurationChange();
                sendJson(res, 200, await p.loadPluginConfiguration());
                return true;
            }
        }
        if (route === 'GET /api/v4/users/me') {
            const u = p.users.get(caller(req));
            sendJson(res, 200, u ? user(ctx, u) : {});
            return true;
        }
        if (route === 'POST /api/v4/users/ids') {
            caller(req);
            const ids = await readJson(req);
            if (!Array.isArray(ids) || ids.length > 1000 || ids.some((x) => typeof x !== 'string')) {
                throw new HttpError(400, 'body must be a list of at most 1000 user ids');
            }
            sendJson(res, 200, ids.map((id) => p.users.get(id)).filter((u): u is PlatformUser => Boolean(u)).map((u) => user(ctx, u)));
            return true;
        }
        if (route === 'GET /api/v4/users/autocomplete') {
            caller(req);
            const term = (url.searchParams.get('name') ?? '').toLowerCase().replace(/^@/, '');
            const channelId = url.searchParams.get('in_channel') ?? '';
            const found = people(ctx).filter((u) => !u.isBot && [u.username, u.firstName, u.lastName, u.nickname].some((s) => s.toLowerCase().startsWith(term)));
            const inChannel = found.filter((u) => channelId && p.isMember(channelId, u.id));
            sendJson(res, 200, {
                users: inChannel.map((u) => user(ctx, u)),
                out_of_channel: found.filter((u) => !inChannel.includes(u)).map((u) => user(ctx, u)),
            });
            return true;
        }
        const image = /^\/api\/v4\/users\/([a-z0-9]{1,64})\/image$/.exec(path);
        if (image && method === 'GET') {
            res.writeHead(200, {'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600'});
            res.end(avatarSvg(p.users.get(image[1])));
            return true;
        }
        const channel = /^\/api\/v4\/channels\/([a-z0-9_]{1,64})(\/posts)?$/.exec(path);
        if (channel && method === 'GET') {
            const me = caller(req);
            memberOf(ctx, channel[1], me);
            if (!channel[2]) {
                sendJson(res, 200, channelJson(p.channels.get(channel[1])!));
                return true;
            }
            const posts = p.postsIn(channel[1]).slice(-200);
            sendJson(res, 200, {order: posts.map((x) => x.id).reverse(), posts: Object.fromEntries(posts.map((x) => [x.id, postJson(x)]))});
            return true;
        }
        if (route === 'POST /api/v4/posts') {
            const me = caller(req);
            const body = await readJson(req) as Record<string, unknown>;
            const channelId = str(body?.channel_id, 'channel_id');
            const message = str(body.message, 'message');
            if (message.trim() === '' || message.length > MAX_MESSAGE) {
                throw new HttpError(400, `message must have 1 to ${MAX_MESSAGE} characters`);
            }
            memberOf(ctx, channelId, me);
            const rootId = typeof body.root_id === 'string' && body.root_id ? body.root_id : undefined;
            sendJson(res, 201, postJson(p.userPost({channelId, userId: me, message, rootId})));
            return true;
        }
        if (route === 'POST /api/v4/commands/execute') {
            const me = caller(req);
            sendJson(res, 200, await executeCommand(ctx, me, await readJson(req) as Record<string, unknown>));
            return true;
        }
        if (path.startsWith('/api/v4/')) {
            throw new HttpError(404, `the preview does not serve ${route}`);
        }
        return false;
    } catch (err) {
        if (err instanceof HttpError) {
            sendError(res, err.status, err.message);
        } else {
            console.error(`[preview] ${route} failed: ${err instanceof Error ? err.stack : String(err)}`);
            sendError(res, 500, 'The preview could not answer this request.');
        }
        return true;
    }
}
