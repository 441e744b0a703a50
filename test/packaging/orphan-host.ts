// A stand-in for the Mattermost server as the plugin's parent process, for orphan.test.ts:
// starts the plugin executable through the bridge's host side, activates it and prints
// "ready <plugin pid>". With "burst" it keeps 16 ServeHTTP requests in flight without pause
// and says ready once 50 were answered. The test then SIGKILLs this process.
//
// usage: node orphan-host.cjs <executable> <bundle dir> idle|burst
import {PluginHost} from '../../server-bridge/src/host';
import type {HttpRequest, HttpResponse} from '../../server-bridge/src/product/http-types';
import {MemoryPlatform} from '../../server-bridge/src/product/testing/memory-platform';

const [executable, bundlePath, mode] = process.argv.slice(2);

function request(): HttpRequest {
    return {
        method: 'GET',
        url: '/api/v1/templates/security-release',
        headers: {'mattermost-user-id': ['u1']},
        body: (async function* () { /* no body */ })(),
    };
}

const discard: HttpResponse = {setHeader: () => undefined, writeHead: () => undefined, write: async () => undefined};

async function main(): Promise<void> {
    const api = new MemoryPlatform({users: [{id: 'u1', username: 'rita'}], channels: [{id: 'c1', members: ['u1']}]});
    const host = new PluginHost({executable, bundlePath, api, log: () => undefined});
    await host.start();
    await host.activate();
    if (mode !== 'burst') {
        process.stdout.write(`ready ${host.pid}\n`);
        return;
    }
    let answered = 0;
    const loop = async (): Promise<void> => {
        for (;;) {
            await host.serveHTTP(request(), discard).catch(() => undefined);
            if (++answered === 50) {
                process.stdout.write(`ready ${host.pid}\n`);
            }
        }
    };
    for (let i = 0; i < 16; i++) {
        void loop();
    }
}

main().catch((err: Error) => {
    process.stderr.write(`orphan-host: ${err.message}\n`);
    process.exit(1);
});
