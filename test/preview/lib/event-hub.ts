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

    constructor(private readonly isMember: (channelId: string, userId: string) => boolean) {}

    /** Keeps the response open as an event stream until the page goes away. */
    attach(userId: string, res: ServerResponse): void {
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

    closeAll(): void {
        for (const c of this.clients) {
            c.res.end();
        }
        this.clients.clear();
    }
}
