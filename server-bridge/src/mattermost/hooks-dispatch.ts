// The "Plugin" service Mattermost calls on the dispensed "hooks" stream: Implemented, then
// OnActivate (dial the API and driver broker ids, build the API client and the product),
// OnDeactivate, OnConfigurationChange, ServeHTTP (request body and response writer over
// their own broker streams) and ExecuteCommand. Product errors travel back as Mattermost
// encodes them; nothing the product or the server does can throw out of a hook.
import type {Duplex} from 'stream';
import {g, type GobRegistry} from '../wire/gob';
import {RpcClient, rpcMethod, type RpcLogger, type RpcMethod} from '../wire/netrpc';
import type {MuxBroker} from '../goplugin/broker';
import type {PluginFactory} from '../goplugin/serve';
import type {CommandArgs, ProductHooks} from '../product/hooks';
import type {HttpRequest} from '../product/http-types';
import {MattermostApiClient} from './api-client';
import {encodableError, newAppError} from './errors';
import {fitLogMessage} from './host-log';
import {mattermostRegistry} from './model-schemas';
import {EMPTY_BODY, remoteBody} from './request-body';
import {RemoteResponseWriter} from './response-writer';
import {hookZ} from './z-schemas';

/** The hooks this plugin implements, as Plugin.Implemented answers them. */
export const IMPLEMENTED_HOOKS = ['OnActivate', 'OnDeactivate', 'OnConfigurationChange', 'ServeHTTP', 'ExecuteCommand'] as const;

export type LogFn = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface HooksDispatchOptions {
    /** Builds the product once the API is connected (on OnActivate). */
    createProduct: (api: MattermostApiClient) => ProductHooks | Promise<ProductHooks>;
    log: LogFn;
    registry?: GobRegistry;
}

type Struct = Record<string, unknown>;

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The request the product sees: lower-cased header names, the URL as Mattermost forwarded it. */
export function toProductRequest(req: Struct | null, body: AsyncIterable<Uint8Array>): HttpRequest {
    const headers: Record<string, string[]> = {};
    const raw = req?.Header;
    if (raw instanceof Map) {
        for (const [k, v] of raw) {
            if (typeof k === 'string' && Array.isArray(v)) {
                const name = k.toLowerCase();
                const values = v.filter((x): x is string => typeof x === 'string');
                Object.defineProperty(headers, name, {value: [...(headers[name] ?? []), ...values], enumerable: true, writable: true, configurable: true});
            }
        }
    }
    const url = typeof req?.URL === 'string' && req.URL !== '' ? req.URL : typeof req?.RequestURI === 'string' ? req.RequestURI : '/';
    return {method: typeof req?.Method === 'string' && req.Method ? req.Method : 'GET', url, headers, body};
}

