// After a 413 (a body over the cap, on the preview's own routes and on the plugin's), the
// client's next request on its keep-alive agent still works: the 413 arrives whole and the
// connection is not reset under the next request.
import {mkdtempSync, rmSync} from 'node:fs';
import {Agent, request} from 'node:http';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

import {startPreview, type RunningPreview} from './lib/preview';

jest.setTimeout(60_000);

const repoRoot = resolve(__dirname, '..', '..');
const PLUGIN = '/plugins/com.mattermost.release-checklist';
let dataDir: string;
let preview: RunningPreview;

beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rc-preview-413-'));
    preview = await startPreview({repoRoot, dataDir, port: 0, mode: 'in-process'});
});

afterAll(async () => {
    await preview?.stop();
    rmSync(dataDir, {recursive: true, force: true});
});

interface Answer {
    status: number;
    body: string;
}

function send(agent: Agent, cookie: string, method: string, path: string, body?: Buffer): Promise<Answer> {
    return new Promise((done, fail) => {
        const req = request(`${preview.url}${path}`, {
            method, agent,
            headers: {cookie, 'x-requested-with': 'XMLHttpRequest', 'content-type': 'application/json', ...(body ? {'content-length': body.length} : {})},
        }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => done({status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8')}));
            res.on('error', fail);
        });
        req.on('error', fail);
        req.end(body);
    });
}

async function login(user: string): Promise<string> {
    const res = await fetch(`${preview.url}/preview/login?user=${user}`, {redirect: 'manual'});
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

describe('a 413 on a keep-alive connection', () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 0x20);

    it.each([
        ['the preview\'s own route', '/api/v4/users/ids'],
        ['the plugin\'s route', `${PLUGIN}/api/v1/runs`],
    ])('leaves the next request working (%s)', async (_name, path) => {
        const cookie = await login('rita');
        const agent = new Agent({keepAlive: true, maxSockets: 1});
        try {
            const before = await send(agent, cookie, 'GET', '/api/v4/users/me');
            expect(before.status).toBe(200);
            const tooBig = await send(agent, cookie, 'POST', path, big);
            expect(tooBig.status).toBe(413);
            for (let i = 0; i < 3; i++) {
                const next = await send(agent, cookie, 'GET', '/api/v4/users/me');
                expect(next.status).toBe(200);
                expect(JSON.parse(next.body)).toMatchObject({username: 'rita'});
            }
        } finally {
            agent.destroy();
        }
    });
});
