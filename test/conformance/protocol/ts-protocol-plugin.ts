// The plugin the protocol cases drive (test/conformance/protocol): the bridge's go-plugin
// Serve and Mattermost layer (hooks dispatch, API client, request body, response writer)
// with a small product whose routes report what the product saw, plus Plugin.Proto*
// methods that work on broker streams directly for the yamux cases.
import crypto from 'crypto';
import type {Duplex} from 'stream';
import {servePlugin} from '../../../server-bridge/src/goplugin/serve';
import type {MuxBroker} from '../../../server-bridge/src/goplugin/broker';
import {createHooksPlugin, type LogFn} from '../../../server-bridge/src/mattermost/hooks-dispatch';
import type {MattermostApiClient} from '../../../server-bridge/src/mattermost/api-client';
import {mattermostRegistry} from '../../../server-bridge/src/mattermost/model-schemas';
import {remoteBody} from '../../../server-bridge/src/mattermost/request-body';
import {g} from '../../../server-bridge/src/wire/gob';
import {EmptyBody, rpcMethod} from '../../../server-bridge/src/wire/netrpc';
import type {HttpRequest, HttpResponse} from '../../../server-bridge/src/product/http-types';
import type {ProductHooks} from '../../../server-bridge/src/product/hooks';
import {pattern} from '../yamux/go-peer';

const registry = mattermostRegistry();
// As the product's main.ts formats lines for go-plugin's stderr reader.
const log: LogFn = (level, message) => {
    process.stderr.write(`[${level.toUpperCase()}] ${message.replace(/\n/g, ' ')}\n`);
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Keeps the CPU busy for ms: in 20 ms slices with the event loop turning between them, or in one block. */
async function busy(ms: number, mode: string): Promise<void> {
    const end = Date.now() + ms;
    if (mode === 'sync') {
        while (Date.now() < end) {
            // spin
        }
        return;
    }
    while (Date.now() < end) {
        const slice = Math.min(end, Date.now() + 20);
        while (Date.now() < slice) {
            // spin
        }
        await new Promise((resolve) => setImmediate(resolve));
    }
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of body) {
        chunks.push(Buffer.from(c));
    }
    return Buffer.concat(chunks);
}

function json(res: HttpResponse, value: unknown): Promise<void> {
    res.setHeader('Content-Type', 'application/json');
    // Byte slices as base64, as Go's encoding/json writes them.
    return res.write(JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)));
}

function createProduct(api: MattermostApiClient): ProductHooks {
    let pluginConfig: Record<string, unknown> = {};
    const routes: Record<string, (req: HttpRequest, res: HttpResponse, q: URLSearchParams) => Promise<void>> = {
        // What the product sees of the request, whichever argument shape the server sent.
        '/request': async (req, res) => {
            const body = (await readAll(req.body)).toString('utf8');
            await json(res, {method: req.method, url: req.url, headers: req.headers, body});
        },
        '/echo': async (req, res) => {
            res.setHeader('Content-Type', 'application/octet-stream');
            for await (const chunk of req.body) {
                await res.write(chunk);
            }
        },
        // Waits first, then reads the body and answers: the broker streams were dialled at the start.
        '/slow': async (req, res, q) => {
            api.log.info('slow started');
            await sleep(Number(q.get('ms')));
            const body = await readAll(req.body);
            await json(res, {waited: Number(q.get('ms')), bodySha: sha(body), siteURL: await api.getSiteURL()});
        },
        '/config': async (_req, res) => {
            await json(res, {siteURL: await api.getSiteURL(), config: await api.getConfig(), plugin: pluginConfig, reloaded: await api.loadPluginConfiguration()});
        },
        '/stderr': async (_req, res, q) => {
            process.stderr.write(`[ERROR] ${'x'.repeat(Number(q.get('bytes')))}\n[ERROR] after the long line\n`);
            await res.write('written');
        },
        '/fail': async (_req, _res, q) => {
            // Logged by the hooks dispatch ("ServeHTTP failed: ..."), then a marker line.
            setTimeout(() => log('info', 'stderr done'), 100);
            throw new Error('y'.repeat(Number(q.get('bytes'))));
        },
        '/pid': async (_req, res) => {
            await res.write(String(process.pid));
        },
    };
    return {
        onActivate: async () => undefined,
        onDeactivate: async () => {
            api.log.info('OnDeactivate called');
        },
        onConfigurationChange: async () => {
            pluginConfig = await api.loadPluginConfiguration();
        },
        executeCommand: async (args) => ({responseType: 'ephemeral', text: args.command}),
        serveHTTP: async (req, res) => {
            const url = new URL(req.url, 'http://plugin');
            const route = Object.prototype.hasOwnProperty.call(routes, url.pathname) ? routes[url.pathname] : undefined;
            if (!route) {
                res.writeHead(404);
                await res.write('not found');
                return;
            }
            await route(req, res, url.searchParams);
        },
    };
}

