// The plugin's listening socket: on Linux and macOS a unix socket named "plugin<digits>"
// in PLUGIN_UNIX_SOCKET_DIR (or the temp dir), as go-plugin creates it, removed again on close.
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import type {Env} from './handshake';

export interface PluginListener {
    server: net.Server;
    network: 'unix';
    address: string;
    /** Stops listening and removes the socket file; safe to call twice. */
    close(): Promise<void>;
}

/** Group id for PLUGIN_UNIX_SOCKET_GROUP: a number, or a name looked up in /etc/group. */
export function resolveGroupId(group: string, groupFile = '/etc/group'): number {
    if (/^\d+$/.test(group)) {
        return Number(group);
    }
    let text = '';
    try {
        text = fs.readFileSync(groupFile, 'utf8');
    } catch {
        throw new Error(`PLUGIN_UNIX_SOCKET_GROUP ${JSON.stringify(group)}: cannot read ${groupFile}`);
    }
    for (const line of text.split('\n')) {
        const [name, , gid] = line.split(':');
        if (name === group && gid !== undefined && /^\d+$/.test(gid)) {
            return Number(gid);
        }
    }
    throw new Error(`PLUGIN_UNIX_SOCKET_GROUP ${JSON.stringify(group)} is not a known group`);
}

function listenOn(server: net.Server, socketPath: string): Promise<void> {
    return new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        server.once('error', onError);
        server.listen(socketPath, () => {
            server.off('error', onError);
            resolve();
        });
    });
}

export async function listenUnix(env: Env): Promise<PluginListener> {
    const dir = env.PLUGIN_UNIX_SOCKET_DIR || os.tmpdir();
    const server = net.createServer({pauseOnConnect: false});
    let socketPath = '';
    for (let attempt = 0; ; attempt++) {
        // Only needs to be unlikely to collide (collisions are retried), not unpredictable:
        // Math.random spares loading crypto before the handshake.
        socketPath = path.join(dir, `plugin${1_000_000_000 + Math.floor(Math.random() * (2 ** 47 - 1_000_000_000))}`);
        try {
            await listenOn(server, socketPath);
            break;
        } catch (err) {
            // A name collision is retried; anything else (missing dir, no permission) is fatal.
            if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 10) {
                throw new Error(`cannot listen on a unix socket in ${dir}: ${(err as Error).message}`);
            }
        }
    }
    if (env.PLUGIN_UNIX_SOCKET_GROUP) {
        fs.chownSync(socketPath, -1, resolveGroupId(env.PLUGIN_UNIX_SOCKET_GROUP));
        fs.chmodSync(socketPath, 0o660);
    }
    let closing: Promise<void> | null = null;
    return {
        server,
        network: 'unix',
        address: socketPath,
        close() {
            // Not waiting for open connections: the caller ends the session itself.
            closing ??= new Promise<void>((resolve) => {
                server.close();
                fs.rm(socketPath, {force: true}, () => resolve());
            });
            return closing;
        },
    };
}
