// Announcement targets are configured in the System Console as 'team-name/channel-name' or a
// channel id. Every way that can go wrong becomes a message a release manager can act on.
import type {PlatformApi, PlatformChannel} from '../platform';

export type ChannelResolveResult = {ok: true; channel: PlatformChannel} | {ok: false; error: string};

const CHANNEL_ID = /^[a-z0-9]{26}$/;
const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export async function resolveChannelSetting(
    api: Pick<PlatformApi, 'getChannel' | 'getChannelByNameForTeamName'>,
    settings: Record<string, unknown>,
    settingKey: string,
): Promise<ChannelResolveResult> {
    const where = `the ${settingKey} plugin setting (System Console > Plugins > Release Checklist)`;
    const raw = settings[settingKey];
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') {
        return {ok: false, error: `No channel is configured: a system admin sets ${where} to team-name/channel-name.`};
    }
    let channel: PlatformChannel | null = null;
    if (CHANNEL_ID.test(value)) {
        channel = await api.getChannel(value);
    } else {
        const parts = value.toLowerCase().replace(/^~/, '').split('/');
        if (parts.length !== 2 || !NAME.test(parts[0]) || !NAME.test(parts[1].replace(/^~/, ''))) {
            return {ok: false, error: `"${value}" in ${where} is neither team-name/channel-name nor a channel id.`};
        }
        channel = await api.getChannelByNameForTeamName(parts[0], parts[1].replace(/^~/, ''));
    }
    if (!channel) {
        return {ok: false, error: `The channel "${value}" named in ${where} does not exist or the plugin cannot see it.`};
    }
    return {ok: true, channel};
}
