// The product's PlatformApi over Mattermost's plugin API: a net/rpc client on the API broker
// stream, one Plugin.<Name> call per operation with the contract's Z_ structs. AppErrors
// become thrown MattermostApiErrors carrying the server's text; where PlatformApi promises
// null for something missing, a 404 AppError (or an empty reply) answers null instead.
import {g, goInterfaceToJSON} from '../wire/gob';
import type {RpcClient} from '../wire/netrpc';
import type {
    KVSetOptions, KVStore, Logger, OpenDialogRequest, PlatformApi, PlatformChannel, PlatformPost, PlatformTeam, PlatformUser,
    SlashCommandSpec, WebSocketBroadcast,
} from '../product/platform';
import {channelFromModel, commandToModel, postFromModel, postToModel, teamFromModel, toGoMap, userFromModel} from './convert';
import {openDialogToModel} from './dialog-convert';
import {fromAppError, fromErrorInterface, MattermostApiError, type AppErrorValue} from './errors';
import {fitLogMessage} from './host-log';
import {parsePluginConfiguration} from './settings';
import {apiZ} from './z-schemas';

type Struct = Record<string, unknown>;

/** What the client needs of a net/rpc connection (RpcClient satisfies it). */
export type RpcCaller = Pick<RpcClient, 'call'>;

export interface ApiClientOptions {
    /** Where a log line goes when the server cannot take it (default: process stderr). */
    fallbackLog?: (line: string) => void;
}

/**
 * GetConfig's reply decoded as the server sent it: the complete model.Config of whatever
 * version, every section and field with the wire's own types, so no field a server adds or
 * retypes can fail the call. (The contract's typed schema stays for encoding.)
 */
const GetConfigReply = g.struct('Z_GetConfigReturns', {A: g.any()});

function bytesOrNull(v: unknown): Uint8Array | null {
    // gob never sends an empty []byte, so nil and empty both arrive empty: Go's plugin sees nil.
    return v instanceof Uint8Array && v.length > 0 ? v : null;
}

function logValue(v: unknown): string {
    if (typeof v === 'string') {
        return v;
    }
    if (v instanceof Error) {
        return v.message;
    }
    try {
        return JSON.stringify(v) ?? String(v);
    } catch {
        return String(v);
    }
}

export class MattermostApiClient implements PlatformApi {
    readonly kv: KVStore;
    readonly log: Logger;
    private readonly fallbackLog: (line: string) => void;

    constructor(private readonly rpc: RpcCaller, options: ApiClientOptions = {}) {
        this.fallbackLog = options.fallbackLog ?? ((line) => process.stderr.write(`${line}\n`));
        this.kv = {
            get: (key) => this.kvGet(key),
            set: (key, value) => this.kvSet(key, value),
            setWithOptions: (key, value, options) => this.kvSetWithOptions(key, value, options),
            delete: (key) => this.kvDelete(key),
            listKeys: (page, perPage) => this.kvList(page, perPage),
        };
        const level = (name: 'Debug' | 'Info' | 'Warn' | 'Error') => (message: string, fields?: Record<string, unknown>) =>
            this.sendLog(name, message, fields);
        this.log = {debug: level('Debug'), info: level('Info'), warn: level('Warn'), error: level('Error')};
    }

    /** One API call: the reply struct, or a thrown error naming the method. */
    async call(name: string, args: Struct): Promise<Struct> {
        const z = apiZ(name);
        try {
            return await this.rpc.call(z.method, z.args, args, z.returns) as Struct;
        } catch (err) {
            throw new Error(`${name}: ${(err as Error).message}`);
        }
    }

    /** Calls a method whose reply is {A value, B *model.AppError}; throws the AppError. */
    private async valueOrThrow(name: string, args: Struct): Promise<unknown> {
        const r = await this.call(name, args);
        if (r.B) {
            throw fromAppError(r.B as AppErrorValue, name);
        }
        return r.A;
    }

    /** Like valueOrThrow, but a 404 AppError or a nil value answers null. */
    private async valueOrNull(name: string, args: Struct): Promise<Struct | null> {
        try {
            const v = await this.valueOrThrow(name, args);
            return v && typeof v === 'object' ? v as Struct : null;
        } catch (err) {
            if (err instanceof MattermostApiError && err.notFound) {
                return null;
            }
            throw err;
        }
    }

