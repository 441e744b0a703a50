// The plugin id, kept here rather than imported from plugin.json so the bundle does not
// carry the whole settings schema; a test checks the two agree.
export const PLUGIN_ID = 'com.mattermost.release-checklist';

/** Where the host mounts the reducer passed to registerReducer. */
export const PLUGIN_STATE_KEY = `plugins-${PLUGIN_ID}`;

/** Websocket event names as the host delivers them: custom_<plugin id>_<event>. */
export const WS_RUN_UPDATED = `custom_${PLUGIN_ID}_run_updated`;
export const WS_RUN_CREATED = `custom_${PLUGIN_ID}_run_created`;
export const WS_CURRENT_RUN_CHANGED = `custom_${PLUGIN_ID}_current_run_changed`;
