// net/rpc empty-call round trip (one stream over yamux over a unix socket), Go against the
// TypeScript bridge in the same run. Run through scripts/bench-yamux.js.
//   Go -> Go: the reference (a Go plugin answering Mattermost).
//   Go -> TS: Go's client calling the TypeScript server (Mattermost calling a hook).
//   TS -> Go: the TypeScript client calling Go (the plugin calling the API).
//   TS -> TS: both ends in this process.

import {spawn} from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import {RpcClient, RpcServer, rpcMethod} from '../../../server-bridge/src/wire/netrpc';
import {YamuxSession} from '../../../server-bridge/src/wire/yamux';
import {buildGo} from '../yamux/go-peer';
import {Empty} from './schemas';

function pluginServer(): RpcServer {
    const server = new RpcServer();
    server.register('Plugin', {Nothing: rpcMethod(Empty, Empty, () => ({}))});
    return server;
}

function runToEnd(bin: string, args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn(bin, args, {stdio: ['ignore', 'pipe', 'inherit']});
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
            out += c.toString();
        });
        child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(bin)} exited ${code}`))));
    });
}

async function waitForSocket(p: string): Promise<void> {
    for (let i = 0; i < 500 && !fs.existsSync(p); i++) {
        await new Promise((r) => setTimeout(r, 10));
    }
}

async function tsClientMicros(socketPath: string, calls: number): Promise<number> {
    const socket = net.connect(socketPath);
    await new Promise((r) => socket.once('connect', r));
    const session = YamuxSession.client(socket);
    const client = new RpcClient(await session.open());
    for (let i = 0; i < calls / 10; i++) {
        await client.call('Plugin.Nothing', Empty, {}, Empty);
    }
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) {
        await client.call('Plugin.Nothing', Empty, {}, Empty);
    }
    const micros = Number(process.hrtime.bigint() - start) / 1000 / calls;
    client.close();
    await session.close();
    return micros;
}

function tsServe(socketPath: string): net.Server {
    const server = pluginServer();
    return net.createServer((socket) => {
        const session = YamuxSession.server(socket);
        void (async () => {
            for (;;) {
                const s = await session.accept();
                void server.serveConn(s);
            }
        })().catch(() => undefined);
    }).listen(socketPath);
}

export async function runRpcBench(goDir: string, calls: number, rounds: number): Promise<void> {
    const bin = buildGo(path.join(goDir, 'rpcbench.go'), 'rpcbench');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpcbench-'));
    const goSock = path.join(dir, 'go.sock');
    const tsSock = path.join(dir, 'ts.sock');
    const goServer = spawn(bin, ['-serve', goSock], {stdio: 'inherit'});
    const tsServer = tsServe(tsSock);
    await waitForSocket(goSock);
    const results: Record<string, number[]> = {goGo: [], goTs: [], tsGo: [], tsTs: []};
    const goMicros = async (sock: string) => (JSON.parse(await runToEnd(bin, ['-dial', sock, '-calls', String(calls)])) as {microsPerCall: number}).microsPerCall;
    try {
        for (let r = 0; r < rounds; r++) {
            results.goGo.push(await goMicros(goSock));
            results.goTs.push(await goMicros(tsSock));
            results.tsGo.push(await tsClientMicros(goSock, calls));
            results.tsTs.push(await tsClientMicros(tsSock, calls));
        }
    } finally {
        goServer.kill();
        tsServer.close();
        fs.rmSync(dir, {recursive: true, force: true});
    }
    const best = (k: string) => Math.min(...results[k]);
    console.log(`net/rpc empty call round trip over yamux over a unix socket, ${calls} sequential calls, best of ${rounds}:`);
    console.log(`  Go -> Go ${best('goGo').toFixed(1)} us   Go -> TS ${best('goTs').toFixed(1)} us   TS -> Go ${best('tsGo').toFixed(1)} us   TS -> TS ${best('tsTs').toFixed(1)} us`);
    console.log(`  ratios to Go -> Go: Go -> TS ${(best('goTs') / best('goGo')).toFixed(2)}   TS -> Go ${(best('tsGo') / best('goGo')).toFixed(2)}   TS -> TS ${(best('tsTs') / best('goGo')).toFixed(2)}`);
}