    private async appErrorOnly(name: string, args: Struct): Promise<void> {
        const r = await this.call(name, args);
        if (r.A) {
            throw fromAppError(r.A as AppErrorValue, name);
        }
    }

    private async kvGet(key: string): Promise<Uint8Array | null> {
        return bytesOrNull(await this.valueOrThrow('KVGet', {A: key}));
    }

    private async kvSet(key: string, value: Uint8Array | null): Promise<void> {
        await this.appErrorOnly('KVSet', {A: key, B: value});
    }

    private async kvSetWithOptions(key: string, value: Uint8Array | null, options: KVSetOptions): Promise<boolean> {
        const expire = options.expireInSeconds ?? 0;
        if (!Number.isSafeInteger(expire) || expire < 0) {
            throw new Error(`KVSetWithOptions: expireInSeconds must be a whole number of seconds, got ${expire}`);
        }
        const C = {Atomic: options.atomic === true, OldValue: options.oldValue ?? null, ExpireInSeconds: expire};
        return (await this.valueOrThrow('KVSetWithOptions', {A: key, B: value, C})) === true;
    }

    private async kvDelete(key: string): Promise<void> {
        await this.appErrorOnly('KVDelete', {A: key});
    }

    private async kvList(page: number, perPage: number): Promise<string[]> {
        const keys = await this.valueOrThrow('KVList', {A: page, B: perPage});
        return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
    }

    private sendLog(level: 'Debug' | 'Info' | 'Warn' | 'Error', message: string, fields?: Record<string, unknown>): void {
        // The Go client sends key/value pairs already formatted as strings.
        const B = Object.entries(fields ?? {}).flatMap(([k, v]) => [{type: 'string', value: k}, {type: 'string', value: logValue(v)}]);
        this.call(`Log${level}`, {A: message, B}).catch((err: Error) => {
            this.fallbackLog(`[${level.toUpperCase()}] ${fitLogMessage(`${message} ${B.map((x) => x.value).join(' ')} (not logged through the server: ${err.message})`)}`);
        });
    }

    async loadPluginConfiguration(): Promise<Record<string, unknown>> {
        const r = await this.call('LoadPluginConfiguration', {});
        return parsePluginConfiguration(r.A instanceof Uint8Array ? r.A : new Uint8Array());
    }

    /**
     * The server's configuration (sanitized, as GetConfig answers it) as plain JSON-like data:
     * Go field names, maps as objects, pointers as their values, nil and omitted zero values
     * absent or null.
     */
    async getConfig(): Promise<Record<string, unknown>> {
        const z = apiZ('GetConfig');
        let r: Struct;
        try {
            r = await this.rpc.call(z.method, z.args, {}, GetConfigReply) as Struct;
        } catch (err) {
            throw new Error(`GetConfig: ${(err as Error).message}`);
        }
        const config = goInterfaceToJSON(r.A);
        return config && typeof config === 'object' && !Array.isArray(config) && !(config instanceof Map) ? config as Record<string, unknown> : {};
    }

    async getSiteURL(): Promise<string> {
        const services = (await this.getConfig()).ServiceSettings as {SiteURL?: unknown} | null | undefined;
        const url = services?.SiteURL;
        return typeof url === 'string' ? url : '';
    }

    async getServerVersion(): Promise<string> {
        const r = await this.call('GetServerVersion', {});
        return typeof r.A === 'string' ? r.A : '';
    }

    /** The bundle directory the server unpacked the plugin in (GetBundlePath, server 5.10+). */
    async getBundlePath(): Promise<string> {
        const r = await this.call('GetBundlePath', {});
        const err = fromErrorInterface(r.B, 'GetBundlePath');
        if (err) {
            throw err;
        }
        return typeof r.A === 'string' ? r.A : '';
    }

    async getUser(userId: string): Promise<PlatformUser | null> {
        const u = await this.valueOrNull('GetUser', {A: userId});
        return u ? userFromModel(u) : null;
    }

    async getUserByUsername(username: string): Promise<PlatformUser | null> {
        const u = await this.valueOrNull('GetUserByUsername', {A: username.replace(/^@/, '').toLowerCase()});
        return u ? userFromModel(u) : null;
    }

    async getChannel(channelId: string): Promise<PlatformChannel | null> {
        const c = await this.valueOrNull('GetChannel', {A: channelId});
        return c ? channelFromModel(c) : null;
    }

