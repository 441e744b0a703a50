// The same calls, the ones the preview page and the webapp make, against the stand-in and a
// real server, recorded as observations that do not depend on the seed (statuses, error ids
// and messages, the shapes of answers, cookie attributes, the websocket's order of frames).
// parityProblems lists where the stand-in answers otherwise than the server: a different
// status or value, or a field the server does not send (the server may send more).
import WS from 'ws';

export interface ProbeTarget {
    /** Where the page is served: the stand-in, or the real-server page host. */
    url: string;
    teamId: string;
    channelId: string;
    password: string;
    /** Usernames: a member of the channel, a system admin, a team member outside the channel. */
    member: string;
    admin: string;
    outsider: string;
    pluginId: string;
}

export interface Observation {
    status?: number;
    /** Compared by sub-shape: the stand-in's fields must be among the server's, with the same types. */
    shape?: unknown;
    /** Compared for equality. */
    value?: unknown;
}

type Json = null | boolean | number | string | Json[] | {[key: string]: Json};

/** Types instead of values, two levels of objects deep; arrays by their first element. */
export function shape(v: unknown, depth = 0): unknown {
    if (v === null) {
        return 'null';
    }
    if (Array.isArray(v)) {
        return v.length ? [shape(v[0], depth)] : [];
    }
    if (typeof v === 'object') {
        if (depth > 2) {
            return 'object';
        }
        return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, shape((v as Record<string, unknown>)[k], depth + 1)]));
    }
    return typeof v;
}

