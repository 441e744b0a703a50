// make deploy against a local stand-in for Mattermost's plugin REST API: what it sends, and
// the errors it gives for missing settings and refused requests.
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import {AddressInfo} from 'net';

const {deploy, deployConfig, bundleFor} = require('../../scripts/packaging/deploy');

interface Seen {
    method: string;
    url: string;
    auth?: string;
    body: Buffer;
    contentType?: string;
}

type Responder = (req: Seen) => {status: number; body?: unknown; headers?: Record<string, string>};

async function withServer(respond: Responder, fn: (siteURL: string, seen: Seen[]) => Promise<void>): Promise<void> {
    const seen: Seen[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
            const s: Seen = {method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization,
                body: Buffer.concat(chunks), contentType: req.headers['content-type']};
            seen.push(s);
            const r = respond(s);
            res.writeHead(r.status, {'Content-Type': 'application/json', ...r.headers});
            res.end(r.body === undefined ? '' : JSON.stringify(r.body));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
        await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
    } finally {
        await new Promise((resolve) => server.close(resolve));
    }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-test-'));
const bundle = path.join(tmp, 'plugin.tar.gz');
const payload = Buffer.from(`bundle bytes ${Math.random()}`);
fs.writeFileSync(bundle, payload);
afterAll(() => fs.rmSync(tmp, {recursive: true, force: true}));

describe('deployConfig', () => {
    it('names what is missing', () => {
        expect(() => deployConfig({})).toThrow(/MM_SERVICESETTINGS_SITEURL is not set/);
        expect(() => deployConfig({MM_SERVICESETTINGS_SITEURL: 'not a url'})).toThrow(/not a URL/);
        expect(() => deployConfig({MM_SERVICESETTINGS_SITEURL: 'ftp://x'})).toThrow(/http or https/);
        expect(() => deployConfig({MM_SERVICESETTINGS_SITEURL: 'http://x'})).toThrow(/MM_ADMIN_TOKEN/);
        expect(() => deployConfig({MM_SERVICESETTINGS_SITEURL: 'http://x', MM_ADMIN_USERNAME: 'a'})).toThrow(/MM_ADMIN_PASSWORD/);
    });

    it('prefers the token and trims the site URL', () => {
        expect(deployConfig({MM_SERVICESETTINGS_SITEURL: 'https://chat.example.com/sub/', MM_ADMIN_TOKEN: 't',
            MM_ADMIN_USERNAME: 'a', MM_ADMIN_PASSWORD: 'b'})).toEqual({siteURL: 'https://chat.example.com/sub', token: 't'});
    });
});

describe('deploy', () => {
    it('uploads with force and enables, using the token', async () => {
        await withServer(() => ({status: 201, body: {}}), async (siteURL, seen) => {
            await deploy({config: {siteURL, token: 'tok123'}, bundle, pluginId: 'com.example.p'});
            expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /api/v4/plugins', 'POST /api/v4/plugins/com.example.p/enable']);
            expect(seen.every((s) => s.auth === 'Bearer tok123')).toBe(true);
            expect(seen[0].contentType).toMatch(/^multipart\/form-data; boundary=/);
            const form = seen[0].body.toString('latin1');
            expect(form).toMatch(/name="plugin"; filename="plugin.tar.gz"/);
            expect(form).toContain(payload.toString('latin1'));
            expect(form).toMatch(/name="force"\r\n\r\ntrue\r\n/);
        });
    });

    it('logs in with username and password and uses the session token', async () => {
        const respond: Responder = (s) => (s.url === '/api/v4/users/login' ?
            {status: 201, body: {id: 'u1'}, headers: {Token: 'session9'}} : {status: 200, body: {status: 'OK'}});
        await withServer(respond, async (siteURL, seen) => {
            await deploy({config: {siteURL, username: 'admin', password: 'pw'}, bundle, pluginId: 'p'});
            expect(JSON.parse(seen[0].body.toString())).toEqual({login_id: 'admin', password: 'pw'});
            expect(seen.slice(1).map((s) => s.auth)).toEqual(['Bearer session9', 'Bearer session9']);
        });
    });

    it('reports the server error message and stops', async () => {
        const respond: Responder = () => ({status: 501, body: {id: 'app.plugin.upload_disabled.app_error',
            message: 'Plugins and/or plugin uploads have been disabled.', status_code: 501}});
        await withServer(respond, async (siteURL, seen) => {
            await expect(deploy({config: {siteURL, token: 't'}, bundle, pluginId: 'p'}))
                .rejects.toThrow('upload failed: HTTP 501: Plugins and/or plugin uploads have been disabled. (app.plugin.upload_disabled.app_error)');
            expect(seen).toHaveLength(1);
        });
    });

    it('reports a failed login and a missing bundle', async () => {
        await withServer(() => ({status: 401, body: {message: 'Enter a valid email or username and/or password.'}}), async (siteURL) => {
            await expect(deploy({config: {siteURL, username: 'a', password: 'b'}, bundle, pluginId: 'p'}))
                .rejects.toThrow(/logging in as a failed: HTTP 401: Enter a valid/);
            await expect(deploy({config: {siteURL, token: 't'}, bundle: path.join(tmp, 'nope.tar.gz'), pluginId: 'p'}))
                .rejects.toThrow(/does not exist: run make dist first/);
        });
    });

    it('picks the bundle by platform', () => {
        const m = {id: 'com.x', version: '1.2.3'};
        expect(bundleFor(m, 'linux-arm64', 'd')).toBe(path.join('d', 'com.x-1.2.3-linux-arm64.tar.gz'));
        expect(bundleFor(m, 'all', 'd')).toBe(path.join('d', 'com.x-1.2.3.tar.gz'));
        expect(() => bundleFor(m, 'windows-amd64', 'd')).toThrow(/unknown platform/);
    });
});
