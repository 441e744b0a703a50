// The plugin API the product calls, answered from the preview's local state: the people
// and channels of the seed, posts, direct channels, the bot, the plugin's settings and its
// KV store, persisted through the state file. It is the product's own MemoryPlatform
// (same semantics as in the product's tests) with persistence added, and posts and plugin
// events sent to the pages through the event hub, as Mattermost's websocket carries them.
import {randomUUID} from 'node:crypto';

import type {
    Logger, OpenDialogRequest, PlatformChannel, PlatformPost, WebSocketBroadcast,
} from '../../../server-bridge/src/product/platform';
import {MemoryPlatform, type MemoryKV} from '../../../server-bridge/src/product/testing';

import type {EventHub} from './event-hub';
import {openDialogJson, postedJson, postJson} from './mm-shapes';
import {PersistedKV} from './persisted-kv';
import {TEAM, previewSeed} from './seed';
import type {PreviewState, StoredPost} from './state-file';

/** Oldest posts are dropped beyond this, so the state file stays small. */
const MAX_POSTS = 5000;
/** Mattermost's OutgoingIntegrationRequestsTimeout (30 s): how long a trigger id opens a dialog. */
const TRIGGER_TTL_MS = 30_000;

export interface PreviewPlatformOptions {
    pluginId: string;
    siteURL: string;
    state: PreviewState;
    changed: () => void;
    hub: EventHub;
    log?: Logger;
}

export class PreviewPlatform extends MemoryPlatform {
    private readonly state: PreviewState;
    /** Trigger ids handed to commands: whose they are and until when they open a dialog. */
    private readonly triggers = new Map<string, {userId: string; until: number}>();

    constructor(private readonly opts: PreviewPlatformOptions) {
        super({...previewSeed(), teams: [{id: TEAM.id, name: TEAM.name, displayName: TEAM.displayName}]});
        this.state = opts.state;
        this.siteURL = opts.siteURL;
        // The base class's store and log are replaced: persisted KV, and logs to the terminal
        // instead of an ever-growing array.
        (this as {kv: MemoryKV}).kv = new PersistedKV(this.state.kv, opts.changed);
        (this as {log: Logger}).log = opts.log ?? consoleLogger();
        for (const c of this.state.channels) {
            if (!this.channels.has(c.id)) {
                this.addChannel(c, c.members);
            }
        }
        for (const p of this.state.posts) {
            this.addPost(p);
        }
        if (this.state.bot) {
            this.botUserId = this.state.bot.id;
            this.addUser({id: this.state.bot.id, username: this.state.bot.username, nickname: this.state.bot.displayName, isBot: true});
        }
    }

    async restore(): Promise<void> {
        await (this.kv as PersistedKV).restore();
    }

    isAdmin(userId: string): boolean {
        return this.permissions.get(userId)?.has('manage_system') ?? false;
    }

    isMember(channelId: string, userId: string): boolean {
        return this.members.get(channelId)?.has(userId) ?? false;
    }

    /** Settings saved from the System Console page. */
    setConfig(values: Record<string, unknown>): void {
        this.state.config = structuredClone(values);
        this.opts.changed();
    }

    /** A post a person wrote in the page. */
    userPost(post: PlatformPost): PlatformPost {
        const created = this.addPost({...post, id: undefined});
        this.stored(created);
        return created;
    }

    postsIn(channelId: string): PlatformPost[] {
        return [...this.posts.values()].filter((p) => p.channelId === channelId).sort((a, b) => (a.createAt ?? 0) - (b.createAt ?? 0));
    }

    override async loadPluginConfiguration(): Promise<Record<string, unknown>> {
        return structuredClone(this.state.config);
    }

    override async createPost(post: PlatformPost): Promise<PlatformPost> {
        const created = await super.createPost(post);
        this.stored(created);
        return created;
    }

    override async updatePost(post: PlatformPost): Promise<PlatformPost> {
        const updated = await super.updatePost(post);
        const i = this.state.posts.findIndex((p) => p.id === updated.id);
        if (i >= 0) {
            this.state.posts[i] = toStored(updated);
            this.opts.changed();
        }
        this.opts.hub.publish({event: 'post_edited', data: {post: JSON.stringify(postJson(updated))}, broadcast: {channel_id: updated.channelId}});
        return updated;
    }

