// Starts the whole preview: state file, plugin API state, the plugin (its real executable
// through the bridge's host side, or the product in-process), and the HTTP server that
// serves the page, Mattermost's REST routes, /plugins/<id>/ and the event stream.
import {readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';

import {EventHub, WEBSOCKET_PATH} from './event-hub';
import {SupervisedPlugin} from './health-check';
import {startInProcess} from './in-process';
import {buildPageAssets, PAGE_PATHS} from './page-assets';
import type {PluginConnection} from './plugin-connection';
import {proxyToPlugin} from './plugin-proxy';
import {PreviewPlatform} from './preview-platform';
import {bundleName, handleRest} from './rest-routes';
import {StateFile, type PreviewState} from './state-file';

export type PluginMode = 'in-process' | 'executable';

export interface PreviewOptions {
    repoRoot: string;
    dataDir: string;
    /** 0 picks a free port. */
    port: number;
    host?: string;
    mode: PluginMode;
    /** Starts the plugin in 'executable' mode; given by the caller so this module stays transport-free. */
    startExecutable?: (platform: PreviewPlatform) => Promise<PluginConnection>;
    /** How often the executable is health-checked (restarted when it died); Mattermost's 30 s by default. */
    healthCheckMs?: number;
}

export interface RunningPreview {
    url: string;
    mode: PluginMode;
    platform: PreviewPlatform;
    hub: EventHub;
    stateFile: StateFile;
    /** The plugin executable's process id (none in-process, or while it is down). */
    pluginPid(): number | undefined;
    stop(): Promise<void>;
}

export async function startPreview(opts: PreviewOptions): Promise<RunningPreview> {
    const manifest = JSON.parse(readFileSync(join(opts.repoRoot, 'plugin.json'), 'utf8')) as Record<string, unknown> & {id: string};
    const pluginId = manifest.id;
    const prefix = `/plugins/${pluginId}`;
    const assets = await buildPageAssets(opts.repoRoot);

    let state: PreviewState | null = null;
    const stateFile = new StateFile(opts.dataDir, () => state!);
    state = stateFile.load((m) => console.error(`[preview] ${m}`));

    let platform: PreviewPlatform | null = null;
    const hub = new EventHub((channelId, userId) => platform?.isMember(channelId, userId) ?? false, {siteURL: () => url});
    let plugin: PluginConnection | null = null;

    const server: Server = createServer((req, res) => {
        void (async () => {
            const path = (req.url ?? '/').split('?')[0];
            if (path === prefix || path.startsWith(`${prefix}/`)) {
                if (!plugin) {
                    res.writeHead(503).end('the plugin is starting');
                    return;
                }
                await proxyToPlugin(plugin, prefix, req, res);
                return;
            }
            const rest = {platform: platform!, hub, plugin: () => plugin!, manifest, siteURL: url, pluginBundle: assets.pluginJs};
            if (await handleRest(rest, req, res)) {
                return;
            }
            if (req.method === 'GET' && path === '/preview/page.js') {
                res.writeHead(200, {'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store'}).end(assets.pageJs);
            } else if (req.method === 'GET' && path === `/static/plugins/${pluginId}/${bundleName(rest)}`) {
                res.writeHead(200, {'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store'}).end(assets.pluginJs());
            } else if (req.method === 'GET' && PAGE_PATHS.test(path)) {
                res.writeHead(200, {'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store'}).end(assets.html);
            } else {
                res.writeHead(404, {'content-type': 'text/plain'}).end('not found');
            }
        })().catch((err) => {
            console.error(`[preview] ${req.method} ${req.url} failed: ${err instanceof Error ? err.stack : String(err)}`);
            if (!res.headersSent) {
                res.writeHead(500);
            }
            res.end();
        });
    });
    // Mattermost's websocket; nothing else upgrades.
    server.on('upgrade', (req, socket, head) => {
        if ((req.url ?? '').split('?')[0] === WEBSOCKET_PATH) {
            hub.upgrade(req, socket, head);
        } else {
            socket.destroy();
        }
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    const url = `http://${opts.host ?? '127.0.0.1'}:${address.port}`;

    platform = new PreviewPlatform({pluginId, siteURL: url, state, changed: () => stateFile.changed(), hub});
    await platform.restore();
    try {
        if (opts.mode === 'executable') {
            if (!opts.startExecutable) {
                throw new Error('executable mode needs a way to start the plugin executable');
            }
            const startExecutable = opts.startExecutable;
            const api = platform;
            // As Mattermost does, a plugin that stops answering its health check is restarted.
            plugin = await SupervisedPlugin.create(() => startExecutable(api), {
                intervalMs: opts.healthCheckMs, log: (m) => console.error(`[preview] ${m}`),
            });
        } else {
            plugin = await startInProcess(platform, opts.repoRoot);
        }
    } catch (err) {
        server.close();
        throw err;
    }

    return {
        url,
        mode: opts.mode,
        platform,
        hub,
        stateFile,
        pluginPid: () => plugin?.pid?.(),
        async stop() {
            hub.stop();
            try {
                await plugin?.stop();
            } finally {
                stateFile.flush();
                server.closeAllConnections();
                await new Promise<void>((resolve) => server.close(() => resolve()));
            }
        },
    };
}
