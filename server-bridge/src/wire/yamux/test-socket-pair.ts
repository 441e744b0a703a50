// Test helper: two connected sockets over a unix socket in a fresh temp directory.

import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';

export async function socketPair(): Promise<[net.Socket, net.Socket, () => void]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yamux-'));
    const sockPath = path.join(dir, 's');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(sockPath, resolve));
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const client = net.connect(sockPath);
    await new Promise<void>((resolve) => client.once('connect', resolve));
    const serverSide = await accepted;
    const cleanup = () => {
        client.destroy();
        serverSide.destroy();
        server.close();
        fs.rmSync(dir, {recursive: true, force: true});
    };
    return [client, serverSide, cleanup];
}

/** Reads a stream to its end. */
export function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', reject);
    });
}
