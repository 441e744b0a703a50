// LoadPluginConfiguration answers the saved settings as JSON bytes. Mattermost stores plugin
// setting keys lower-cased (a Go plugin's json.Unmarshal matches them case-insensitively), so
// keys are mapped back to the spelling of plugin.json's settings_schema here.
import manifest from '../../../plugin.json';

/** Keys of plugin.json's settings_schema, as written there. */
export const SETTING_KEYS: readonly string[] = manifest.settings_schema.settings.map((x: {key: string}) => x.key);

export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

/** Parses the configuration bytes; throws a clear error for anything but a JSON object. */
export function parsePluginConfiguration(bytes: Uint8Array, keys: readonly string[] = SETTING_KEYS): Record<string, unknown> {
    if (bytes.length === 0) {
        return {};
    }
    if (bytes.length > MAX_CONFIG_BYTES) {
        throw new Error(`plugin configuration is ${bytes.length} bytes, more than ${MAX_CONFIG_BYTES}`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch (err) {
        throw new Error(`plugin configuration is not valid JSON: ${(err as Error).message}`);
    }
    if (parsed === null) {
        return {};
    }
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Error('plugin configuration is not a JSON object');
    }
    const byLower = new Map(keys.map((k) => [k.toLowerCase(), k]));
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
        const name = byLower.get(key.toLowerCase()) ?? key;
        // An exact spelling wins over a case variant of the same key.
        if (!(name in out) || key === name) {
            Object.defineProperty(out, name, {value, enumerable: true, writable: true, configurable: true});
        }
    }
    return out;
}