const ProtoStreamReply = g.struct('ProtoStreamReply', {Received: g.int64(), Sha: g.string(), WriteError: g.string(), ResetSeen: g.bool()});

/** Writes bytes and resolves once the stream took them (or rejects with the stream's error). */
function writeAll(stream: Duplex, bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => stream.write(bytes, (err) => (err ? reject(err) : resolve())));
}

/** Reads until the peer's FIN. */
function readToEnd(stream: Duplex): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.once('end', () => resolve(Buffer.concat(chunks)));
        stream.once('error', reject);
    });
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

// Methods on broker streams for the yamux cases, served beside the hooks.
function protoMethods(broker: MuxBroker) {
    return {
        // Answers at once; accepts the stream only after DelayMs (the host dials meanwhile) and echoes it.
        ProtoAcceptLate: rpcMethod(g.struct('ProtoAcceptLateArgs', {Id: g.uint32(), DelayMs: g.int64()}), EmptyBody, (a) => {
            setTimeout(() => {
                broker.accept(a.Id).then((s) => s.pipe(s), (err: Error) => log('error', `late accept: ${err.message}`));
            }, Number(a.DelayMs));
            return {};
        }),
        ProtoBusy: rpcMethod(g.struct('ProtoBusyArgs', {Ms: g.int64(), Mode: g.string(), AfterMs: g.int64()}), EmptyBody, async (a) => {
            if (Number(a.AfterMs) > 0) {
                setTimeout(() => void busy(Number(a.Ms), a.Mode), Number(a.AfterMs));
                return {};
            }
            await busy(Number(a.Ms), a.Mode);
            return {};
        }),
        ProtoStream: rpcMethod(g.struct('ProtoStreamArgs', {Id: g.uint32(), Mode: g.string(), Send: g.int64(), HoldMs: g.int64()}), ProtoStreamReply, async (a) => {
            const reply = {Received: 0, Sha: '', WriteError: '', ResetSeen: false};
            if (a.Mode === 'read-body') {
                // The request-body stream as the hooks dispatch reads it, then a handler that goes on.
                const stream = await broker.dial(a.Id);
                stream.on('error', (err: Error) => {
                    reply.ResetSeen ||= /reset/i.test(err.message);
                });
                const body = remoteBody(stream);
                try {
                    const got = await readAll(body.body);
                    reply.Received = got.length;
                    reply.Sha = sha(got);
                    await sleep(Number(a.HoldMs));
                } catch (err) {
                    reply.WriteError = errorText(err);
                } finally {
                    body.close();
                }
                return reply;
            }
            const stream = await broker.accept(a.Id);
            stream.on('error', (err: Error) => {
                reply.ResetSeen ||= /reset/i.test(err.message);
            });
            const received = readToEnd(stream);
            const down = pattern(Number(a.Send));
            try {
                if (a.Mode === 'host-first') {
                    // Sending while the host sends, half-closes and only then reads.
                    await writeAll(stream, down);
                    const got = await received;
                    reply.Received = got.length;
                    reply.Sha = sha(got);
                    stream.end();
                } else {
                    // plugin-first: all of ours and our FIN while the host's bytes still arrive.
                    stream.end(down);
                    const got = await received;
                    reply.Received = got.length;
                    reply.Sha = sha(got);
                }
            } catch (err) {
                reply.WriteError = errorText(err);
            }
            return reply;
        }),
    };
}

const hooks = createHooksPlugin({registry, log, createProduct});

servePlugin({plugins: {hooks: (broker) => ({...hooks(broker), ...protoMethods(broker)})}, registry, log}).then(
    (r) => process.exit(r.exitCode),
    (err: Error) => {
        log('error', err.message);
        process.exit(1);
    },
);