/** Where `a` (the stand-in's) is not within `b` (the server's), as paths. */
function outside(a: unknown, b: unknown, at: string): string[] {
    // A Go nil slice or map is null where the other side may send an empty one.
    if (a === 'null' || b === 'null') {
        return [];
    }
    if (Array.isArray(a)) {
        if (!Array.isArray(b)) {
            return [`${at}: an array, the server sends ${JSON.stringify(b)}`];
        }
        return a.length && b.length ? outside(a[0], b[0], `${at}[0]`) : [];
    }
    if (a && typeof a === 'object') {
        if (b === 'object') {
            return [];
        }
        if (!b || typeof b !== 'object' || Array.isArray(b)) {
            return [`${at}: an object, the server sends ${JSON.stringify(b)}`];
        }
        return Object.keys(a).flatMap((k) => (k in b
            ? outside((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`)
            : [`${at}.${k}: the server does not send it`]));
    }
    return a === b ? [] : [`${at}: ${JSON.stringify(a)}, the server sends ${JSON.stringify(b)}`];
}

export function parityProblems(standIn: Record<string, Observation>, real: Record<string, Observation>): string[] {
    const problems: string[] = [];
    for (const [name, r] of Object.entries(real)) {
        const s = standIn[name];
        if (!s) {
            problems.push(`${name}: not observed on the stand-in`);
            continue;
        }
        if (s.status !== r.status) {
            problems.push(`${name}: status ${s.status}, the server answers ${r.status}`);
        }
        if (JSON.stringify(s.value) !== JSON.stringify(r.value)) {
            problems.push(`${name}: ${JSON.stringify(s.value)}, the server: ${JSON.stringify(r.value)}`);
        }
        if (r.shape !== undefined) {
            problems.push(...outside(s.shape, r.shape, name));
        }
    }
    return problems;
}

interface Session {
    cookie: string;
    csrf: string;
    token: string;
}

const NOBODY: Session = {cookie: '', csrf: '', token: ''};

export async function probe(t: ProbeTarget): Promise<Record<string, Observation>> {
    const out: Record<string, Observation> = {};
    const call = async (who: Session, method: string, path: string, body?: unknown): Promise<{status: number; json: Json; headers: Headers}> => {
        const res = await fetch(`${t.url}${path}`, {
            method,
            headers: {cookie: who.cookie, 'x-requested-with': 'XMLHttpRequest', 'x-csrf-token': who.csrf, 'content-type': 'application/json'},
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        let json: Json = text;
        try {
            json = JSON.parse(text) as Json;
        } catch {
            // not JSON: kept as text
        }
        return {status: res.status, json, headers: res.headers};
    };
    const error = (json: Json) => {
        const e = json as {id?: string; message?: string};
        return {id: e.id, message: e.message};
    };
    const signIn = async (username: string, record: boolean): Promise<Session> => {
        const res = await call(NOBODY, 'POST', '/api/v4/users/login', {login_id: username, password: t.password});
        const cookies = res.headers.getSetCookie();
        if (record) {
            // Names and attributes, not values or dates.
            const attributes = cookies.map((c) => c.split(';').map((part, i) => (i === 0 ? part.split('=')[0] : part.trim().split('=')[0])).join('; ')).sort();
            out['POST /users/login'] = {status: res.status, shape: shape(res.json), value: {token: Boolean(res.headers.get('token')), cookies: attributes}};
        }
        const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
        return {cookie, csrf: /MMCSRF=([^;]*)/.exec(cookie)?.[1] ?? '', token: res.headers.get('token') ?? ''};
    };

    const wrong = await call(NOBODY, 'POST', '/api/v4/users/login', {login_id: t.member, password: `${t.password}-wrong`});
    out['POST /users/login, wrong password'] = {status: wrong.status, value: error(wrong.json), shape: shape(wrong.json)};
    const member = await signIn(t.member, true);
    const admin = await signIn(t.admin, false);
    const outsider = await signIn(t.outsider, false);

    const record = async (name: string, who: Session, method: string, path: string, body?: unknown, value?: (json: Json) => unknown) => {
        const res = await call(who, method, path, body);
        out[name] = {status: res.status, shape: shape(res.json), ...(value ? {value: value(res.json)} : {})};
        return res.json;
    };
    await record('GET /users/me', member, 'GET', '/api/v4/users/me');
    await record('GET /users/me without a session', NOBODY, 'GET', '/api/v4/users/me', undefined, error);
    await record('GET /users/me/teams', member, 'GET', '/api/v4/users/me/teams');
    await record('GET /users/me/teams/:team/channels', member, 'GET', `/api/v4/users/me/teams/${t.teamId}/channels`);
    await record('GET /users?in_team', member, 'GET', `/api/v4/users?in_team=${t.teamId}&page=0&per_page=200`, undefined,
        (json) => ({bots: (json as Array<{is_bot?: boolean}>).some((u) => u.is_bot)}));
    await record('GET /users/autocomplete in a team', member, 'GET', `/api/v4/users/autocomplete?in_team=${t.teamId}&name=${t.member.slice(0, 2)}`, undefined,
        (json) => Object.keys(json as object).sort());
    await record('GET /users/autocomplete in a channel', member, 'GET', `/api/v4/users/autocomplete?in_team=${t.teamId}&in_channel=${t.channelId}&name=${t.member.slice(0, 2)}`, undefined,
        (json) => Object.keys(json as object).sort());
    await record('GET /config/client', NOBODY, 'GET', '/api/v4/config/client?format=old', undefined, (json) => ({siteURLIsThePage: (json as {SiteURL?: string}).SiteURL === t.url}));
    const webapp = await record('GET /plugins/webapp', member, 'GET', '/api/v4/plugins/webapp', undefined,
        (json) => (json as Array<{webapp?: {bundle_path?: string}}>).map((m) => /^\/static\/[^/]+\/[^/]+_[0-9a-f]{16}_bundle\.js$/.test(m.webapp?.bundle_path ?? '')));
    const bundle = (webapp as Array<{id: string; webapp: {bundle_path: string}}>).find((m) => m.id === t.pluginId)!;
    const served = await fetch(`${t.url}/static/plugins/${t.pluginId}/${bundle.webapp.bundle_path.split('/').pop()}`);
    out['GET /static/plugins/:id/<bundle file>'] = {status: served.status, value: (await served.text()).includes('registerPlugin')};
    await record('GET /plugins as a member', member, 'GET', '/api/v4/plugins', undefined, error);
    await record('GET /plugins as an admin', admin, 'GET', '/api/v4/plugins', undefined,
        (json) => Boolean((json as {active: Array<{id: string; settings_schema?: unknown}>}).active.find((m) => m.id === t.pluginId)?.settings_schema));
    await record('GET /config as a member', member, 'GET', '/api/v4/config', undefined, error);
    const config = (await call(admin, 'GET', '/api/v4/config')).json as {PluginSettings: {Plugins: Record<string, Record<string, unknown>>}};
    const mine = config.PluginSettings.Plugins[t.pluginId] ?? {};
    config.PluginSettings.Plugins[t.pluginId] = {...mine, WorkingDays: 'Mon,Tue,Wed,Thu,Fri'};
    await record('PUT /config, a key in capitals', admin, 'PUT', '/api/v4/config', config,
        (json) => Object.keys((json as typeof config).PluginSettings.Plugins[t.pluginId]).includes('WorkingDays'));
    config.PluginSettings.Plugins[t.pluginId] = mine;
    await call(admin, 'PUT', '/api/v4/config', config);
    await record('PUT /config, only the plugin section', admin, 'PUT', '/api/v4/config', {PluginSettings: {Plugins: {[t.pluginId]: mine}}});

    // The websocket, as the page opens it (cookie, Origin of the page) and as other clients do.
    const socket = (headers: Record<string, string>) => new WS(`${t.url.replace(/^http/, 'ws')}/api/v4/websocket`, {headers});
    out['websocket from another origin'] = {status: await new Promise<number>((resolve) => {
        const ws = socket({cookie: member.cookie, origin: 'http://elsewhere.example'});
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
            ws.close();
            resolve(101);
        });
        ws.on('error', () => resolve(0));
    })};
    out['websocket without a session: a ping, then authentication_challenge'] = {value: await new Promise<string[]>((resolve) => {
        const ws = socket({origin: t.url});
        const frames: string[] = [];
        ws.on('message', (d) => {
            const m = JSON.parse(d.toString()) as {event?: string; seq_reply?: number; status?: string};
            frames.push(m.event ?? `reply ${m.seq_reply} ${m.status}`);
        });
        ws.on('open', () => {
            ws.send(JSON.stringify({action: 'ping', seq: 1}));
            setTimeout(() => ws.send(JSON.stringify({action: 'authentication_challenge', seq: 2, data: {token: member.token}})), 300);
            setTimeout(() => {
                ws.close();
                resolve(frames);
            }, 900);
        });
    })};
    const events: Array<{event?: string; data?: Record<string, unknown>; broadcast?: Record<string, unknown>; seq?: number; seq_reply?: number}> = [];
    const ws = socket({cookie: member.cookie, origin: t.url});
    ws.on('message', (d) => events.push(JSON.parse(d.toString()) as (typeof events)[number]));
    await new Promise((resolve) => ws.on('open', resolve));
    ws.send(JSON.stringify({action: 'ping', seq: 1}));

    const post = await record('POST /posts', member, 'POST', '/api/v4/posts', {channel_id: t.channelId, message: 'parity probe'});
    const posts = await call(member, 'GET', `/api/v4/channels/${t.channelId}/posts`);
    const list = posts.json as {order: string[]; posts: Record<string, Json>};
    // The posts map is keyed by ids: its shape is that of one post.
    out['GET /channels/:id/posts'] = {
        status: posts.status, shape: shape({...list, posts: list.posts[(post as {id: string}).id]}),
        value: list.order.includes((post as {id: string}).id),
    };
    await record('GET /channels/:id/posts as an outsider', outsider, 'GET', `/api/v4/channels/${t.channelId}/posts`, undefined, error);
    await record('POST /commands/execute, unknown', member, 'POST', '/api/v4/commands/execute', {channel_id: t.channelId, team_id: t.teamId, command: '/nope'}, error);
    await record('POST /commands/execute, /release start', member, 'POST', '/api/v4/commands/execute', {channel_id: t.channelId, team_id: t.teamId, command: '/release start'},
        (json) => ({responseType: (json as {response_type: string}).response_type, triggerId: Boolean((json as {trigger_id?: string}).trigger_id)}));
    await record('POST /commands/execute, /release nonsense', member, 'POST', '/api/v4/commands/execute', {channel_id: t.channelId, team_id: t.teamId, command: '/release nonsense'},
        (json) => (json as {response_type: string}).response_type);

    const deadline = Date.now() + 5000;
    while (!events.some((e) => e.event === 'open_dialog') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
    }
    const opened = events.find((e) => e.event === 'open_dialog');
    const request = JSON.parse(String(opened?.data?.dialog ?? '{}')) as {url: string; dialog: {callback_id: string; state: string}};
    out['open_dialog'] = {shape: shape(request), value: {toTheCaller: Boolean(opened?.broadcast?.user_id) && !opened?.broadcast?.channel_id}};
    const base = {url: request.url, callback_id: request.dialog?.callback_id, state: request.dialog?.state, channel_id: t.channelId, team_id: t.teamId, cancelled: false};
    await record('POST /actions/dialogs/submit, bad fields', member, 'POST', '/api/v4/actions/dialogs/submit', {...base, submission: {version: '', release_day: '2030-13-45'}},
        (json) => Object.keys(json as object));
    await record('POST /actions/dialogs/submit as an outsider', outsider, 'POST', '/api/v4/actions/dialogs/submit', {...base, submission: {}}, error);
    await record('POST /actions/dialogs/submit without team_id', member, 'POST', '/api/v4/actions/dialogs/submit', {...base, team_id: '', submission: {}}, error);
    await record('POST /actions/dialogs/submit without url', member, 'POST', '/api/v4/actions/dialogs/submit', {...base, url: ''}, error);
    await record('POST /actions/dialogs/submit, cancelled', member, 'POST', '/api/v4/actions/dialogs/submit', {...base, cancelled: true, submission: {}});
    await new Promise((r) => setTimeout(r, 300));
    ws.close();

    const me = (await call(member, 'GET', '/api/v4/users/me')).json as {id: string};
    const byEvent = (name: string) => events.find((e) => e.event === name);
    out['websocket with the cookie: first frames'] = {value: events.slice(0, 1).map((e) => e.event)};
    out['websocket: ping reply'] = {shape: shape(events.find((e) => e.seq_reply === 1))};
    const posted = byEvent('posted');
    out['websocket: posted'] = {shape: shape({...posted, data: {...posted?.data, post: JSON.parse(String(posted?.data?.post))}})};
    const ephemeral = byEvent('ephemeral_message');
    const ephemeralPost = JSON.parse(String(ephemeral?.data?.post ?? '{}')) as {type?: string; user_id?: string};
    out['websocket: ephemeral_message'] = {
        shape: shape({...ephemeral, data: {...ephemeral?.data, post: ephemeralPost}}),
        value: {type: ephemeralPost.type, fromTheCaller: ephemeralPost.user_id === me.id, toTheCaller: ephemeral?.broadcast?.user_id === me.id, channel: ephemeral?.broadcast?.channel_id === t.channelId},
    };
    await record('POST /users/logout', member, 'POST', '/api/v4/users/logout', undefined, (json) => json);
    return out;
}
