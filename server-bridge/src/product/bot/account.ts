// The plugin's bot account. Mattermost keeps it across restarts: ensureBot creates it on the
// first activation and returns the same user id after.
import type {PlatformApi} from '../platform';
import {BOT_ICON_PNG_BASE64} from './icon-png';

export const BOT_ACCOUNT = {
    username: 'release-checklist',
    displayName: 'Release Checklist',
    description: 'Posts release run summaries, reminders, daily digests and announcements for the Release Checklist plugin.',
} as const;

export function botIconPng(): Uint8Array {
    return new Uint8Array(Buffer.from(BOT_ICON_PNG_BASE64, 'base64'));
}

export async function ensureReleaseBot(api: Pick<PlatformApi, 'ensureBot'>): Promise<string> {
    const id = await api.ensureBot({...BOT_ACCOUNT, iconPng: botIconPng()});
    if (typeof id !== 'string' || id === '') {
        throw new Error('ensuring the Release Checklist bot returned no user id');
    }
    return id;
}