export function createHooksPlugin(options: HooksDispatchOptions): PluginFactory {
    const registry = options.registry ?? mattermostRegistry();
    // Product errors can be long; each must stay one line of the host's stderr reader.
    const log: LogFn = (level, message) => options.log(level, fitLogMessage(message));
    const rpcLog: RpcLogger = (level, message) => log(level === 'debug' ? 'debug' : 'warn', `rpc: ${message}`);
    let product: ProductHooks | null = null;
    let apiConn: RpcClient | null = null;
    let driverConn: Duplex | null = null;

    const z = (name: string) => hookZ(name);
    const method = (name: string, handler: (args: Struct) => Promise<Struct> | Struct): RpcMethod =>
        rpcMethod(z(name).args, z(name).returns, handler as (args: unknown) => Promise<Struct>);

    async function onActivate(broker: MuxBroker, args: Struct): Promise<Struct> {
        try {
            apiConn?.close();
            driverConn?.destroy();
            apiConn = new RpcClient(await broker.dial(Number(args.APIMuxId)), {registry, logger: rpcLog});
            const driverId = Number(args.DriverMuxId);
            if (driverId !== 0) {
                // The product uses no database driver; the stream is dialled so the server's
                // accept does not wait out its timeout, then left idle.
                driverConn = await broker.dial(driverId).catch((err: Error) => {
                    log('warn', `could not connect the database driver stream: ${err.message}`);
                    return null;
                });
                driverConn?.on('error', () => undefined);
                driverConn?.resume();
            }
            const api = new MattermostApiClient(apiConn);
            product = await options.createProduct(api);
            // As Mattermost's Go plugin side does: configuration first, its error only logged.
            await product.onConfigurationChange().catch((err: unknown) => api.log.error('OnConfigurationChange failed', {error: errorText(err)}));
            await product.onActivate();
            return {A: null};
        } catch (err) {
            log('error', `activation failed: ${errorText(err)}`);
            return {A: encodableError(err)};
        }
    }

    async function errorHook(run: (p: ProductHooks) => Promise<void>): Promise<Struct> {
        if (!product) {
            return {A: null};
        }
        try {
            await run(product);
            return {A: null};
        } catch (err) {
            return {A: encodableError(err)};
        }
    }

    async function serveHTTP(broker: MuxBroker, args: Struct): Promise<Struct> {
        // Both streams are dialled at once (the server accepts each in its own goroutine):
        // each dial is a round trip, and every request has a body stream, empty or not.
        const bodyId = Number(args.RequestBodyStream);
        const bodyDial = bodyId !== 0 ? broker.dial(bodyId) : null;
        // Its failure is handled where it is awaited, below; not an unhandled rejection meanwhile.
        bodyDial?.catch(() => undefined);
        let rwConn: Duplex;
        try {
            rwConn = await broker.dial(Number(args.ResponseWriterStream));
        } catch (err) {
            bodyDial?.then((s) => s.destroy(), () => undefined);
            throw err;
        }
        const rw = new RpcClient(rwConn, {registry, logger: rpcLog});
        const writer = new RemoteResponseWriter(rw);
        writer.startHostHeaderFetch();
        let body = {body: EMPTY_BODY, close: () => undefined as void};
        try {
            if (bodyDial) {
                body = remoteBody(await bodyDial);
            }
            const req = toProductRequest(args.Request as Struct | null, body.body);
            if (!product) {
                writer.setHeader('Content-Type', 'application/json');
                writer.writeHead(503);
                await writer.write(JSON.stringify({error: 'the plugin is not active'}));
            } else {
                await product.serveHTTP(req, writer);
            }
            await writer.finish();
        } catch (err) {
            log('error', `ServeHTTP failed: ${errorText(err)}`);
            if (writer.statusSent === null) {
                // Nothing reached the client yet: answer 500 like Go's http.Error would.
                writer.setHeader('Content-Type', 'text/plain; charset=utf-8');
                writer.writeHead(500);
                await writer.write('500 internal server error\n').catch(() => undefined);
            }
        } finally {
            body.close();
            rw.close();
        }
        return {};
    }

    async function executeCommand(args: Struct): Promise<Struct> {
        const a = (args.B ?? {}) as Struct;
        const str = (v: unknown) => (typeof v === 'string' ? v : '');
        const cmd: CommandArgs = {command: str(a.Command), userId: str(a.UserId), channelId: str(a.ChannelId), teamId: str(a.TeamId)};
        if (str(a.RootId)) {
            cmd.rootId = str(a.RootId);
        }
        if (str(a.TriggerId)) {
            cmd.triggerId = str(a.TriggerId);
        }
        if (!product) {
            return {A: null, B: newAppError('ExecuteCommand', 'plugin.release_checklist.not_active', 'The Release Checklist plugin is not active.', 503)};
        }
        try {
            const res = await product.executeCommand(cmd);
            return {A: {ResponseType: res.responseType, Text: res.text}, B: null};
        } catch (err) {
            log('error', `ExecuteCommand failed: ${errorText(err)}`);
            return {A: null, B: newAppError('ExecuteCommand', 'plugin.release_checklist.command.app_error', errorText(err), 500)};
        }
    }

    return (broker: MuxBroker) => ({
        Implemented: rpcMethod(g.struct('struct {}', {}), g.slice(g.string()), () => [...IMPLEMENTED_HOOKS]),
        OnActivate: method('OnActivate', (args) => onActivate(broker, args)),
        OnDeactivate: method('OnDeactivate', () => errorHook((p) => p.onDeactivate())),
        OnConfigurationChange: method('OnConfigurationChange', () => errorHook((p) => p.onConfigurationChange())),
        ServeHTTP: method('ServeHTTP', (args) => serveHTTP(broker, args)),
        ExecuteCommand: method('ExecuteCommand', executeCommand),
    });
}
