// The host side of the bridge: what Mattermost's plugin supervisor does, in TypeScript.
// It starts the plugin executable, reads its handshake, dials the unix socket, runs a yamux
// client, opens the control, stdout and stderr streams, dispenses "hooks", and then calls
// hooks the way the server does (Implemented, OnActivate with the API served over the
// broker, ServeHTTP with the body and response-writer streams, ExecuteCommand,
// OnConfigurationChange, OnDeactivate), and finally stops the process (Control.Quit, then a
// kill after 2 s).
import {connect, type Socket} from 'node:net';
import type {Duplex} from 'node:stream';

import {fromAppError, fromErrorInterface, type AppErrorValue} from '../mattermost/errors';
import {mattermostRegistry} from '../mattermost/model-schemas';
import {hookZ} from '../mattermost/z-schemas';
import {MuxBroker} from '../goplugin/broker';
import type {CommandArgs, CommandResponse} from '../product/hooks';
import type {HttpRequest, HttpResponse} from '../product/http-types';
import type {PlatformApi} from '../product/platform';
import {g, type GobRegistry} from '../wire/gob';
import {EmptyBody, RpcClient, RpcServer} from '../wire/netrpc';
import {YamuxSession} from '../wire/yamux';

import {apiMethods} from './api-server';
import {canonicalHeaderKey, responseWriterMethods, serveRequestBody, type ResponseState} from './http-streams';
import {launchPlugin, type HostLog, type Launched} from './launch';

/** Mattermost waits this long for the process to exit after Control.Quit before killing it. */
const KILL_AFTER_MS = 2000;

export interface PluginHostOptions {
    executable: string;
    /** The unpacked bundle: the plugin's working directory and GetBundlePath's answer. */
    bundlePath: string;
    api: PlatformApi;
    log: HostLog;
    serverVersion?: string;
    startTimeoutMs?: number;
    env?: NodeJS.ProcessEnv;
}

type Struct = Record<string, unknown>;

function dialSocket(network: 'unix' | 'tcp', address: string): Promise<Socket> {
    return new Promise((resolve, reject) => {
        const socket = network === 'unix' ? connect(address) : connect(Number(address.split(':').pop()), address.slice(0, address.lastIndexOf(':')));
        socket.once('connect', () => {
            socket.off('error', reject);
            resolve(socket);
        });
        socket.once('error', reject);
    });
}

function drainToLog(stream: Duplex, log: HostLog, name: string): void {
    stream.on('error', () => undefined);
    stream.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n')) {
            if (line.trim()) {
                log('debug', `plugin ${name}: ${line}`);
            }
        }
    });
}

export class PluginHost {
    private readonly registry: GobRegistry = mattermostRegistry();
    private launched: Launched | null = null;
    private session: YamuxSession | null = null;
    private control: RpcClient | null = null;
    private hooks: RpcClient | null = null;
    private broker: MuxBroker | null = null;
    private implemented = new Set<string>();
    private stopped = false;

    constructor(private readonly opts: PluginHostOptions) {}

    /** Hooks the plugin said it implements. */
    get implementedHooks(): ReadonlySet<string> {
        return this.implemented;
    }

    get pid(): number | undefined {
        return this.launched?.child.pid;
    }

    /** True once the plugin process has ended, whether stopped or dead. */
    get exited(): boolean {
        const child = this.launched?.child;
        return !child || child.exitCode !== null || child.signalCode !== null;
    }

    /** Starts the process and connects; the plugin is not activated yet. */
    async start(): Promise<void> {
        const log = this.opts.log;
        this.launched = await launchPlugin({
            executable: this.opts.executable, cwd: this.opts.bundlePath, env: this.opts.env,
            startTimeoutMs: this.opts.startTimeoutMs, log,
        });
        void this.launched.exited.then((code) => {
            if (!this.stopped) {
                log('error', `plugin process exited unexpectedly (${code})`);
            }
            void this.session?.close();
        });
        try {
            const {network, address} = this.launched.handshake;
            const socket = await dialSocket(network, address);
            this.session = new YamuxSession(socket, 'client', {logger: (level, message) => log(level === 'error' ? 'error' : 'debug', `yamux: ${message}`)});
            const control = await this.session.open();
            this.control = new RpcClient(control, {registry: this.registry});
            drainToLog(await this.session.open(), log, 'stdout');
            drainToLog(await this.session.open(), log, 'stderr');
            this.broker = new MuxBroker(this.session);
            void this.broker.run();
            const id = await this.control.call('Dispenser.Dispense', g.string(), 'hooks', g.uint32());
            this.hooks = new RpcClient(await this.broker.dial(Number(id)), {registry: this.registry});
            const names = await this.hooks.call('Plugin.Implemented', EmptyBody, {}, g.slice(g.string()));
            this.implemented = new Set(names);
        } catch (err) {
            await this.kill();
            throw err;
        }
    }

    /** Control.Ping, Mattermost's health check. */
    async ping(): Promise<void> {
        await this.connected().control.call('Control.Ping', g.bool(), true, EmptyBody);
    }

    /** OnActivate with the API served on a broker stream, as the server does. */
    async activate(): Promise<void> {
        const {hooks, broker} = this.connected();
        const apiId = broker.nextId();
        const driverId = broker.nextId();
        const api = new RpcServer();
        api.register('Plugin', apiMethods(this.opts.api, {
            bundlePath: this.opts.bundlePath, serverVersion: this.opts.serverVersion, siteURL: () => this.opts.api.getSiteURL(),
        }));
        broker.accept(apiId)
            .then((conn) => api.serveConn(conn, {registry: this.registry}))
            .catch((err: Error) => this.opts.log('error', `plugin API stream: ${err.message}`));
        // The database driver is not offered: the stream is accepted and served with nothing.
        broker.accept(driverId)
            .then((conn) => new RpcServer().serveConn(conn, {registry: this.registry}))
            .catch(() => this.opts.log('debug', 'the plugin did not dial the database driver stream'));
        const z = hookZ('OnActivate');
        const ret = await hooks.call(z.method, z.args, {APIMuxId: apiId, DriverMuxId: driverId} as never, z.returns) as Struct;
        const err = fromErrorInterface(ret.A, 'OnActivate');
        if (err) {
            throw err;
        }
    }

