// An in-memory PlatformApi: users, channels, members, permissions, posts, ephemeral posts,
// direct channels, the bot, websocket events and logs are kept in plain maps and arrays so
// tests (and the preview host) can seed them and look at what the product did.
import type {
    Logger, OpenDialogRequest, PlatformApi, PlatformChannel, PlatformPost, PlatformTeam, PlatformUser, SlashCommandSpec, WebSocketBroadcast,
} from '../platform';
import type {AutocompleteData} from '../commands/autocomplete';
import {MemoryKV} from '../store/memory-kv';
import {autocompleteProblem} from './autocomplete-rules';
import {newId} from '../store/ids';

export interface LogEntry {
    level: 'debug' | 'info' | 'warn' | 'error';
    message: string;
    fields?: Record<string, unknown>;
}

export interface PublishedEvent {
    event: string;
    payload: Record<string, unknown>;
    broadcast: WebSocketBroadcast;
}

export interface Seed {
    users?: Array<Partial<PlatformUser> & {id: string; username: string}>;
    channels?: Array<Partial<PlatformChannel> & {id: string; members?: string[]}>;
    /** Channels default to team 'team1', which exists unless the seed names teams. */
    teams?: PlatformTeam[];
    admins?: string[];
    config?: Record<string, unknown>;
}

export class MemoryPlatform implements PlatformApi {
    readonly kv: MemoryKV;
    readonly users = new Map<string, PlatformUser>();
    readonly channels = new Map<string, PlatformChannel>();
    readonly teams = new Map<string, PlatformTeam>();
    readonly members = new Map<string, Set<string>>();
    /** user id -> permissions granted. */
    readonly permissions = new Map<string, Set<string>>();
    readonly posts = new Map<string, PlatformPost>();
    readonly ephemeral: Array<{userId: string; post: PlatformPost}> = [];
    /** Every updatePost, in order. */
    readonly edits: Array<{postId: string; message: string}> = [];
    readonly published: PublishedEvent[] = [];
    readonly logs: LogEntry[] = [];
    readonly commands: SlashCommandSpec[] = [];
    /** Dialogs the product opened, in order. */
    readonly dialogs: OpenDialogRequest[] = [];
    /** When set, openInteractiveDialog fails with it (an expired trigger id, say). */
    dialogFailure: Error | null = null;
    config: Record<string, unknown> = {};
    siteURL = 'http://localhost:8065';
    serverVersion = '10.5.0';
    botUserId: string | null = null;

    readonly log: Logger = {
        debug: (message, fields) => this.logs.push({level: 'debug', message, fields}),
        info: (message, fields) => this.logs.push({level: 'info', message, fields}),
        warn: (message, fields) => this.logs.push({level: 'warn', message, fields}),
        error: (message, fields) => this.logs.push({level: 'error', message, fields}),
    };

    constructor(seed: Seed = {}, private readonly now: () => number = Date.now) {
        this.kv = new MemoryKV(now);
        for (const t of seed.teams ?? [{id: 'team1', name: 'team-one', displayName: 'Team One'}]) {
            this.teams.set(t.id, {...t});
        }
        for (const u of seed.users ?? []) {
            this.addUser(u);
        }
        for (const c of seed.channels ?? []) {
            this.addChannel(c, c.members ?? []);
        }
        for (const a of seed.admins ?? []) {
            this.grant(a, 'manage_system');
        }
        this.config = {...(seed.config ?? {})};
    }

    addUser(u: Partial<PlatformUser> & {id: string; username: string}): PlatformUser {
        const user: PlatformUser = {firstName: '', lastName: '', nickname: '', isBot: false, deleteAt: 0, ...u};
        this.users.set(user.id, user);
        return user;
    }

    addChannel(c: Partial<PlatformChannel> & {id: string}, members: string[] = []): PlatformChannel {
        const channel: PlatformChannel = {teamId: 'team1', name: c.id, displayName: c.id, type: 'O', ...c};
        delete (channel as {members?: unknown}).members;
        this.channels.set(channel.id, channel);
        this.members.set(channel.id, new Set(members));
        return channel;
    }

    join(channelId: string, userId: string): void {
        const set = this.members.get(channelId) ?? new Set<string>();
        set.add(userId);
        this.members.set(channelId, set);
    }

    leave(channelId: string, userId: string): void {
        this.members.get(channelId)?.delete(userId);
    }

    grant(userId: string, permission: string): void {
        const set = this.permissions.get(userId) ?? new Set<string>();
        set.add(permission);
        this.permissions.set(userId, set);
    }

    /** Adds a post as if a user had written it; returns it with its id. */
    addPost(post: Omit<PlatformPost, 'id'> & {id?: string}): PlatformPost {
        const stored: PlatformPost = {...post, id: post.id ?? newId(), createAt: post.createAt ?? this.now()};
        this.posts.set(stored.id as string, stored);
        return {...stored};
    }

