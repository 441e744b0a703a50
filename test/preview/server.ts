// `npm run preview` / `make preview`: the local stand-in for the Mattermost server, with the
// plugin running behind it. Settings come from the environment:
//   PREVIEW_PORT      port to listen on (default 8065)
//   PREVIEW_HOST      address to listen on (default 127.0.0.1)
//   PREVIEW_DATA_DIR  where the state file lives (default .preview-data/)
//   PREVIEW_PLUGIN    executable | in-process | auto (default auto: the plugin's real
//                     executable through the bridge's host side when it can be started,
//                     else the product in-process, saying why)
import {resolve} from 'node:path';

import {startExecutablePlugin} from './lib/executable';
import {startPreview, type PluginMode, type RunningPreview} from './lib/preview';

const REPO_ROOT = process.env.PREVIEW_REPO_ROOT ?? resolve(__dirname, '..', '..');

function portFrom(env: string | undefined): number {
    const port = Number(env ?? '8065');
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`PREVIEW_PORT must be a port number, not "${env}"`);
    }
    return port;
}

async function start(): Promise<RunningPreview> {
    const wanted = process.env.PREVIEW_PLUGIN ?? 'auto';
    if (!['auto', 'executable', 'in-process'].includes(wanted)) {
        throw new Error(`PREVIEW_PLUGIN must be auto, executable or in-process, not "${wanted}"`);
    }
    const base = {
        repoRoot: REPO_ROOT,
        dataDir: resolve(process.env.PREVIEW_DATA_DIR ?? resolve(REPO_ROOT, '.preview-data')),
        port: portFrom(process.env.PREVIEW_PORT),
        host: process.env.PREVIEW_HOST ?? '127.0.0.1',
        startExecutable: (platform: Parameters<typeof startExecutablePlugin>[0]) => startExecutablePlugin(platform, {repoRoot: REPO_ROOT}),
    };
    if (wanted !== 'auto') {
        return startPreview({...base, mode: wanted as PluginMode});
    }
    try {
        return await startPreview({...base, mode: 'executable'});
    } catch (err) {
        console.error(`[preview] the plugin executable could not be started: ${err instanceof Error ? err.message : String(err)}`);
        console.error('[preview] running the product in-process instead (set PREVIEW_PLUGIN=executable to insist)');
        return startPreview({...base, mode: 'in-process'});
    }
}

async function main(): Promise<void> {
    const preview = await start();
    console.log(`Release Checklist preview: ${preview.url}/`);
    console.log(`State: ${preview.stateFile.path}`);
    console.log(`Plugin: ${preview.mode === 'executable' ? 'the real server executable, through the bridge host side' : 'the product in-process (no bridge)'}`);
    let stopping = false;
    const stop = () => {
        if (stopping) {
            return;
        }
        stopping = true;
        preview.stop().then(() => process.exit(0), (err) => {
            console.error(`[preview] stop failed: ${String(err)}`);
            process.exit(1);
        });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
}

main().catch((err) => {
    console.error(`[preview] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
});
