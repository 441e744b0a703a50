// yamux throughput, TypeScript against Go in the same run: each side sends the same number
// of MiB through one stream between two of its own sessions over a unix socket. Run through
// scripts/bench-yamux.js; prints MiB/s for both and the ratio (TypeScript / Go).

import {execFileSync} from 'child_process';
import path from 'path';
import {YamuxSession} from '../../../server-bridge/src/wire/yamux';
import {socketPair} from '../../../server-bridge/src/wire/yamux/test-socket-pair';
import {buildGo} from './go-peer';

export async function tsThroughputSeconds(mib: number): Promise<number> {
    const [a, b, cleanup] = await socketPair();
    const client = YamuxSession.client(a, {enableKeepAlive: false});
    const server = YamuxSession.server(b, {enableKeepAlive: false});
    const total = mib * 1024 * 1024;
    // Read as the bridge reads its streams (netrpc: 'data' events), not with an async
    // iterator, whose read() concatenates the buffered chunks into a new Buffer each time.
    const received = (async () => {
        const s = await server.accept();
        return new Promise<number>((resolve, reject) => {
            let n = 0;
            s.on('data', (chunk: Buffer) => {
                n += chunk.length;
            });
            s.once('end', () => resolve(n));
            s.once('error', reject);
        });
    })();
    const s = await client.open();
    const buf = Buffer.alloc(64 * 1024);
    const start = process.hrtime.bigint();
    for (let sent = 0; sent < total; sent += buf.length) {
        if (!s.write(buf)) {
            await new Promise((r) => s.once('drain', r));
        }
    }
    s.end();
    const n = await received;
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    if (n !== total) {
        throw new Error(`received ${n} of ${total} bytes`);
    }
    await client.close();
    await server.close();
    cleanup();
    return secs;
}

export function goThroughputSeconds(goDir: string, mib: number): number {
    const bin = buildGo(path.join(goDir, 'yamuxbench.go'), 'yamuxbench');
    const out = execFileSync(bin, ['-mb', String(mib)], {encoding: 'utf8'});
    return (JSON.parse(out) as {seconds: number}).seconds;
}

/** goDir: where yamuxbench.go is (the bundle that runs this is elsewhere). */
export async function runYamuxBench(goDir: string, mib: number, rounds: number): Promise<void> {
    const ts: number[] = [];
    const go: number[] = [];
    await tsThroughputSeconds(Math.min(mib, 16)); // warm up the JIT
    for (let r = 0; r < rounds; r++) {
        go.push(goThroughputSeconds(goDir, mib));
        ts.push(await tsThroughputSeconds(mib));
    }
    const best = (xs: number[]) => Math.min(...xs);
    const tsRate = mib / best(ts);
    const goRate = mib / best(go);
    console.log(`yamux stream throughput, ${mib} MiB over a unix socket, best of ${rounds}:`);
    console.log(`  TypeScript ${tsRate.toFixed(0)} MiB/s   Go ${goRate.toFixed(0)} MiB/s   ratio TS/Go ${(tsRate / goRate).toFixed(2)}`);
}
