// Mattermost's websocket (/api/v4/websocket) as the stand-in serves it, so the page uses
// @mattermost/client's WebSocketClient against both backends: the Origin must match the
// site URL, the session comes from the cookie or an authentication_challenge (nothing is
// answered before it), a hello (seq 0) carries the connection id, every event carries the
// next seq, pings are answered, and Mattermost's broadcast rules apply (a channel's members,
// or one user). A client that
// reconnects with its connection_id and sequence_number gets the events it missed replayed
// from the last 128; otherwise it gets a new connection id and a hello, as on the server.
import {randomBytes} from 'node:crypto';
import type {IncomingMessage} from 'node:http';
import type {Duplex} from 'node:stream';

import {WebSocketServer, type RawData, type WebSocket} from 'ws';

import {sessionUser, tokenUser} from './session';

export interface HubMessage {
    event: string;
    data: unknown;
    broadcast: {channel_id?: string; user_id?: string};
}

/** Mattermost's deadQueueSize: how many sent events a reconnecting client can get back. */
const DEAD_QUEUE = 128;
/** Mattermost's inactiveConnReaperInterval: how long a dropped connection can be resumed. */
const RESUME_FOR_MS = 5 * 60_000;
export const WEBSOCKET_PATH = '/api/v4/websocket';

interface Connection {
    id: string;
    userId: string | null;
    socket: WebSocket | null;
    /** The seq of the next event. */
    seq: number;
    /** The last events given a seq (sent, or queued while the socket was down). */
    recent: Array<{seq: number; frame: string}>;
    droppedAt: number;
}

interface Held {
    req: IncomingMessage;
    socket: Duplex;
    head: Buffer;
}

export interface EventHubOptions {
    /** The site URL whose origin a browser's upgrade must come from. */
    siteURL: () => string;
    serverVersion?: string;
}

/** Mattermost's OriginChecker without AllowCorsFrom: no Origin, or the site URL's scheme and host. */
export function originAllowed(origin: string | undefined, siteURL: string): boolean {
    if (origin === undefined) {
        return true;
    }
    try {
        const from = new URL(origin);
        const site = new URL(siteURL);
        return from.protocol === site.protocol && from.host.toLowerCase() === site.host.toLowerCase();
    } catch {
        return false;
    }
}

export class EventHub {
    private readonly connections = new Map<string, Connection>();
    private readonly wss = new WebSocketServer({noServer: true, maxPayload: 64 * 1024});
    /** While set, upgrades wait unanswered: pages stay disconnected (tests use it). */
    private held: Held[] | null = null;

    constructor(private readonly isMember: (channelId: string, userId: string) => boolean, private readonly opts: EventHubOptions) {}