    /** Pins or unpins a post, as a channel member does from its menu; clients hear post_edited. */
    setPinned(postId: string, pinned: boolean): void {
        const post = this.posts.get(postId);
        if (!post) {
            return;
        }
        post.isPinned = pinned;
        this.opts.hub.publish({event: 'post_edited', data: {post: JSON.stringify(postJson(post))}, broadcast: {channel_id: post.channelId}});
    }

    /** As the server's SendEphemeralPost: type system_ephemeral, to the user in the post's channel. */
    override async sendEphemeralPost(userId: string, post: PlatformPost): Promise<void> {
        const shown = {...post, id: post.id ?? `ephemeral${Date.now()}${Math.random().toString(36).slice(2, 8)}`, createAt: post.createAt ?? Date.now(), type: 'system_ephemeral'};
        this.opts.hub.publish({event: 'ephemeral_message', data: {post: JSON.stringify(postJson(shown))}, broadcast: {user_id: userId, channel_id: post.channelId}});
    }

    /** A trigger id for one command of one user, as Mattermost signs one per command. */
    issueTrigger(userId: string): string {
        const now = Date.now();
        for (const [id, t] of this.triggers) {
            if (t.until < now) {
                this.triggers.delete(id);
            }
        }
        const id = `preview-trigger-${randomUUID()}`;
        this.triggers.set(id, {userId, until: now + TRIGGER_TTL_MS});
        return id;
    }

    /** Recorded (tests read `dialogs`) and sent to the command's user as open_dialog, as Mattermost does. */
    override async openInteractiveDialog(request: OpenDialogRequest): Promise<void> {
        const trigger = this.triggers.get(request.triggerId);
        if (!trigger || trigger.until < Date.now()) {
            // Mattermost's words (model.OpenDialogRequest.DecodeAndVerifyTriggerId).
            throw new Error(trigger ? 'Trigger ID for interactive dialog is expired.' : 'Trigger ID for interactive dialog is invalid.');
        }
        await super.openInteractiveDialog(request);
        this.opts.hub.publish({event: 'open_dialog', data: {dialog: JSON.stringify(openDialogJson(request))}, broadcast: {user_id: trigger.userId}});
    }

    override async getDirectChannel(userId1: string, userId2: string): Promise<PlatformChannel> {
        const known = new Set(this.channels.keys());
        const channel = await super.getDirectChannel(userId1, userId2);
        if (!known.has(channel.id)) {
            this.state.channels.push({...channel, members: [userId1, userId2]});
            this.opts.changed();
        }
        return channel;
    }

    override async publishWebSocketEvent(event: string, payload: Record<string, unknown>, broadcast: WebSocketBroadcast): Promise<void> {
        this.opts.hub.publish({
            event: `custom_${this.opts.pluginId}_${event}`,
            data: structuredClone(payload),
            broadcast: {channel_id: broadcast.channelId, user_id: broadcast.userId},
        });
    }

    override async ensureBot(bot: {username: string; displayName: string; description: string}): Promise<string> {
        const id = await super.ensureBot(bot);
        if (this.state.bot?.id !== id) {
            this.state.bot = {id, username: bot.username, displayName: bot.displayName};
            this.opts.changed();
        }
        return id;
    }

    private stored(post: PlatformPost): void {
        this.state.posts.push(toStored(post));
        if (this.state.posts.length > MAX_POSTS) {
            const dropped = this.state.posts.splice(0, this.state.posts.length - MAX_POSTS);
            for (const p of dropped) {
                this.posts.delete(p.id);
            }
        }
        this.opts.changed();
        this.opts.hub.publish({event: 'posted', data: postedJson(post, this.channels.get(post.channelId), this.users.get(post.userId)), broadcast: {channel_id: post.channelId}});
    }
}

function toStored(p: PlatformPost): StoredPost {
    return {id: p.id as string, channelId: p.channelId, userId: p.userId, message: p.message, rootId: p.rootId, createAt: p.createAt ?? Date.now(), props: p.props};
}

/** Warnings and errors go to the terminal running the preview; debug and info are dropped. */
export function consoleLogger(): Logger {
    const line = (level: string, message: string, fields?: Record<string, unknown>) =>
        console.error(`[plugin ${level}] ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
    return {
        debug: () => undefined,
        info: () => undefined,
        warn: (m, f) => line('warn', m, f),
        error: (m, f) => line('error', m, f),
    };
}
