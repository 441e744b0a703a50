// The preview page over a real Mattermost server: this host serves the page (the stand-in for
// the web app's plugin registry, which is not in Mattermost's Go module) and passes every
// other request, websocket included, to the server. Page and server then share one origin,
// so Mattermost's session cookies, CSRF token and websocket Origin check work as they do
// behind any reverse proxy. The Host header is passed unchanged, and the server's SiteURL
// must be this host's URL (its websocket refuses an Origin other than the SiteURL's).
import {createServer, request as httpRequest, type IncomingMessage, type Server} from 'node:http';
import {connect, type AddressInfo, type Socket} from 'node:net';
import type {Duplex} from 'node:stream';

import {buildPageAssets, PAGE_PATHS} from './page-assets';

export interface RealServerPage {
    /** Where the browser opens the page; the server's SiteURL. */
    url: string;
    /** The server requests go to (its own listen address). Until set, requests get 503. */
    setUpstream(url: string): void;
    /** Drops every proxied websocket and holds new ones until reconnectAll (tests use it). */
    disconnectAll(): void;
    reconnectAll(): void;
    stop(): Promise<void>;
}

export interface RealServerPageOptions {
    repoRoot: string;
    /** 0 picks a free port. */
    port: number;
    host?: string;
    upstream?: string;
}

interface Held {
    req: IncomingMessage;
    socket: Duplex;
    head: Buffer;
}

export async function startRealServerPage(opts: RealServerPageOptions): Promise<RealServerPage> {
    const assets = await buildPageAssets(opts.repoRoot);
    const html = assets.pageHtml('mattermost');
    let upstream: URL | null = opts.upstream ? new URL(opts.upstream) : null;
    const tunnels = new Set<Duplex>();
    let held: Held[] | null = null;

    const server: Server = createServer((req, res) => {
        const path = (req.url ?? '/').split('?')[0];
        if (req.method === 'GET' && path === '/preview/page.js') {
            res.writeHead(200, {'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store'}).end(assets.pageJs);
            return;
        }
        if (req.method === 'GET' && PAGE_PATHS.test(path)) {
            res.writeHead(200, {'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store'}).end(html);
            return;
        }
        if (!upstream) {
            res.writeHead(503, {'content-type': 'text/plain'}).end('the Mattermost server is starting');
            return;
        }
        const out = httpRequest({
            host: upstream.hostname, port: upstream.port, method: req.method, path: req.url,
            // As sent, Host included: Mattermost compares it and the Origin with its SiteURL.
            headers: req.rawHeaders,
        }, (answer) => {
            // Raw headers keep each Set-Cookie line as the server sent it.
            res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
            answer.pipe(res);
        });
        out.on('error', (err) => {
            if (!res.headersSent) {
                res.writeHead(502, {'content-type': 'application/json'}).end(JSON.stringify({message: `The Mattermost server did not answer: ${err.message}`}));
            } else {
                res.destroy();
            }
        });
        req.pipe(out);
    });

    const tunnel = ({req, socket, head}: Held) => {
        if (!upstream) {
            socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
            return;
        }
        const up: Socket = connect(Number(upstream.port), upstream.hostname, () => {
            const lines = [`${req.method} ${req.url} HTTP/1.1`];
            for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
                lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
            }
            up.write(`${lines.join('\r\n')}\r\n\r\n`);
            if (head.length) {
                up.write(head);
            }
            socket.pipe(up);
            up.pipe(socket);
        });
        tunnels.add(socket);
        const end = () => {
            tunnels.delete(socket);
            socket.destroy();
            up.destroy();
        };
        socket.on('error', end);
        socket.on('close', end);
        up.on('error', end);
        up.on('close', end);
    };
    server.on('upgrade', (req, socket, head) => {
        if (held) {
            held.push({req, socket, head});
        } else {
            tunnel({req, socket, head});
        }
    });

    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
    });
    const {port} = server.address() as AddressInfo;
    return {
        url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
        setUpstream(url) {
            upstream = new URL(url);
        },
        disconnectAll() {
            held ??= [];
            // A cut connection, as a network drop: the browser sees close code 1006.
            for (const s of tunnels) {
                s.destroy();
            }
        },
        reconnectAll() {
            const waiting = held ?? [];
            held = null;
            waiting.forEach(tunnel);
        },
        async stop() {
            for (const h of held ?? []) {
                h.socket.destroy();
            }
            held = null;
            for (const s of tunnels) {
                s.destroy();
            }
            server.closeAllConnections();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}
