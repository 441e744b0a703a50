// POST /settings/check (admins): the problems the server would find in a set of plugin
// settings, by the same parser it uses on its own configuration, plus whether each
// configured announcement channel exists. The System Console asks it for the values on
// its page, so a problem shows under its field as soon as the values change or are saved,
// not only once the server has reloaded its configuration.
import {resolveChannelSetting} from '../announcements/resolve-channel';
import {parseSettings, type SettingProblem} from '../runs/settings';
import {channelRefProblem} from '../settings/channel-ref';
import {settingLabel} from '../settings/labels';
import {readJson} from './body';
import type {RouteContext} from './context';
import {HttpError, sendJson} from './respond';
import type {Router} from './router';

const CHANNEL_KEYS = ['AnnouncementChannel', 'ReleaseDiscussionChannel', 'InstallersChannel'] as const;
const MAX_KEYS = 100;

/** The settings object of the body, own keys only (never Object.prototype's). */
function settingsOf(body: unknown): Record<string, unknown> {
    const raw = (body as {settings?: unknown} | null)?.settings;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new HttpError(400, 'settings: expected an object of setting key to value', 'settings');
    }
    const keys = Object.keys(raw);
    if (keys.length > MAX_KEYS) {
        throw new HttpError(400, `settings: at most ${MAX_KEYS} keys`, 'settings');
    }
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of keys) {
        out[key] = (raw as Record<string, unknown>)[key];
    }
    return out;
}

export async function checkSettings(c: RouteContext, settings: Record<string, unknown>): Promise<SettingProblem[]> {
    const {problems} = parseSettings(settings);
    for (const key of CHANNEL_KEYS) {
        const value = settings[key] ?? settings[key.toLowerCase()];
        if (typeof value !== 'string' || value.trim() === '' || channelRefProblem(value)) {
            continue;
        }
        const found = await resolveChannelSetting(c.deps.api, {[key]: value}, key);
        if (!found.ok) {
            problems.push({key, message: `${settingLabel(key)}: there is no channel "${value.trim().slice(0, 60)}" (or the plugin cannot see it); its announcements cannot be posted until it is fixed`});
        }
    }
    return problems;
}

export function addSettingsRoutes(router: Router<RouteContext>): void {
    router.add('POST', 'settings/check', async (c) => {
        if (!(await c.deps.api.hasPermission(c.userId, 'manage_system'))) {
            throw new HttpError(403, 'only system admins may check the plugin settings');
        }
        const settings = settingsOf(await readJson(c.req));
        await sendJson(c.res, 200, {problems: await checkSettings(c, settings)});
    });
}
