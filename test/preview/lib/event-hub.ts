// Delivers websocket-style events to the open pages over Server-Sent Events, with
// Mattermost's broadcast rules: an event for a channel reaches that channel's members, an
// event for a user reaches only that user's pages.
import type {ServerResponse} from 'node:http';

export interface HubMessage {
    event: string;
    data: unknown;
    broadcast: {channel_id?: string; user_id?: string};
}

interface Client {
    userId: string;
    res: ServerResponse;
}

export class EventHub {
    private readonly clients = new Set<Client>();
    private seq = 0;
    /** While set, new streams wait unanswered: a page stays disconnected (tests use it). */
    private held: Array<() => void> | null = null;

    constructor(private readonly isMember: (channelId: string, userId: string) => boolean) {}

    /** Keeps the response open as an event stream until the page goes away. */
    attach(userId: string, res: ServerResponse): void {
        if (this.held) {
            this.held.push(() => this.attach(userId, res));
            return;
        }
        res.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive'});
        // Tells EventSource how soon to reconnect after the preview restarts.
        res.write('retry: 500\n\n');
        const client = {userId, res};
        this.clients.add(client);
        const ping = setInterval(() => res.write(': ping\n\n'), 15000);
        res.on('close', () => {
            clearInterval(ping);
            this.clients.delete(client);
        });
    }

    publish(message: HubMessage): void {
        const line = `id: ${++this.seq}\ndata: ${JSON.stringify(message)}\n\n`;
        for (const c of this.clients) {
            if (message.broadcast.user_id && message.broadcast.user_id !== c.userId) {
                continue;
            }
            if (message.broadcast.channel_id && !this.isMember(message.broadcast.channel_id, c.userId)) {
                continue;
            }
            c.res.write(line);
        }
    }

    /** Ends every open stream, as a dropped websocket would. */
    closeAll(): void {
        for (const c of this.clients) {
            c.res.end();
        }
        this.clients.clear();
    }

    /** Drops every stream and keeps pages from reconnecting until reconnectAll(). */
    disconnectAll(): void {
        this.held ??= [];
        this.closeAll();
    }

    reconnectAll(): void {
        const waiting = this.held ?? [];
        this.held = null;
        waiting.forEach((attach) => attach());
    }

    /** Open event streams, per user id. */
    connectedUsers(): string[] {
        return [...this.clients].map((c) => c.userId);
    }
}
