// go-plugin's Serve for a net/rpc plugin, in TypeScript: check the cookie, listen, print
// the handshake line, then for the host's connection run a yamux server, take the control,
// stdout and stderr streams, start the broker and answer Control (Ping, Quit) and
// Dispenser (Dispense). A dispensed plugin is served as "Plugin" on a broker stream.
// Resolves when the host quits, closes the connection, or a signal ends the process, and
// whenever the host is gone by any sign (a failed write to stdout or stderr, a new parent
// process): a plugin must never outlive its host. What runs after the line (session.ts, the
// wire code, the plugins themselves) is loaded after it.
import type net from 'net';
import type {RpcMethod} from '../wire/netrpc';
import type {GobRegistry} from '../wire/gob';
import type {YamuxSession} from '../wire/yamux';
import type {MuxBroker} from './broker';
import {checkCookie, handshakeLine, MATTERMOST_HANDSHAKE, negotiateVersion, type Env, type HandshakeConfig} from './handshake';
import {listenUnix} from './listener';
import {hostStdio, type HostStdio} from './host-stdio';
import {watchParent} from './parent-watch';
import type {Served} from './session';

/** Builds the methods served as "Plugin" for one dispense of a plugin name. */
export type PluginFactory = (broker: MuxBroker) => Record<string, RpcMethod>;

export interface ServeOptions {
    /** The plugins to dispense, by name (or from `setup`). */
    plugins?: Record<string, PluginFactory>;
    /**
     * Makes the plugins (and their registry) once the handshake line is out, while the host
     * connects: their code need not run before the line. Used instead of plugins/registry.
     */
    setup?: () => Promise<Served>;
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

    (options.writeStdout ?? ((t) => stdio.writeStdout(t)))(handshakeLine(version, listener.network, listener.address));
    // Everything past the line is loaded after it, while the host connects: the wire code and
    // the plugins. A failure there ends serving (the host sees the process exit).
    const setup = options.setup ?? (() => Promise.resolve({plugins: options.plugins ?? {}, registry: options.registry}));
    const serving = Promise.all([import('./session'), setup()]);
    serving.catch((err: Error) => {
        log('error', `plugin failed to start: ${err.message}`);
        finish({exitCode: 1, reason: 'plugin setup failed'});
    });
    // Registered in the same tick as the line is written: no connection can come before.
    listener.server.on('connection', (conn: net.Socket) => {
        void serving.then(([{serveConnection}, served]) => {
            const session = serveConnection(conn, served, log, () => finish({exitCode: 0, reason: 'Control.Quit'}));
            sessions.add(session);
            void session.closed.then(() => {
                sessions.delete(session);
                finish({exitCode: 0, reason: 'host closed the connection'});
            });
        }, () => conn.destroy());
    });

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

