// The part of Mattermost's REST API (/api/v4) the page and the webapp's Client4 use, the
// same calls the page makes to a real server: sign-in, the user's teams and channels, users,
// posts, commands, dialog submissions, the client config, the plugin manifests and the
// System Console's config. Plus one preview route: /preview/login, the user switcher.
// Everything is answered from the preview platform.
import {createHash} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';

import type {PlatformUser} from '../../../server-bridge/src/product/platform';

import type {EventHub} from './event-hub';
import {ERROR_ID, HttpError, readJson, sendError, sendJson, str} from './http-util';
import {channelJson, postJson, teamJson, userJson} from './mm-shapes';
import type {PluginConnection} from './plugin-connection';
import type {PreviewPlatform} from './preview-platform';
import {PASSWORD, TEAM} from './seed';
import {clearSession, passesCsrf, sessionUser, setSession} from './session';

export interface RestContext {
    platform: PreviewPlatform;
    hub: EventHub;
    plugin: () => PluginConnection;
    manifest: Record<string, unknown> & {id: string};
    siteURL: string;
    /** The plugin's webapp bundle as built now. */
    pluginBundle: () => Buffer;
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
        throw new HttpError(401, 'Invalid or expired session, please login again.', ERROR_ID.session);
    }
    if (!passesCsrf(req, userId)) {
        throw new HttpError(401, 'Missing CSRF token.', ERROR_ID.session);
    }
    return userId;
}

function admin(ctx: RestContext, userId: string): void {
    if (!ctx.platform.isAdmin(userId)) {
        throw new HttpError(403, 'You do not have the appropriate permissions.', ERROR_ID.permissions);
    }
}

function memberOf(ctx: RestContext, channelId: string, userId: string): void {
    if (!ctx.platform.channels.has(channelId) || !ctx.platform.isMember(channelId, userId)) {
        throw new HttpError(403, 'You do not have the appropriate permissions.', ERROR_ID.permissions);
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
        throw new HttpError(404, `Command with a trigger of '${trigger}' not found. To send a message beginning with "/", try adding an empty space at the beginning of the message.`, ERROR_ID.commandNotFound);
    }
    const rootId = typeof body.root_id === 'string' ? body.root_id : '';
    // As Mattermost does, every command gets a fresh trigger id of its user, so it may open a
    // dialog (sent to that user as open_dialog).
    const triggerId = ctx.platform.issueTrigger(userId);
    const answer = await ctx.plugin().executeCommand({command, userId, channelId, teamId: TEAM.id, rootId: rootId || undefined, triggerId});
    if (answer.text) {
        // As Mattermost does (HandleCommandResponsePost): the answer is the caller's post, shown
        // only to them when ephemeral, else posted in the channel.
        if (answer.responseType === 'in_channel') {
            await ctx.platform.createPost({channelId, userId, message: answer.text, rootId: rootId || undefined});
        } else {
            await ctx.platform.sendEphemeralPost(userId, {channelId, userId, message: answer.text, rootId: rootId || undefined});
        }
    }
    // model.CommandResponse as the server answers it, trigger id included.
    return {
        response_type: answer.responseType, text: answer.text, username: '', channel_id: '', icon_url: '', type: '', props: null,
        goto_location: '', trigger_id: triggerId, skip_slack_parsing: false, attachments: null, extra_responses: null,
    };
}

/** The file name Mattermost gives a plugin's bundle: `<id>_<hash>_bundle.js`, served under /static/plugins/<id>/. */
export function bundleName(ctx: Pick<RestContext, 'manifest' | 'pluginBundle'>): string {
    return `${ctx.manifest.id}_${createHash('sha256').update(ctx.pluginBundle()).digest('hex').slice(0, 16)}_bundle.js`;
}

/** The plugin's settings as GET /api/v4/config carries them (other sections as the page needs them). */
async function configJson(ctx: RestContext): Promise<Record<string, unknown>> {
    return {
        ServiceSettings: {SiteURL: ctx.siteURL},
        PluginSettings: {
            Enable: true,
            Plugins: {[ctx.manifest.id]: await ctx.platform.loadPluginConfiguration()},
            PluginStates: {[ctx.manifest.id]: {Enable: true}},
        },
    };
}

/**
 * A dialog submission goes to the plugin's URL as Mattermost's DoLocalRequest sends it: a POST
 * with the session's user id and the request (url cleared, type "dialog_submission"); the
 * answer's JSON ({errors} or {error}) is passed back whatever the plugin's status.
 */