    /** Takes an HTTP upgrade of /api/v4/websocket. */
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
        if (this.held) {
            this.held.push({req, socket, head});
            return;
        }
        if (!originAllowed(req.headers.origin, this.opts.siteURL())) {
            socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
            return;
        }
        this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws, req));
    }

    private open(ws: WebSocket, req: IncomingMessage): void {
        const query = new URL(req.url ?? '/', 'http://hub').searchParams;
        const wantedId = query.get('connection_id') ?? '';
        const wantedSeq = Number(query.get('sequence_number') ?? '0');
        const userId = sessionUser(req);
        this.reap();
        let conn = wantedId ? this.connections.get(wantedId) : undefined;
        let replay: string[] | null = null;
        if (conn && !conn.socket && userId && conn.userId === userId && Number.isInteger(wantedSeq)) {
            const from = conn.recent.findIndex((e) => e.seq === wantedSeq);
            if (from >= 0 || wantedSeq === conn.seq) {
                replay = from >= 0 ? conn.recent.slice(from).map((e) => e.frame) : [];
            }
        }
        if (!conn || replay === null) {
            conn = {id: newId(), userId: null, socket: null, seq: 0, recent: [], droppedAt: 0};
            this.connections.set(conn.id, conn);
        }
        const c = conn;
        c.socket = ws;
        ws.on('message', (raw) => this.onAction(c, raw));
        ws.on('close', () => {
            if (c.socket === ws) {
                c.socket = null;
                c.droppedAt = Date.now();
            }
        });
        ws.on('error', () => undefined);
        if (replay) {
            replay.forEach((frame) => ws.send(frame));
        } else if (userId) {
            this.authenticated(c, userId);
        }
    }

    private authenticated(c: Connection, userId: string): void {
        const wasOnline = this.connectedUsers().includes(userId);
        c.userId = userId;
        this.send(c, {
            event: 'hello',
            data: {connection_id: c.id, server_version: this.opts.serverVersion ?? 'preview', server_hostname: 'preview'},
            broadcast: {user_id: userId},
        });
        if (!wasOnline) {
            // The server sets a user online on their first socket and tells them so, after the
            // challenge's answer.
            setTimeout(() => this.publish({event: 'status_change', data: {status: 'online', user_id: userId}, broadcast: {user_id: userId}}), 0);
        }
    }

    /** Client actions: authentication_challenge and ping are answered; others are acknowledged. */
    private onAction(c: Connection, raw: RawData): void {
        let msg: {action?: unknown; seq?: unknown; data?: {token?: unknown}};
        try {
            msg = JSON.parse(raw.toString()) as typeof msg;
        } catch {
            return;
        }
        const seq = typeof msg.seq === 'number' ? msg.seq : 0;
        const reply = (body: Record<string, unknown>) => c.socket?.send(JSON.stringify({...body, seq_reply: seq}));
        if (msg.action === 'authentication_challenge' && !c.userId) {
            const userId = typeof msg.data?.token === 'string' ? tokenUser(msg.data.token) : null;
            if (!userId) {
                reply({status: 'FAIL', error: {id: 'api.web_socket_router.not_authenticated.app_error', message: 'No websocket session.'}});
                return;
            }
            // As the server: the hello first, then the challenge's answer.
            this.authenticated(c, userId);
            reply({status: 'OK'});
            return;
        }
        if (!c.userId) {
            // The server answers nothing before the session is known.
            return;
        }
        if (msg.action === 'ping') {
            reply({status: 'OK', data: {text: 'pong', version: this.opts.serverVersion ?? 'preview', server_time: Date.now(), node_id: ''}});
            return;
        }
        reply({status: 'OK'});
    }

    private send(c: Connection, message: HubMessage): void {
        const frame = JSON.stringify({
            event: message.event,
            data: message.data,
            broadcast: {omit_users: null, user_id: '', channel_id: '', team_id: '', connection_id: '', omit_connection_id: '', ...message.broadcast},
            seq: c.seq++,
        });
        c.recent.push({seq: c.seq - 1, frame});
        if (c.recent.length > DEAD_QUEUE) {
            c.recent.shift();
        }
        c.socket?.send(frame);
    }

    publish(message: HubMessage): void {
        for (const c of this.connections.values()) {
            if (!c.userId) {
                continue;
            }
            if (message.broadcast.user_id && message.broadcast.user_id !== c.userId) {
                continue;
            }
            if (message.broadcast.channel_id && !this.isMember(message.broadcast.channel_id, c.userId)) {
                continue;
            }
            // A dropped connection still numbers its events, so a resuming client gets them.
            this.send(c, message);
        }
    }

    private reap(): void {
        const now = Date.now();
        for (const [id, c] of this.connections) {
            if (!c.socket && now - c.droppedAt > RESUME_FOR_MS) {
                this.connections.delete(id);
            }
        }
    }

    /** Ends every open socket, as a dropped network would (code 1006, no close frame). */
    closeAll(): void {
        for (const c of this.connections.values()) {
            c.socket?.terminate();
        }
    }

    /** Drops every socket and keeps pages from reconnecting until reconnectAll(). */
    disconnectAll(): void {
        this.held ??= [];
        this.closeAll();
    }

    reconnectAll(): void {
        const waiting = this.held ?? [];
        this.held = null;
        waiting.forEach((h) => this.upgrade(h.req, h.socket, h.head));
    }

    /** Users with an open, authenticated socket. */
    connectedUsers(): string[] {
        return [...this.connections.values()].filter((c) => c.socket && c.userId).map((c) => c.userId!);
    }

    /** Closes every socket and the sockets still waiting to connect. */
    stop(): void {
        this.closeAll();
        for (const h of this.held ?? []) {
            h.socket.destroy();
        }
        this.held = null;
        this.connections.clear();
        this.wss.close();
    }
}

/** Mattermost ids: 26 characters of a-z0-9. */
function newId(): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    return [...randomBytes(26)].map((b) => alphabet[b % alphabet.length]).join('');
}
