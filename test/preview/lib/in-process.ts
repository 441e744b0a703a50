// Runs the product inside the preview's own process on the preview's PlatformApi: no
// executable, no bridge. Kept for debugging the product and the page without the wire.
import {createProduct} from '../../../server-bridge/src/product';
import type {PlatformApi} from '../../../server-bridge/src/product/platform';

import type {PluginConnection} from './plugin-connection';

export async function startInProcess(api: PlatformApi, bundleRoot: string): Promise<PluginConnection> {
    const hooks = createProduct(api, {bundleRoot});
    await hooks.onActivate();
    return {
        serveHTTP: hooks.serveHTTP,
        executeCommand: (args) => hooks.executeCommand(args),
        onConfigurationChange: () => hooks.onConfigurationChange(),
        stop: () => hooks.onDeactivate(),
    };
}
