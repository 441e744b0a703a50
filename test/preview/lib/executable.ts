// Starts the plugin's real server executable through the bridge's host side.
import type {PluginConnection} from './plugin-connection';
import type {PreviewPlatform} from './preview-platform';

export async function startExecutablePlugin(_platform: PreviewPlatform, _opts: {repoRoot: string}): Promise<PluginConnection> {
    throw new Error('the bridge host side is not written yet');
}
