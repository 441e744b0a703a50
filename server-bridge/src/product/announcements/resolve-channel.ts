// Announcement targets are configured in the System Console as 'team-name/channel-name' or a
// channel id. Every way that can go wrong becomes a message a release manager can act on.
import type {PlatformApi, PlatformChannel} from '../platform';
import {readChannelRef} from '../settings/channel-ref';
import {settingLabel} from '../settings/labels';

export type ChannelResolveResult = {ok: true; channel: PlatformChannel} | {ok: false; error: string};

export async function resolveChannelSetting(
    api: Pick<PlatformApi, 'getChannel' | 'getChannelByNameForTeamName'>,
    settings: Record<string, unknown>,
    settingKey: string,
): Promise<ChannelResolveResult> {
    // The console's label, which is what the admin sees; the config key means nothing to them.
    const where = `the "${settingLabel(settingKey)}" plugin setting (System Console > Plugins > Release Checklist)`;
    const raw = settings[settingKey];
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') {
        return {ok: false, error: `No channel is configured: a system admin sets ${where} to team-name/channel-name.`};
    }
    const ref = readChannelRef(value);
    if (!ref) {
        return {ok: false, error: `"${value}" in ${where} is neither team-name/channel-name nor a channel id.`};
    }
    const channel = ref.kind === 'id' ? await api.getChannel(ref.id) : await api.getChannelByNameForTeamName(ref.team, ref.channel);
    if (!channel) {
        return {ok: false, error: `The channel "${value}" named in ${where} does not exist or the plugin cannot see it.`};
    }
    return {ok: true, channel};
}