    async getChannelByNameForTeamName(teamName: string, channelName: string): Promise<PlatformChannel | null> {
        const c = await this.valueOrNull('GetChannelByNameForTeamName', {A: teamName, B: channelName, C: false});
        return c ? channelFromModel(c) : null;
    }

    async getTeam(teamId: string): Promise<PlatformTeam | null> {
        const t = await this.valueOrNull('GetTeam', {A: teamId});
        return t ? teamFromModel(t) : null;
    }

    async isChannelMember(channelId: string, userId: string): Promise<boolean> {
        return (await this.valueOrNull('GetChannelMember', {A: channelId, B: userId})) !== null;
    }

    async hasPermission(userId: string, permission: string): Promise<boolean> {
        const r = await this.call('HasPermissionTo', {A: userId, B: {Id: permission}});
        return r.A === true;
    }

    async createPost(post: PlatformPost): Promise<PlatformPost> {
        const p = await this.valueOrThrow('CreatePost', {A: postToModel(post)});
        if (!p || typeof p !== 'object') {
            throw new Error('CreatePost: the server answered no post');
        }
        return postFromModel(p as Struct);
    }

    async updatePost(post: PlatformPost): Promise<PlatformPost> {
        // The plugin API's UpdatePost takes pinned, reactions and files from the post it is
        // given (an unsafe update): a post with only a few fields would lose its pin. So the
        // server's own copy is read and sent back whole with the new message and props.
        const current = post.id ? await this.valueOrNull('GetPost', {A: post.id}) : null;
        if (!current) {
            throw new Error(`UpdatePost: post ${String(post.id)} not found`);
        }
        const next = postToModel(post);
        const p = await this.valueOrThrow('UpdatePost', {A: {...current, Message: next.Message, Props: next.Props}});
        if (!p || typeof p !== 'object') {
            throw new Error('UpdatePost: the server answered no post');
        }
        return postFromModel(p as Struct);
    }

    async getPost(postId: string): Promise<PlatformPost | null> {
        const p = await this.valueOrNull('GetPost', {A: postId});
        return p ? postFromModel(p) : null;
    }

    async sendEphemeralPost(userId: string, post: PlatformPost): Promise<void> {
        await this.call('SendEphemeralPost', {A: userId, B: postToModel(post)});
    }

    async getDirectChannel(userId1: string, userId2: string): Promise<PlatformChannel> {
        const c = await this.valueOrThrow('GetDirectChannel', {A: userId1, B: userId2});
        if (!c || typeof c !== 'object') {
            throw new Error('GetDirectChannel: the server answered no channel');
        }
        return channelFromModel(c as Struct);
    }

    async publishWebSocketEvent(event: string, payload: Record<string, unknown>, broadcast: WebSocketBroadcast): Promise<void> {
        await this.call('PublishWebSocketEvent', {
            A: event, B: toGoMap(payload), C: {ChannelId: broadcast.channelId ?? '', UserId: broadcast.userId ?? ''},
        });
    }

    async ensureBot(bot: {username: string; displayName: string; description: string; iconPng?: Uint8Array}): Promise<string> {
        const r = await this.call('EnsureBotUser', {A: {Username: bot.username, DisplayName: bot.displayName, Description: bot.description}});
        const err = fromErrorInterface(r.B, 'EnsureBotUser');
        if (err) {
            throw err;
        }
        const id = typeof r.A === 'string' ? r.A : '';
        if (id && bot.iconPng && bot.iconPng.length > 0) {
            // A missing icon is cosmetic: the bot still works, so this only logs.
            try {
                await this.appErrorOnly('SetProfileImage', {A: id, B: bot.iconPng});
            } catch (e) {
                this.log.warn('could not set the bot profile image', {error: (e as Error).message});
            }
        }
        return id;
    }

    async registerCommand(command: SlashCommandSpec): Promise<void> {
        const r = await this.call('RegisterCommand', {A: commandToModel(command)});
        const err = fromErrorInterface(r.A, 'RegisterCommand');
        if (err) {
            throw err;
        }
    }

    async openInteractiveDialog(request: OpenDialogRequest): Promise<void> {
        await this.appErrorOnly('OpenInteractiveDialog', {A: openDialogToModel(request)});
    }
}
