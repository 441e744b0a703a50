// How a channel is named in the plugin settings: 'team-name/channel-name' (a leading '~' on
// either part is tolerated) or a 26-character channel id. One rule for the console field,
// the settings parser and announcement posting. Dependency-free: the webapp imports it too.

const CHANNEL_ID = /^[a-z0-9]{26}$/;
const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export type ChannelRef = {kind: 'id'; id: string} | {kind: 'name'; team: string; channel: string};

/** The reference a non-empty setting value names, or null when it is neither form. */
export function readChannelRef(value: string): ChannelRef | null {
    const text = value.trim();
    if (CHANNEL_ID.test(text)) {
        return {kind: 'id', id: text};
    }
    const parts = text.toLowerCase().replace(/^~/, '').split('/');
    if (parts.length !== 2) {
        return null;
    }
    const [team, channel] = [parts[0], parts[1].replace(/^~/, '')];
    return NAME.test(team) && NAME.test(channel) ? {kind: 'name', team, channel} : null;
}

/** Why a setting value cannot name a channel, or null when it can (or is empty: no channel set). */
export function channelRefProblem(value: string): string | null {
    if (value.trim() === '' || readChannelRef(value)) {
        return null;
    }
    return 'is neither team-name/channel-name nor a channel id';
}
