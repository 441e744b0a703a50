// The host's connection, once the handshake line is out: a yamux server on it, the control,
// stdout and stderr streams, the broker, Control (Ping, Quit) and Dispenser (Dispense). A
// module of its own so that serve.ts loads it (and the wire code) only after the line.
import type {Duplex} from 'stream';
import type net from 'net';
import {EmptyBody, RpcServer, rpcMethod, type RpcLogger} from '../wire/netrpc';
import {g, type GobRegistry} from '../wire/gob';
import {YamuxSession} from '../wire/yamux';
import {MuxBroker} from './broker';
import {pluginSessionConfig} from './session-config';
import type {PluginFactory, ServeOptions} from './serve';

type Log = NonNullable<ServeOptions['log']>;

export interface Served {
    plugins: Record<string, PluginFactory>;
    registry?: GobRegistry;
}

/** Runs yamux on conn and serves it; returns the session (its `closed` says when it ended). */
export function serveConnection(conn: net.Socket, served: Served, log: Log, quit: () => void): YamuxSession {
    const session = new YamuxSession(conn, 'server', pluginSessionConfig((level, message) => log(level, `yamux: ${message}`)));
    serveSession(session, served, log, quit).catch((err: Error) => {
        log('error', `plugin connection failed: ${err.message}`);
        void session.close();
    });
    return session;
}

async function serveSession(session: YamuxSession, options: Served, log: Log, quit: () => void): Promise<void> {
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
