// Bundle entry: hands the plugin to the host. The id must match plugin.json.
import {PLUGIN_ID} from './manifest';
import {Plugin} from './plugin';

if (typeof window.registerPlugin === 'function') {
    window.registerPlugin(PLUGIN_ID, new Plugin());
} else {
    // Loaded outside Mattermost (or before the host is ready): say so rather than fail silently.
    console.error(`${PLUGIN_ID}: window.registerPlugin is missing; is this page the Mattermost web app?`);
}