    /** Pins a post as a channel member does from its menu. */
    pin(postId: string): void {
        const post = this.posts.get(postId);
        if (!post) {
            throw new Error(`post ${postId} not found`);
        }
        post.isPinned = true;
    }

    async loadPluginConfiguration(): Promise<Record<string, unknown>> {
        return structuredClone(this.config);
    }

    async getSiteURL(): Promise<string> {
        return this.siteURL;
    }

    async getServerVersion(): Promise<string> {
        return this.serverVersion;
    }

    async getUser(userId: string): Promise<PlatformUser | null> {
        const u = this.users.get(userId);
        return u ? {...u} : null;
    }

    async getUserByUsername(username: string): Promise<PlatformUser | null> {
        const u = [...this.users.values()].find((x) => x.username === username.replace(/^@/, '').toLowerCase());
        return u ? {...u} : null;
    }

    async getChannel(channelId: string): Promise<PlatformChannel | null> {
        const c = this.channels.get(channelId);
        return c ? {...c} : null;
    }

    async getChannelByNameForTeamName(teamName: string, channelName: string): Promise<PlatformChannel | null> {
        const team = [...this.teams.values()].find((t) => t.name === teamName);
        const c = team && [...this.channels.values()].find((ch) => ch.teamId === team.id && ch.name === channelName);
        return c ? {...c} : null;
    }

    async getTeam(teamId: string): Promise<PlatformTeam | null> {
        const t = this.teams.get(teamId);
        return t ? {...t} : null;
    }

    async isChannelMember(channelId: string, userId: string): Promise<boolean> {
        return this.members.get(channelId)?.has(userId) ?? false;
    }

    async hasPermission(userId: string, permission: string): Promise<boolean> {
        return this.permissions.get(userId)?.has(permission) ?? false;
    }

    async createPost(post: PlatformPost): Promise<PlatformPost> {
        if (!this.channels.has(post.channelId)) {
            throw new Error(`channel ${post.channelId} not found`);
        }
        return this.addPost({...post, id: undefined});
    }

    async updatePost(post: PlatformPost): Promise<PlatformPost> {
        if (!post.id || !this.posts.has(post.id)) {
            throw new Error(`post ${String(post.id)} not found`);
        }
        // Message and props only, as the bridge's updatePost: pinned state and the rest stay.
        const current = this.posts.get(post.id) as PlatformPost;
        const updated: PlatformPost = {...current, message: post.message, props: post.props ? structuredClone(post.props) : undefined};
        if (updated.props === undefined) {
            delete updated.props;
        }
        this.posts.set(post.id, updated);
        this.edits.push({postId: post.id, message: post.message});
        return {...updated};
    }

    async getPost(postId: string): Promise<PlatformPost | null> {
        const p = this.posts.get(postId);
        return p ? {...p} : null;
    }

    async sendEphemeralPost(userId: string, post: PlatformPost): Promise<void> {
        this.ephemeral.push({userId, post: {...post}});
    }

    async getDirectChannel(userId1: string, userId2: string): Promise<PlatformChannel> {
        const id = [userId1, userId2].sort().join('__');
        return this.channels.get(id) ?? this.addChannel({id, type: 'D', name: id, displayName: ''}, [userId1, userId2]);
    }

    async publishWebSocketEvent(event: string, payload: Record<string, unknown>, broadcast: WebSocketBroadcast): Promise<void> {
        this.published.push({event, payload: structuredClone(payload), broadcast: {...broadcast}});
    }

    async ensureBot(bot: {username: string; displayName: string; description: string}): Promise<string> {
        if (!this.botUserId) {
            this.botUserId = newId();
            this.addUser({id: this.botUserId, username: bot.username, nickname: bot.displayName, isBot: true});
        }
        return this.botUserId;
    }

    async registerCommand(command: SlashCommandSpec): Promise<void> {
        const problem = command.autocompleteData ? autocompleteProblem(command.autocompleteData as AutocompleteData) : null;
        if (problem) {
            // Mattermost's words (app.RegisterPluginCommand).
            throw new Error(`invalid autocomplete data in command: ${problem}`);
        }
        const i = this.commands.findIndex((c) => c.trigger === command.trigger);
        if (i >= 0) {
            this.commands[i] = command;
        } else {
            this.commands.push(command);
        }
    }

    async openInteractiveDialog(request: OpenDialogRequest): Promise<void> {
        if (this.dialogFailure) {
            throw this.dialogFailure;
        }
        if (!request.triggerId) {
            throw new Error('OpenInteractiveDialog: empty trigger id');
        }
        this.dialogs.push(structuredClone(request));
    }
}
