// The problems the server finds in the plugin settings shown on the console page (POST
// /settings/check), asked for the values in the host's `config` prop. Every custom setting
// on the page shares one answer per set of values, so a page of fields costs one request.
import {useEffect, useState} from 'react';

import type {ApiClient} from '../../api/client';
import type {SettingProblem} from '../../api/types';
import {PLUGIN_ID} from '../../manifest';
import {useServices} from '../context';

/** Waits for typing to pause before asking (the preview host's config follows every keystroke). */
const CHECK_DELAY_MS = 250;
const MAX_CACHED = 20;

const answers = new WeakMap<ApiClient, Map<string, Promise<SettingProblem[]>>>();

/** This plugin's values in a Mattermost config object, or null when the host passed none. */
export function pluginValues(config: unknown): Record<string, unknown> | null {
    const plugins = (config as {PluginSettings?: {Plugins?: Record<string, unknown>}} | null | undefined)?.PluginSettings?.Plugins;
    const values = plugins && Object.prototype.hasOwnProperty.call(plugins, PLUGIN_ID) ? plugins[PLUGIN_ID] : null;
    return values && typeof values === 'object' && !Array.isArray(values) ? values as Record<string, unknown> : null;
}

/** A value of this plugin's settings by its schema key (the stored config lower-cases keys). */
export function pluginValue(config: unknown, key: string): unknown {
    const values = pluginValues(config);
    if (!values) {
        return undefined;
    }
    const found = Object.keys(values).find((k) => k.toLowerCase() === key.toLowerCase());
    return found === undefined ? undefined : values[found];
}

function checkOnce(api: ApiClient, key: string): Promise<SettingProblem[]> {
    let cache = answers.get(api);
    if (!cache) {
        cache = new Map();
        answers.set(api, cache);
    }
    let answer = cache.get(key);
    if (!answer) {
        if (cache.size >= MAX_CACHED) {
            cache.clear();
        }
        answer = api.checkSettings(JSON.parse(key) as Record<string, unknown>).then((r) => (Array.isArray(r?.problems) ? r.problems : []));
        const stored = answer;
        cache.set(key, stored);
        // A failed check is asked again next time rather than remembered.
        stored.catch(() => cache!.get(key) === stored && cache!.delete(key));
    }
    return answer;
}

/** The server's problems for the settings in `config`; null until known (or when the host passes no config). */
export function useSettingsCheck(config: unknown): SettingProblem[] | null {
    const {ops} = useServices();
    const values = pluginValues(config);
    const key = values ? JSON.stringify(values) : '';
    const [answer, setAnswer] = useState<{key: string; problems: SettingProblem[]} | null>(null);
    useEffect(() => {
        if (!key) {
            return undefined;
        }
        let live = true;
        const timer = setTimeout(() => {
            checkOnce(ops.api, key).then((problems) => {
                if (live) {
                    setAnswer({key, problems});
                }
            }, () => {
                // A hint on top of a page that works without it: a failed check shows nothing new.
            });
        }, CHECK_DELAY_MS);
        return () => {
            live = false;
            clearTimeout(timer);
        };
    }, [ops, key]);
    return answer ? answer.problems : null;
}

/** Settings that show the server's problems under their own field; the page's box lists the others. */
export const OWN_FIELD_KEYS = [
    'DefaultTimeZone', 'WorkingDays', 'Holidays', 'AnnouncementChannel', 'ReleaseDiscussionChannel', 'InstallersChannel', 'DefaultRoleAssignments',
];

export function problemsOf(problems: readonly SettingProblem[] | null, key: string): string[] {
    return (problems ?? []).filter((p) => p.key.toLowerCase() === key.toLowerCase()).map((p) => p.message);
}
