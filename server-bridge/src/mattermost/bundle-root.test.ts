import path from 'path';
import {bundleRootFromExecutable, resolveBundleRoot} from './bundle-root';

const exe = path.join(path.sep, 'opt', 'mattermost', 'plugins', 'rc', 'server', 'dist', 'plugin-linux-amd64');

test('the server\'s bundle path wins', async () => {
    expect(await resolveBundleRoot({getBundlePath: async () => '/srv/plugins/rc', executablePath: exe})).toBe('/srv/plugins/rc');
});

test('without it, the bundle is two folders above the executable, and the reason is reported', async () => {
    const warnings: string[] = [];
    const root = await resolveBundleRoot({getBundlePath: async () => {
        throw new Error('API GetBundlePath called but not implemented.');
    }, executablePath: exe, warn: (m) => warnings.push(m)});
    expect(root).toBe(path.join(path.sep, 'opt', 'mattermost', 'plugins', 'rc'));
    expect(warnings).toEqual([expect.stringContaining('not implemented')]);
    expect(await resolveBundleRoot({getBundlePath: async () => 'relative/path', executablePath: exe})).toBe(bundleRootFromExecutable(exe));
});
