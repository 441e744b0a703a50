import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import {listenUnix, resolveGroupId} from './listener';

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-listen-'));
});
afterEach(() => {
    fs.rmSync(dir, {recursive: true, force: true});
});

test('listens on a unix socket named plugin<digits> in PLUGIN_UNIX_SOCKET_DIR and removes it on close', async () => {
    const l = await listenUnix({PLUGIN_UNIX_SOCKET_DIR: dir});
    expect(l.network).toBe('unix');
    expect(path.dirname(l.address)).toBe(dir);
    expect(path.basename(l.address)).toMatch(/^plugin\d+$/);
    expect(fs.statSync(l.address).isSocket()).toBe(true);
    const connected = new Promise<void>((resolve) => l.server.once('connection', (s: net.Socket) => {
        s.destroy();
        resolve();
    }));
    const client = net.connect(l.address);
    await connected;
    client.destroy();
    await l.close();
    await l.close();
    expect(fs.existsSync(l.address)).toBe(false);
});

test('two listeners get different paths', async () => {
    const a = await listenUnix({PLUGIN_UNIX_SOCKET_DIR: dir});
    const b = await listenUnix({PLUGIN_UNIX_SOCKET_DIR: dir});
    expect(a.address).not.toBe(b.address);
    await Promise.all([a.close(), b.close()]);
});

test('a missing socket directory is a clear error', async () => {
    await expect(listenUnix({PLUGIN_UNIX_SOCKET_DIR: path.join(dir, 'missing')})).rejects.toThrow(/cannot listen on a unix socket in .*missing/);
});

test('socket group: numeric ids as given, names from the group file, unknown names refused', () => {
    const groupFile = path.join(dir, 'group');
    fs.writeFileSync(groupFile, 'root:x:0:\nmattermost:x:1234:alice\n');
    expect(resolveGroupId('42', groupFile)).toBe(42);
    expect(resolveGroupId('mattermost', groupFile)).toBe(1234);
    expect(() => resolveGroupId('nobody-here', groupFile)).toThrow(/not a known group/);
});