    async onConfigurationChange(): Promise<void> {
        await this.errorHook('OnConfigurationChange');
    }

    async deactivate(): Promise<void> {
        await this.errorHook('OnDeactivate');
    }

    async executeCommand(args: CommandArgs, siteURL: string): Promise<CommandResponse> {
        if (!this.implemented.has('ExecuteCommand')) {
            throw new Error('the plugin does not implement ExecuteCommand');
        }
        const z = hookZ('ExecuteCommand');
        const ret = await this.connected().hooks.call(z.method, z.args, {
            A: {},
            B: {UserId: args.userId, ChannelId: args.channelId, TeamId: args.teamId, RootId: args.rootId ?? '', TriggerId: args.triggerId ?? '', Command: args.command, SiteURL: siteURL},
        } as never, z.returns) as Struct;
        if (ret.B) {
            throw fromAppError(ret.B as AppErrorValue, 'ExecuteCommand');
        }
        const r = (ret.A ?? {}) as Struct;
        return {responseType: r.ResponseType === 'in_channel' ? 'in_channel' : 'ephemeral', text: typeof r.Text === 'string' ? r.Text : ''};
    }

    /** ServeHTTP as hooksRPCClient does it; `req.url` is the path the plugin sees. */
    async serveHTTP(req: HttpRequest, res: HttpResponse): Promise<void> {
        const state: ResponseState = {status: 0, headersSent: false};
        if (!this.implemented.has('ServeHTTP')) {
            res.writeHead(404);
            await res.write('404 page not found\n');
            return;
        }
        const {hooks, broker} = this.connected();
        const writerId = broker.nextId();
        const writer = new RpcServer();
        writer.register('Plugin', responseWriterMethods(res, state));
        const writerDone = broker.accept(writerId).then((conn) => writer.serveConn(conn, {registry: this.registry}));
        const bodyId = broker.nextId();
        const bodyDone = broker.accept(bodyId).then((conn) => serveRequestBody(conn, req.body));
        const header = new Map<string, string[]>();
        for (const [name, values] of Object.entries(req.headers)) {
            header.set(canonicalHeaderKey(name), [...values]);
        }
        const z = hookZ('ServeHTTP');
        try {
            await hooks.call(z.method, z.args, {
                ResponseWriterStream: writerId,
                Request: {Method: req.method, URL: req.url, Proto: 'HTTP/1.1', ProtoMajor: 1, ProtoMinor: 1, Header: header, Host: header.get('Host')?.[0] ?? '', RemoteAddr: '127.0.0.1:0', RequestURI: req.url},
                Context: {RequestId: '', AcceptLanguage: header.get('Accept-Language')?.[0] ?? '', UserAgent: header.get('User-Agent')?.[0] ?? ''},
                RequestBodyStream: bodyId,
            } as never, z.returns);
        } catch (err) {
            this.opts.log('error', `ServeHTTP failed: ${err instanceof Error ? err.message : String(err)}`);
            if (!state.headersSent) {
                state.headersSent = true;
                res.writeHead(500);
                await res.write('internal server error\n');
            }
        }
        // A stream the plugin never dialed must not keep anything waiting.
        void writerDone.catch(() => undefined);
        void bodyDone.catch(() => undefined);
    }

    /** OnDeactivate, Control.Quit, close the session, and kill the process if it lingers. */
    async stop(): Promise<void> {
        if (this.stopped) {
            return;
        }
        if (this.hooks) {
            await withTimeout(this.deactivate(), KILL_AFTER_MS).catch((err: Error) => this.opts.log('warn', `OnDeactivate: ${err.message}`));
        }
        await this.kill();
    }

    private async kill(): Promise<void> {
        this.stopped = true;
        const child = this.launched?.child;
        if (this.control) {
            await withTimeout(this.control.call('Control.Quit', g.bool(), true, EmptyBody), 500).catch(() => undefined);
        }
        this.hooks?.close();
        this.control?.close();
        this.broker?.stop();
        await this.session?.close().catch(() => undefined);
        if (child && child.exitCode === null && child.signalCode === null) {
            const exited = await Promise.race([this.launched!.exited.then(() => true), delay(KILL_AFTER_MS).then(() => false)]);
            if (!exited) {
                child.kill('SIGKILL');
                await this.launched!.exited;
            }
        }
    }

    private async errorHook(name: string): Promise<void> {
        if (!this.implemented.has(name)) {
            return;
        }
        const z = hookZ(name);
        const ret = await this.connected().hooks.call(z.method, z.args, {} as never, z.returns) as Struct;
        const err = fromErrorInterface(ret.A, name);
        if (err) {
            throw err;
        }
    }

    private connected(): {control: RpcClient; hooks: RpcClient; broker: MuxBroker} {
        if (this.stopped || !this.control || !this.hooks || !this.broker) {
            throw new Error('the plugin is not running');
        }
        return {control: this.control, hooks: this.hooks, broker: this.broker};
    }
}

function delay(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
    return Promise.race([p, delay(ms).then(() => {
        throw new Error(`no answer in ${ms} ms`);
    })]);
}
