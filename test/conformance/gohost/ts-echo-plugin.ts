// The reference plugin's behaviour (test/conformance/goref) written on the bridge's
// Mattermost layer: the same hooks dispatch, API client, request-body reader and response
// writer the product executable uses, with a trivial "product". The Go host's default
// script then checks the layer against exactly what it checks the Go plugin against:
// 5 MB echoed in and out in chunks, 401 without a user, ExecuteCommand, KV through the API.
import {servePlugin} from '../../../server-bridge/src/goplugin/serve';
import {createHooksPlugin} from '../../../server-bridge/src/mattermost/hooks-dispatch';
import {mattermostRegistry} from '../../../server-bridge/src/mattermost/model-schemas';
import type {ProductHooks} from '../../../server-bridge/src/product/hooks';

const oneKiB = Buffer.from('0123456789abcdef'.repeat(64));
const registry = mattermostRegistry();
const log = (level: string, message: string) => process.stderr.write(`[${level.toUpperCase()}] ${message}\n`);

const hooks = createHooksPlugin({
    registry,
    log,
    createProduct: (api): ProductHooks => ({
        onActivate: async () => {
            await api.registerCommand({trigger: 'ref', displayName: 'ref', description: '', autoCompleteDesc: 'reference plugin', autoCompleteHint: ''});
        },
        onDeactivate: async () => undefined,
        onConfigurationChange: async () => {
            await api.loadPluginConfiguration();
        },
        executeCommand: async (args) => ({responseType: 'ephemeral', text: `ref: ${args.command}`}),
        serveHTTP: async (req, res) => {
            const path = req.url.split('?')[0];
            if (!req.headers['mattermost-user-id']?.[0]) {
                res.setHeader('Content-Type', 'text/plain; charset=utf-8');
                res.writeHead(401);
                await res.write('not authorized\n');
            } else if (req.method === 'GET' && path === '/hello') {
                await res.write(`hello ${req.headers['mattermost-user-id'][0]}`);
            } else if (req.method === 'GET' && path === '/bench/1k') {
                res.setHeader('Content-Type', 'application/octet-stream');
                await res.write(oneKiB);
            } else if (req.method === 'GET' && path === '/bench/kv') {
                const v = await api.kv.get('bench');
                await res.write(`kv ${v?.length ?? 0}`);
            } else if (req.method === 'POST' && path === '/echo') {
                res.setHeader('Content-Type', 'application/octet-stream');
                res.writeHead(200);
                for await (const chunk of req.body) {
                    await res.write(chunk);
                }
            } else {
                res.setHeader('Content-Type', 'text/plain; charset=utf-8');
                res.writeHead(404);
                await res.write('404 page not found\n');
            }
        },
    }),
});

servePlugin({plugins: {hooks}, registry, log}).then((r) => process.exit(r.exitCode), (err: Error) => {
    log('error', err.message);
    process.exit(1);
});
