// Starts the plugin's real server executable from the built bundle through the bridge's
// host side, as Mattermost would: the executable named in plugin.json for this platform,
// the repository as the unpacked bundle (plugin.json, assets/, webapp/dist/). A missing or
// stale executable is built first with the project's build script.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, normalize} from 'node:path';

import {PluginHost} from '../../../server-bridge/src/host';

import type {PluginConnection} from './plugin-connection';
import type {PreviewPlatform} from './preview-platform';

function newestSource(dir: string): number {
    let newest = 0;
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
            newest = Math.max(newest, newestSource(path));
        } else if (!entry.name.endsWith('.test.ts')) {
            newest = Math.max(newest, statSync(path).mtimeMs);
        }
    }
    return newest;
}

/** The executable for this machine from the manifest, as the server picks it. */
export function executableFor(repoRoot: string): string {
    const override = process.env.PREVIEW_PLUGIN_EXECUTABLE;
    if (override) {
        return override;
    }
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'plugin.json'), 'utf8')) as {server?: {executables?: Record<string, string>; executable?: string}};
    const platform = `${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
    const relative = manifest.server?.executables?.[platform] ?? manifest.server?.executable;
    if (!relative || normalize(relative).startsWith('..')) {
        throw new Error(`plugin.json names no server executable for ${platform}`);
    }
    return join(repoRoot, relative);
}

export async function startExecutablePlugin(platform: PreviewPlatform, opts: {repoRoot: string}): Promise<PluginConnection> {
    const executable = executableFor(opts.repoRoot);
    const sources = join(opts.repoRoot, 'server-bridge', 'src');
    if (!process.env.PREVIEW_PLUGIN_EXECUTABLE && (!existsSync(executable) || newestSource(sources) > statSync(executable).mtimeMs)) {
        console.error(`[preview] ${executable} is missing or older than server-bridge/src; building it (npm run build:server)`);
        // Several previews (parallel test files) may find it stale at once: one builds at a
        // time, and the build script reuses what another just built.
        const lock = join(opts.repoRoot, 'test', 'out', 'build-server.lock');
        mkdirSync(dirname(lock), {recursive: true});
        execFileSync('flock', [lock, 'npm', 'run', '--silent', 'build:server', '--', '--platform', `linux-${process.arch === 'x64' ? 'amd64' : process.arch}`],
            {cwd: opts.repoRoot, stdio: 'inherit', timeout: 300_000});
    }
    const host = new PluginHost({
        executable,
        bundlePath: opts.repoRoot,
        api: platform,
        log: (level, message) => {
            if (level === 'warn' || level === 'error') {
                console.error(`[plugin ${level}] ${message}`);
            }
        },
        startTimeoutMs: Number(process.env.PREVIEW_START_TIMEOUT_MS ?? 3000),
    });
    await host.start();
    try {
        await host.activate();
    } catch (err) {
        await host.stop();
        throw err;
    }
    return {
        serveHTTP: (req, res) => host.serveHTTP(req, res),
        executeCommand: async (args) => host.executeCommand(args, await platform.getSiteURL()),
        onConfigurationChange: () => host.onConfigurationChange(),
        stop: () => host.stop(),
        ping: () => host.ping(),
        exited: () => host.exited,
        pid: () => host.pid,
    };
}