async function submitDialog(ctx: RestContext, userId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (typeof body.url !== 'string' || body.url === '') {
        throw new HttpError(400, 'Invalid or missing url in request body.', ERROR_ID.invalidBody);
    }
    const url = body.url;
    const channelId = str(body.channel_id, 'channel_id');
    memberOf(ctx, channelId, userId);
    if (body.team_id !== TEAM.id) {
        throw new HttpError(403, 'You do not have the appropriate permissions.', ERROR_ID.permissions);
    }
    const prefix = `/plugins/${ctx.manifest.id}`;
    if (!url.startsWith(`${prefix}/`)) {
        throw new HttpError(400, 'the preview submits dialogs to this plugin\'s routes only');
    }
    const request = {...body, url: '', type: body.type === 'refresh' ? 'refresh' : 'dialog_submission', user_id: userId};
    const chunks: Buffer[] = [];
    await ctx.plugin().serveHTTP({
        method: 'POST',
        url: url.slice(prefix.length),
        headers: {'content-type': ['application/json'], 'mattermost-user-id': [userId]},
        body: (async function* () {
            yield Buffer.from(JSON.stringify(request));
        })(),
    }, {
        setHeader: () => undefined,
        writeHead: () => undefined,
        write: async (chunk) => {
            chunks.push(Buffer.from(chunk));
        },
    });
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') {
        return {};
    }
    try {
        const answer = JSON.parse(text) as {error?: unknown; errors?: unknown};
        return {...(typeof answer.error === 'string' && answer.error ? {error: answer.error} : {}), ...(answer.errors && typeof answer.errors === 'object' ? {errors: answer.errors} : {})};
    } catch {
        throw new HttpError(500, 'The plugin answered the dialog submission with something that is not JSON.');
    }
}

interface PostAction {id?: unknown; integration?: {url?: unknown; context?: unknown}}

/**
 * A message button, as Mattermost's DoPostActionWithCookie: the action is found by its id in
 * the stored post (404 otherwise), the plugin gets a PostActionIntegrationRequest with the
 * clicker as Mattermost-User-Id and a fresh trigger id, and its answer is applied: `update`
 * edits the post (pin and reactions kept), `ephemeral_text` goes to the clicker only. The
 * status of the plugin's answer is ignored, as the server ignores it for a plugin route.
 */
