// Converts the platform's records to the JSON shapes Mattermost's REST API answers with
// (snake_case fields), so the page and the webapp's Client4 calls see what a server sends.
import type {PlatformChannel, PlatformPost, PlatformUser} from '../../../server-bridge/src/product/platform';

export function userJson(u: PlatformUser, isAdmin: boolean): Record<string, unknown> {
    return {
        id: u.id,
        username: u.username,
        first_name: u.firstName,
        last_name: u.lastName,
        nickname: u.nickname,
        email: u.email ?? '',
        is_bot: u.isBot,
        delete_at: u.deleteAt,
        roles: isAdmin ? 'system_user system_admin' : 'system_user',
        locale: 'en',
        last_picture_update: 0,
        timezone: {useAutomaticTimezone: 'false', manualTimezone: u.timeZone ?? '', automaticTimezone: ''},
    };
}

export function channelJson(c: PlatformChannel): Record<string, unknown> {
    return {id: c.id, team_id: c.teamId, name: c.name, display_name: c.displayName, type: c.type, delete_at: 0};
}

export function postJson(p: PlatformPost): Record<string, unknown> {
    return {
        id: p.id,
        channel_id: p.channelId,
        user_id: p.userId,
        root_id: p.rootId ?? '',
        message: p.message,
        create_at: p.createAt ?? 0,
        update_at: p.createAt ?? 0,
        delete_at: 0,
        type: '',
        props: p.props ?? {},
    };
}
