// The people of a release on a real Mattermost server, each signed in with their own
// session: @mattermost/client's Client4 for the REST API, a WebSocketClient on the real
// websocket, and the plugin's HTTP API called as the web app calls it (session cookie,
// X-Requested-With and the CSRF token from the MMCSRF cookie).
import {Client4, WebSocketClient} from '@mattermost/client';
import type {Channel} from '@mattermost/types/channels';
import type {Team} from '@mattermost/types/teams';
import type {UserProfile} from '@mattermost/types/users';
import WS from 'ws';

export const PLUGIN_ID = 'com.mattermost.release-checklist';
export const PASSWORD = 'Release-Checklist-1';

/** Release roles of the default template, and who holds them in the test team. */
export const CAST = {
    admin: {username: 'admin', role: null},
    rita: {username: 'rita', role: 'release-manager'},
    dan: {username: 'dan', role: 'dev'},
    bob: {username: 'bob', role: 'build'},
    quinn: {username: 'quinn', role: 'qa'},
    lou: {username: 'lou', role: 'logistics'},
    mary: {username: 'mary', role: 'marketing'},
    otto: {username: 'otto', role: null},
} as const;
export type Name = keyof typeof CAST;

export interface WsEvent {
    event: string;
    data: Record<string, unknown>;
    broadcast: Record<string, unknown>;
    at: number;
}

export interface Person {
    name: Name;
    user: UserProfile;
    client: Client4;
    token: string;
    /** Cookie header value of the web session (MMAUTHTOKEN, MMUSERID, MMCSRF). */
    cookie: string;
    csrf: string;
    /** Websocket events received since connect(), oldest first. */
    events: WsEvent[];
    ws: WebSocketClient | null;
}

export interface PluginAnswer<T = unknown> {
    status: number;
    body: T;
    headers: Headers;
}

function newClient(url: string): Client4 {
    const client = new Client4();
    client.setUrl(url);
    client.setIncludeCookies(false);
    return client;
}

/** Signs in through /api/v4/users/login as a browser does and keeps the session cookies. */
export async function signIn(url: string, name: Name, user?: UserProfile): Promise<Person> {
    const res = await fetch(`${url}/api/v4/users/login`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest'},
        body: JSON.stringify({login_id: CAST[name].username, password: PASSWORD}),
    });
    if (!res.ok) {
        throw new Error(`signing in as ${name} failed: HTTP ${res.status} ${await res.text()}`);
    }
    const cookies = new Map(res.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]));
    const token = res.headers.get('Token') ?? cookies.get('MMAUTHTOKEN') ?? '';
    const client = newClient(url);
    client.setToken(token);
    return {
        name,
        user: user ?? (await res.json() as UserProfile),
        client,
        token,
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        csrf: cookies.get('MMCSRF') ?? '',
        events: [],
        ws: null,
    };
}

export interface Release {
    url: string;
    team: Team;
    channel: Channel;
    people: Record<Name, Person>;
    /** Role id to user ids, as the start form sends it. */
    roles: Record<string, string[]>;
}

/**
 * Creates the admin (the first user becomes system admin), a team, a private release
 * channel, the people of the release in it, and otto, a team member outside the channel.
 */
export async function seedRelease(url: string): Promise<Release> {
    const anon = newClient(url);
    const admin = await anon.createUser({username: 'admin', email: 'admin@example.com', password: PASSWORD} as UserProfile, '', '');
    const adminPerson = await signIn(url, 'admin', admin);
    const team = await adminPerson.client.createTeam({name: 'release', display_name: 'Release', type: 'I'} as Team);
    const channel = await adminPerson.client.createChannel({
        team_id: team.id, name: 'security-release', display_name: 'Security release', type: 'P',
    } as Channel);
    const people = {admin: adminPerson} as Record<Name, Person>;
    const roles: Record<string, string[]> = {};
    for (const name of Object.keys(CAST) as Name[]) {
        if (name === 'admin') {
            continue;
        }
        const {username, role} = CAST[name];
        const user = await adminPerson.client.createUser({username, email: `${username}@example.com`, password: PASSWORD, first_name: username[0].toUpperCase() + username.slice(1)} as UserProfile, '', '');
        await adminPerson.client.addToTeam(team.id, user.id);
        if (name !== 'otto') {
            await adminPerson.client.addToChannel(user.id, channel.id);
        }
        if (role) {
            roles[role] = [user.id];
        }
        people[name] = await signIn(url, name, user);
    }
    return {url, team, channel, people, roles};
}

/**
 * Calls the plugin's HTTP API as the web app does: the session cookie, X-Requested-With,
 * and for writes the CSRF token (csrf: false and xhr: false leave those out).
 */
export async function callPlugin<T = unknown>(url: string, who: Person | null, method: string, path: string,
    body?: unknown, opts: {csrf?: boolean; bearer?: boolean; xhr?: boolean} = {}): Promise<PluginAnswer<T>> {
    const headers: Record<string, string> = opts.xhr === false ? {} : {'X-Requested-With': 'XMLHttpRequest'};
    if (who && opts.bearer) {
        headers.Authorization = `Bearer ${who.token}`;
    } else if (who) {
        headers.Cookie = who.cookie;
        if (method !== 'GET' && opts.csrf !== false) {
            headers['X-CSRF-Token'] = who.csrf;
        }
    }
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(`${url}/plugins/${PLUGIN_ID}${path}`, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    const text = await res.text();
    let parsed: unknown = text;
    try {
        parsed = JSON.parse(text);
    } catch {
        // not JSON: keep the text
    }
    return {status: res.status, body: parsed as T, headers: res.headers};
}

/** Opens the person's websocket and records every event; resolves once it is connected. */
export async function connect(url: string, who: Person): Promise<void> {
    // The client reads WebSocket.OPEN from the global scope, which Node 20 lacks.
    (globalThis as {WebSocket?: unknown}).WebSocket ??= WS;
    const ws = new WebSocketClient({newWebSocketFn: (u: string) => new WS(u) as unknown as WebSocket});
    const opened = new Promise<void>((resolve) => ws.addFirstConnectListener(() => resolve()));
    ws.addMessageListener((msg) => {
        who.events.push({event: msg.event, data: (msg.data ?? {}) as Record<string, unknown>, broadcast: (msg.broadcast ?? {}) as unknown as Record<string, unknown>, at: performance.now()});
    });
    ws.initialize(`${url.replace(/^http/, 'ws')}/api/v4/websocket`, who.token);
    who.ws = ws;
    await opened;
}

/** Waits until the person has received an event matching pred (after index from), or fails. */
export async function waitForEvent(who: Person, pred: (e: WsEvent) => boolean, timeoutMs = 10_000, from = 0): Promise<WsEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const found = who.events.slice(from).find(pred);
        if (found) {
            return found;
        }
        if (Date.now() > deadline) {
            throw new Error(`${who.name} received no matching websocket event within ${timeoutMs} ms; last events: ${who.events.slice(-5).map((e) => e.event).join(', ')}`);
        }
        await new Promise((r) => setTimeout(r, 10));
    }
}

export function disconnectAll(people: Record<string, Person>): void {
    for (const p of Object.values(people)) {
        p.ws?.close();
        p.ws = null;
    }
}