async function doPostAction(ctx: RestContext, userId: string, postId: string, actionId: string): Promise<Record<string, unknown>> {
    const p = ctx.platform;
    const post = p.posts.get(postId);
    if (!post) {
        throw new HttpError(404, 'Unable to get the post.', 'app.post.get.app_error');
    }
    memberOf(ctx, post.channelId, userId);
    const attachments = Array.isArray(post.props?.attachments) ? (post.props.attachments as Array<{actions?: PostAction[]}>) : [];
    const action = attachments.flatMap((a) => (Array.isArray(a?.actions) ? a.actions : [])).find((a) => a?.id === actionId);
    const url = typeof action?.integration?.url === 'string' ? action.integration.url : '';
    if (!action || !url) {
        throw new HttpError(404, 'Unable to find the action.', 'api.post.do_action.action_id.app_error');
    }
    const prefix = `/plugins/${ctx.manifest.id}`;
    if (!url.startsWith(`${prefix}/`)) {
        throw new HttpError(400, 'the preview calls this plugin\'s routes only');
    }
    const channel = p.channels.get(post.channelId);
    const triggerId = p.issueTrigger(userId);
    const request = {
        user_id: userId, user_name: p.users.get(userId)?.username ?? '', channel_id: post.channelId, channel_name: channel?.name ?? '',
        team_id: channel?.teamId ?? '', team_name: channel?.teamId ? TEAM.name : '', post_id: postId, trigger_id: triggerId, type: 'button',
        context: action.integration?.context ?? null,
    };
    let text = '';
    await ctx.plugin().serveHTTP({
        method: 'POST', url: url.slice(prefix.length), headers: {'content-type': ['application/json'], 'mattermost-user-id': [userId]},
        body: (async function* () {
            yield Buffer.from(JSON.stringify(request));
        })(),
    }, {
        setHeader: () => undefined,
        writeHead: () => undefined,
        write: async (chunk) => {
            // As the server's LocalResponseWriter: only the last write is kept.
            text = Buffer.from(chunk).toString('utf8');
        },
    });
    let answer: {update?: {message?: unknown; props?: unknown} | null; ephemeral_text?: unknown} = {};
    try {
        answer = text.trim() ? JSON.parse(text) : {};
    } catch {
        throw new HttpError(400, 'Unable to parse the integration\'s answer.', 'api.post.do_action.action_integration.app_error');
    }
    if (answer.update && typeof answer.update === 'object') {
        const props = answer.update.props && typeof answer.update.props === 'object' ? answer.update.props as Record<string, unknown> : post.props;
        await p.updatePost({...post, message: typeof answer.update.message === 'string' ? answer.update.message : '', props});
    }
    if (typeof answer.ephemeral_text === 'string' && answer.ephemeral_text) {
        await p.sendEphemeralPost(userId, {channelId: post.channelId, userId, message: answer.ephemeral_text, rootId: post.rootId || post.id});
    }
    return {status: 'OK', trigger_id: triggerId};
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
        if (route === 'GET /preview/people') {
            // The sign-in page's shortcuts (each a /preview/login link); no session needed, as for the form.
            sendJson(res, 200, people(ctx).filter((u) => !u.isBot).map((u) => ({username: u.username, name: `${u.firstName} ${u.lastName}`, role: u.nickname})));
            return true;
        }
        if (route === 'POST /api/v4/users/login') {
            const body = await readJson(req) as Record<string, unknown>;
            const login = typeof body?.login_id === 'string' ? body.login_id.toLowerCase() : '';
            const u = people(ctx).find((x) => !x.isBot && (x.username === login || x.email?.toLowerCase() === login));
            if (!u || body.password !== PASSWORD) {
                throw new HttpError(401, 'Enter a valid email or username and/or password.', ERROR_ID.login);
            }
            res.setHeader('Token', setSession(res, u.id));
            sendJson(res, 200, user(ctx, u));
            return true;
        }
        if (route === 'POST /api/v4/users/logout') {
            clearSession(res);
            sendJson(res, 200, {status: 'OK'});
            return true;
        }
        if (route === 'GET /api/v4/users/me') {
            const u = p.users.get(caller(req));
            sendJson(res, 200, u ? user(ctx, u) : {});
            return true;
        }
        if (route === 'GET /api/v4/users/me/teams') {
            caller(req);
            sendJson(res, 200, [teamJson(TEAM)]);
            return true;
        }
        const myChannels = /^\/api\/v4\/users\/me\/teams\/([a-z0-9]{1,64})\/channels$/.exec(path);
        if (myChannels && method === 'GET') {
            const me = caller(req);
            if (myChannels[1] !== TEAM.id) {
                throw new HttpError(403, 'You do not have the appropriate permissions.', ERROR_ID.permissions);
            }
            // As on the server: every channel of the team the user is in, direct ones included.
            sendJson(res, 200, [...p.channels.values()].filter((c) => p.isMember(c.id, me)).map(channelJson));
            return true;
        }
        if (route === 'GET /api/v4/users') {
            caller(req);
            const perPage = Math.min(200, Math.max(1, Number(url.searchParams.get('per_page') ?? '60') || 60));
            const page = Math.max(0, Number(url.searchParams.get('page') ?? '0') || 0);
            const inChannel = url.searchParams.get('in_channel');
            const inTeam = url.searchParams.get('in_team');
            // The plugin's bot is no member of the team, so a team's list leaves it out, as on the server.
            const found = people(ctx)
                .filter((u) => (!inChannel || p.isMember(inChannel, u.id)) && (!inTeam || (inTeam === TEAM.id && !u.isBot)))
                .sort((a, b) => a.username.localeCompare(b.username));
            sendJson(res, 200, found.slice(page * perPage, (page + 1) * perPage).map((u) => user(ctx, u)));
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
            if (!channelId) {
                // Team-wide, as the server answers without in_channel: one list.
                sendJson(res, 200, {users: found.map((u) => user(ctx, u))});
                return true;
            }
            const inChannel = found.filter((u) => p.isMember(channelId, u.id));
            const outside = found.filter((u) => !inChannel.includes(u));
            // out_of_channel is left out when empty (omitempty on the server).
            sendJson(res, 200, {
                users: inChannel.map((u) => user(ctx, u)),
                ...(outside.length ? {out_of_channel: outside.map((u) => user(ctx, u))} : {}),
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
            sendJson(res, 200, {
                order: posts.map((x) => x.id).reverse(), posts: Object.fromEntries(posts.map((x) => [x.id, postJson(x)])),
                next_post_id: '', prev_post_id: '', first_inaccessible_post_time: 0,
            });
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
        const postAction = /^\/api\/v4\/posts\/([a-z0-9]{1,64})\/actions\/([A-Za-z0-9]{1,64})$/.exec(path);
        if (postAction && method === 'POST') {
            const me = caller(req);
            await readJson(req).catch(() => undefined);
            sendJson(res, 200, await doPostAction(ctx, me, postAction[1], postAction[2]));
            return true;
        }
        const pin = /^\/api\/v4\/posts\/([a-z0-9]{1,64})\/(pin|unpin)$/.exec(path);
        if (pin && method === 'POST') {
            const me = caller(req);
            const post = p.posts.get(pin[1]);
            if (!post) {
                throw new HttpError(404, 'Unable to get the post.', 'app.post.get.app_error');
            }
            memberOf(ctx, post.channelId, me);
            p.setPinned(pin[1], pin[2] === 'pin');
            sendJson(res, 200, {status: 'OK'});
            return true;
        }
        if (route === 'POST /api/v4/commands/execute') {
            const me = caller(req);
            sendJson(res, 200, await executeCommand(ctx, me, await readJson(req) as Record<string, unknown>));
            return true;
        }
        if (route === 'POST /api/v4/actions/dialogs/submit') {
            const me = caller(req);
            sendJson(res, 200, await submitDialog(ctx, me, await readJson(req) as Record<string, unknown>));
            return true;
        }
        if (route === 'GET /api/v4/config/client') {
            sendJson(res, 200, {SiteURL: ctx.siteURL, Version: 'preview', DiagnosticsEnabled: 'false', EnableCustomEmoji: 'false'});
            return true;
        }
        if (route === 'GET /api/v4/plugins/webapp') {
            // The client manifest, the fields the server keeps in it, and where it serves the bundle.
            const client = Object.fromEntries(['id', 'name', 'version', 'min_server_version', 'homepage_url', 'support_url', 'icon_path']
                .filter((k) => k in ctx.manifest).map((k) => [k, ctx.manifest[k]]));
            sendJson(res, 200, [{...client, webapp: {bundle_path: `/static/${ctx.manifest.id}/${bundleName(ctx)}`}}]);
            return true;
        }
        if (route === 'GET /api/v4/plugins') {
            admin(ctx, caller(req));
            sendJson(res, 200, {active: [ctx.manifest], inactive: []});
            return true;
        }
        if (path === '/api/v4/config' && (method === 'GET' || method === 'PUT')) {
            admin(ctx, caller(req));
            if (method === 'PUT') {
                const body = await readJson(req) as {ServiceSettings?: unknown; PluginSettings?: {Plugins?: Record<string, unknown>}};
                // The server replaces the whole config and refuses one that is not complete.
                if (!body || typeof body.ServiceSettings !== 'object' || typeof body.PluginSettings !== 'object') {
                    throw new HttpError(400, 'The config is not complete: send back the whole config GET /api/v4/config answered.', 'model.config.is_valid.app_error');
                }
                const mine = body.PluginSettings?.Plugins?.[ctx.manifest.id] ?? {};
                if (!mine || typeof mine !== 'object' || Array.isArray(mine)) {
                    throw new HttpError(400, `PluginSettings.Plugins["${ctx.manifest.id}"] must be an object`);
                }
                // Kept with the keys as sent, as the server keeps them (the System Console sends them lower-cased).
                p.setConfig(mine as Record<string, unknown>);
                await ctx.plugin().onConfigurationChange();
            }
            sendJson(res, 200, await configJson(ctx));
            return true;
        }
        if (path.startsWith('/api/v4/')) {
            throw new HttpError(404, `the preview does not serve ${route}`);
        }
        return false;
    } catch (err) {
        if (err instanceof HttpError) {
            sendError(res, err.status, err.message, err.id);
        } else {
            console.error(`[preview] ${route} failed: ${err instanceof Error ? err.stack : String(err)}`);
            sendError(res, 500, 'The preview could not answer this request.');
        }
        return true;
    }
}
