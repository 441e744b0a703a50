// Converts the platform's records to the JSON shapes Mattermost's REST API answers with
// (snake_case fields), so the page and the webapp's Client4 calls see what a server sends.
import type {OpenDialogRequest, PlatformChannel, PlatformPost, PlatformUser} from '../../../server-bridge/src/product/platform';

export function userJson(u: PlatformUser, isAdmin: boolean): Record<string, unknown> {
    return {
        id: u.id,
        username: u.username,
        first_name: u.firstName,
        last_name: u.lastName,
        nickname: u.nickname,
        email: u.email ?? '',
        // omitempty on the server: present only when true.
        ...(u.isBot ? {is_bot: true} : {}),
        delete_at: u.deleteAt,
        create_at: 0,
        update_at: 0,
        auth_service: '',
        position: '',
        roles: isAdmin ? 'system_user system_admin' : 'system_user',
        locale: 'en',
        timezone: {useAutomaticTimezone: 'false', manualTimezone: u.timeZone ?? '', automaticTimezone: ''},
    };
}

export function channelJson(c: PlatformChannel): Record<string, unknown> {
    return {id: c.id, team_id: c.teamId, name: c.name, display_name: c.displayName, type: c.type, delete_at: 0};
}

export function postJson(p: PlatformPost & {type?: string}): Record<string, unknown> {
    return {
        id: p.id,
        channel_id: p.channelId,
        user_id: p.userId,
        root_id: p.rootId ?? '',
        message: p.message,
        create_at: p.createAt ?? 0,
        update_at: p.createAt ?? 0,
        edit_at: 0,
        delete_at: 0,
        is_pinned: p.isPinned === true,
        type: p.type ?? '',
        props: p.props ?? {},
        hashtags: '',
        // No file_ids: 9.9 leaves it out when empty, 11.x sends [].
        pending_post_id: '',
        reply_count: 0,
        last_reply_at: 0,
        metadata: {},
    };
}

/** The posted event's data as the server sends it: the post and where it was posted. */
export function postedJson(p: PlatformPost, channel: PlatformChannel | undefined, sender: PlatformUser | undefined): Record<string, unknown> {
    return {
        channel_display_name: channel?.displayName ?? '',
        channel_name: channel?.name ?? '',
        channel_type: channel?.type ?? '',
        sender_name: sender ? `@${sender.username}` : '',
        set_online: true,
        team_id: channel?.teamId ?? '',
        post: JSON.stringify(postJson(p)),
    };
}

export function teamJson(t: {id: string; name: string; displayName: string}): Record<string, unknown> {
    return {id: t.id, name: t.name, display_name: t.displayName, type: 'I', delete_at: 0};
}

/** model.OpenDialogRequest as Mattermost marshals it into the open_dialog event. */
export function openDialogJson(request: OpenDialogRequest): Record<string, unknown> {
    const d = request.dialog;
    return {
        trigger_id: request.triggerId,
        url: request.url,
        dialog: {
            callback_id: d.callbackId,
            title: d.title,
            introduction_text: d.introductionText,
            icon_url: '',
            elements: d.elements.map((e) => ({
                display_name: e.displayName,
                name: e.name,
                type: e.type,
                subtype: e.subType ?? '',
                default: e.default ?? '',
                placeholder: e.placeholder ?? '',
                help_text: e.helpText ?? '',
                optional: e.optional ?? false,
                min_length: e.minLength ?? 0,
                max_length: e.maxLength ?? 0,
                data_source: e.dataSource ?? '',
                options: e.options ?? null,
            })),
            submit_label: d.submitLabel,
            notify_on_cancel: d.notifyOnCancel,
            state: d.state,
        },
    };
}
