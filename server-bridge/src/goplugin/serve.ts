// go-plugin's Serve for a net/rpc plugin, in TypeScript: check the cookie, listen, print
// the handshake line, then for the host's connection run a yamux server, take the control,
// stdout and stderr streams, start the broker and answer Control (Ping, Quit) and
// Dispenser (Dispense). A dispensed plugin is served as "Plugin" on a broker stream.
// Resolves when the host quits, closes the connection, or a signal ends the process, and
// whenever the host is gone by any sign (a failed write to stdout or stderr, a new parent
// process): a plugin must never outlive its host.
import type {Duplex} from 'stream';
import type net from 'net';
import {EmptyBody, RpcServer, rpcMethod, type RpcMethod, type RpcLogger} from '../wire/netrpc';
import {g, type GobRegistry} from '../wire/gob';
import {YamuxSession} from '../wire/yamux';
import {MuxBroker} from './broker';
import {checkCookie, handshakeLine, MATTERMOST_HANDSHAKE, negotiateVersion, type Env, type HandshakeConfig} from './handshake';
import {listenUnix} from './listener';
import {pluginSessionConfig} from './session-config';
import {hostStdio, type HostStdio} from './host-stdio';
import {watchParent} from './parent-watch';

/** Builds the methods served as "Plugin" for one dispense of a plugin name. */
export type PluginFactory = (broker: MuxBroker) => Record<string, RpcMethod>;

export interface ServeOptions {
    plugins: Record<string, PluginFactory>;
    env?: Env;
    handshake?: HandshakeConfig;
    /** Where the handshake line goes (process stdout). */
    writeStdout?: (text: string) => void;
    /** Diagnostics, one line each (process stderr, read by the host's logger). */
    log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
    registry?: GobRegistry;
    /** The host's stdout and stderr (the process's own); a failed write there ends serving. */
    stdio?: HostStdio;
    /** The parent pid as it is now (process.ppid); a change ends serving. */
    parentPid?: () => number;
}

export type ServeResult = {exitCode: number; reason: string};

/** Cleaning up after the host left (socket file, sessions) may take this long, no more. */
export const CLEANUP_LIMIT_MS = 1000;

/** Serves until the host is done; the caller exits with the returned code. */
export async function servePlugin(options: ServeOptions): Promise<ServeResult> {
    const env = options.env ?? process.env;
    const stdio = options.stdio ?? hostStdio();
    const log = options.log ?? ((level, message) => stdio.writeStderr(`[${level.toUpperCase()}] ${message}\n`));
    const refusal = checkCookie(env, options.handshake ?? MATTERMOST_HANDSHAKE);
    if (refusal) {
        stdio.writeStderr(refusal);
        return {exitCode: 1, reason: 'no magic cookie'};
    }
    const {version, invalid} = negotiateVersion(env, [(options.handshake ?? MATTERMOST_HANDSHAKE).protocolVersion]);
    for (const bad of invalid) {
        log('warn', `host sent invalid plugin version ${JSON.stringify(bad)}`);
    }
    const listener = await listenUnix(env);
    let finish!: (r: ServeResult) => void;
    const finished = new Promise<ServeResult>((resolve) => {
        finish = resolve;
    });
    const sessions = new Set<YamuxSession>();
    const onSignal = (signal: string) => () => finish({exitCode: 0, reason: `signal ${signal}`});
    // go-plugin plugins ignore SIGINT (the host's terminal sends it to the whole group).
    const ignoreInt = () => log('debug', 'plugin received interrupt signal, ignoring');
    const onTerm = onSignal('SIGTERM');
    const onHup = onSignal('SIGHUP');
    process.on('SIGINT', ignoreInt);
    process.on('SIGTERM', onTerm);
    process.on('SIGHUP', onHup);
    const hostGone = (why: string) => finish({exitCode: 0, reason: `host gone: ${why}`});
    const stopStdioWatch = stdio.onBroken(hostGone);
    const stopParentWatch = watchParent({onGone: hostGone, parentPid: options.parentPid});

    listener.server.on('connection', (conn: net.Socket) => {
        const session = new YamuxSession(conn, 'server', pluginSessionConfig((level, message) => log(level, `yamux: ${message}`)));
        sessions.add(session);
        void session.closed.then(() => {
            sessions.delete(session);
            finish({exitCode: 0, reason: 'host closed the connection'});
        });
        serveSession(session, options, log, () => finish({exitCode: 0, reason: 'Control.Quit'})).catch((err: Error) => {
            log('error', `plugin connection failed: ${err.message}`);
            void session.close();
        });
    });
    (options.writeStdout ?? ((t) => stdio.writeStdout(t)))(handshakeLine(version, listener.network, listener.address));

    const result = await finished;
    process.off('SIGINT', ignoreInt);
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onHup);
    stopStdioWatch();
    stopParentWatch();
    // A dead host may never read what a session still wants to flush: cleanup is bounded.
    const cleanup = Promise.all([listener.close(), ...[...sessions].map((s) => s.close())]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([cleanup, new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLEANUP_LIMIT_MS);
    })]);
    clearTimeout(timer);
    return result;
}

async function serveSession(session: YamuxSession, options: ServeOptions, log: NonNullable<ServeOptions['log']>, quit: () => void): Promise<void> {
    const control = await session.accept();
    // The host opens stdout and stderr streams next; nothing is copied into them (the
    // bridge logs to the process stderr, which the host reads too), but they must be taken.
    const stdStreams: Duplex[] = [await session.accept(), await session.accept()];
    for (const s of stdStreams) {
        s.on('error', () => undefined);
        s.resume();
    }
    const broker = new MuxBroker(session);
    void broker.run();
    const rpcLog: RpcLogger = (level, message) => log(level === 'debug' ? 'debug' : 'warn', `rpc: ${message}`);
    const server = new RpcServer();
    server.register('Control', {
        Ping: rpcMethod(g.bool(), EmptyBody, () => ({})),
        Quit: rpcMethod(g.bool(), EmptyBody, () => {
            // Let the reply go out before the process ends.
            setTimeout(quit, 20).unref();
            return {};
        }),
    });
    server.register('Dispenser', {
        Dispense: rpcMethod(g.string(), g.uint32(), (name: string) => {
            const factory = Object.prototype.hasOwnProperty.call(options.plugins, name) ? options.plugins[name] : undefined;
            if (!factory) {
                throw new Error(`unknown plugin type: ${name}`);
            }
            const methods = factory(broker);
            const id = broker.nextId();
            broker.accept(id).then((conn) => {
                const pluginServer = new RpcServer();
                pluginServer.register('Plugin', methods);
                return pluginServer.serveConn(conn, {registry: options.registry, logger: rpcLog});
            }).catch((err: Error) => log('error', `go-plugin: plugin dispense error: ${name}: ${err.message}`));
            return id;
        }),
    });
    await server.serveConn(control, {registry: options.registry, logger: rpcLog});
}
