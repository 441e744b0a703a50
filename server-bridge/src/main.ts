// The plugin's server executable: go-plugin's Serve with Mattermost's "hooks" plugin, whose
// hooks drive the product. The product (and its libraries) is loaded only on OnActivate, so
// the handshake line goes out as early as possible (Mattermost allows 3 s).
import {servePlugin} from './goplugin/serve';
import {hostStdio} from './goplugin/host-stdio';
import type {LogFn} from './mattermost/hooks-dispatch';
import {resolveBundleRoot} from './mattermost/bundle-root';
import {executablePath} from './mattermost/executable-path';
import {startPauseStats} from './goplugin/pause-stats';
import {loadProductModule} from './product-module';

// go-plugin's host reads stderr lines and takes the level from the [LEVEL] prefix. Once a
// write there failed the host is gone: lines are dropped (never a log of the failure) and
// servePlugin ends the process.
const stdio = hostStdio();
const log: LogFn = (level, message) => {
    stdio.writeStderr(`[${level.toUpperCase()}] ${message.replace(/\n/g, ' ')}\n`);
};

// Nothing from outside may end the process: a stray failure is logged and serving goes on.
process.on('unhandledRejection', (reason) => log('error', `unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`));
process.on('uncaughtException', (err) => log('error', `uncaught exception: ${err.stack ?? err.message}`));

// Only when the benchmark asks for it (RELEASE_CHECKLIST_PAUSE_STATS): summarised on OnDeactivate.
const pauses = startPauseStats();

// The Mattermost layer (its gob types, the hooks) is loaded once the handshake line is out.
async function setup() {
    const [{createHooksPlugin}, {mattermostRegistry}] = await Promise.all([import('./mattermost/hooks-dispatch'), import('./mattermost/model-schemas')]);
    const registry = mattermostRegistry();
    const hooks = createHooksPlugin({
        registry,
        log,
        createProduct: async (api) => {
            // Loading the product's code overlaps the server's answer about the bundle path.
            const [bundleRoot, {createProduct}] = await Promise.all([
                resolveBundleRoot({
                    getBundlePath: () => api.getBundlePath(),
                    executablePath: executablePath(),
                    warn: (m) => log('warn', m),
                }),
                loadProductModule(),
            ]);
            const product = createProduct(api, {bundleRoot});
            if (!pauses) {
                return product;
            }
            return {
                ...product,
                onActivate: async () => {
                    await product.onActivate();
                    pauses.markActivated();
                },
                onDeactivate: async () => {
                    log('info', pauses.summary());
                    await product.onDeactivate();
                },
            };
        },
    });
    return {plugins: {hooks}, registry};
}

servePlugin({setup, log, stdio}).then(
    (result) => process.exit(result.exitCode),
    (err: Error) => {
        log('error', `plugin failed: ${err.message}`);
        process.exit(1);
    },
);
