// The plugin API as Mattermost serves it to a plugin (apiRPCServer, registered as "Plugin"
// on the broker stream given in OnActivate), answered by a PlatformApi. Method names and
// Z_ structs come from the bridge's contract, so both ends share one source of facts.
// Anything the platform throws becomes the AppError a server would send; nothing the plugin
// sends can crash the host.
import {newAppError, type AppErrorValue} from '../mattermost/errors';
import {postFromModel, postToModel} from '../mattermost/convert';
import {openDialogFromModel} from '../mattermost/dialog-convert';
import {API} from '../mattermost/rpc-contract';
import {apiZ} from '../mattermost/z-schemas';
import type {PlatformApi} from '../product/platform';
import {goInterface, goInterfaceToJSON, isGoInterface} from '../wire/gob';
import {rpcMethod, type RpcMethod} from '../wire/netrpc';

import {channelToModel, commandFromModel, teamToModel, userToModel} from './model-out';

type Struct = Record<string, unknown>;
type Handler = (args: Struct) => Promise<Struct>;

export interface ApiServerOptions {
    bundlePath: string;
    serverVersion?: string;
    /** Mattermost's sanitized config carries the site URL. */
    siteURL: () => Promise<string>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** nil and empty []byte are the same on the wire; both mean "no value". */
const bytesOrNull = (v: unknown): Uint8Array | null => (v instanceof Uint8Array && v.length > 0 ? v : null);

function appError(where: string, message: string, status: number): AppErrorValue {
    return newAppError(where, `app.plugin.${where}.app_error`, message, status);
}

function failure(where: string, err: unknown): AppErrorValue {
    return appError(where, err instanceof Error ? err.message : String(err), 500);
}

function logLine(args: Struct): string {
    const parts = Array.isArray(args.B) ? args.B.map((v) => String(isGoInterface(v) ? goInterfaceToJSON(v) : v)) : [];
    const pairs: string[] = [];
    for (let i = 0; i < parts.length; i += 2) {
        pairs.push(`${parts[i]}=${parts[i + 1] ?? ''}`);
    }
    return `${str(args.A)}${pairs.length ? ` ${pairs.join(' ')}` : ''}`;
}

export function apiMethods(api: PlatformApi, opts: ApiServerOptions): Record<string, RpcMethod> {
    /** A reply whose B is an AppError: a failure of the platform becomes a 500 AppError. */
    const withAppError = (where: string, fn: (a: Struct) => Promise<Struct>): Handler => async (a) => {
        try {
            return await fn(a);
        } catch (err) {
            return {B: failure(where, err)};
        }
    };
    const handlers: Record<string, Handler> = {
        LoadPluginConfiguration: async () => ({A: Buffer.from(JSON.stringify(await api.loadPluginConfiguration()), 'utf8')}),
        GetConfig: async () => ({A: {ServiceSettings: {SiteURL: await opts.siteURL()}}}),
        GetServerVersion: async () => ({A: opts.serverVersion ?? await api.getServerVersion()}),
        GetBundlePath: async () => ({A: opts.bundlePath}),
        KVGet: withAppError('KVGet', async (a) => ({A: await api.kv.get(str(a.A))})),
        KVSet: async (a) => {
            try {
                await api.kv.set(str(a.A), bytesOrNull(a.B));
                return {};
            } catch (err) {
                return {A: failure('KVSet', err)};
            }
        },
        KVSetWithOptions: withAppError('KVSetWithOptions', async (a) => {
            const o = (a.C ?? {}) as Struct;
            const atomic = o.Atomic === true;
            const oldValue = bytesOrNull(o.OldValue);
            if (!atomic && oldValue) {
                return {B: appError('KVSetWithOptions', 'oldValue is only allowed with atomic', 400)};
            }
            const expire = Number(o.ExpireInSeconds ?? 0);
            return {A: await api.kv.setWithOptions(str(a.A), bytesOrNull(a.B), {atomic, oldValue, expireInSeconds: Number.isFinite(expire) ? expire : 0})};
        }),
        KVCompareAndSet: withAppError('KVCompareAndSet', async (a) => ({
            A: await api.kv.setWithOptions(str(a.A), bytesOrNull(a.C), {atomic: true, oldValue: bytesOrNull(a.B)}),
        })),
        KVDelete: async (a) => {
            try {
                await api.kv.delete(str(a.A));
                return {};
            } catch (err) {
                return {A: failure('KVDelete', err)};
            }
        },
        KVList: withAppError('KVList', async (a) => ({A: await api.kv.listKeys(Number(a.A ?? 0), Number(a.B ?? 0))})),
        GetUser: withAppError('GetUser', async (a) => {
            const u = await api.getUser(str(a.A));
            return u ? {A: userToModel(u, await api.hasPermission(u.id, 'manage_system') ? 'system_user system_admin' : 'system_user')} : {B: appError('GetUser', 'Unable to find the user.', 404)};
        }),
        GetUserByUsername: withAppError('GetUserByUsername', async (a) => {
            const u = await api.getUserByUsername(str(a.A));
            return u ? {A: userToModel(u, 'system_user')} : {B: appError('GetUserByUsername', 'Unable to find an existing account matching your username for this team.', 404)};
        }),
        GetChannel: withAppError('GetChannel', async (a) => {
            const c = await api.getChannel(str(a.A));
            return c ? {A: channelToModel(c)} : {B: appError('GetChannel', 'Unable to find the existing channel.', 404)};
        }),
        GetChannelByNameForTeamName: withAppError('GetChannelByNameForTeamName', async (a) => {
            const c = await api.getChannelByNameForTeamName(str(a.A), str(a.B));
            return c ? {A: channelToModel(c)} : {B: appError('GetChannelByNameForTeamName', 'Unable to find the existing channel.', 404)};
        }),
        GetTeam: withAppError('GetTeam', async (a) => {
            const t = await api.getTeam(str(a.A));
            return t ? {A: teamToModel(t)} : {B: appError('GetTeam', 'Unable to find the existing team.', 404)};
        }),
        GetChannelMember: withAppError('GetChannelMember', async (a) => (await api.isChannelMember(str(a.A), str(a.B))
            ? {A: {ChannelId: str(a.A), UserId: str(a.B), Roles: 'channel_user', SchemeUser: true}}
            : {B: appError('GetChannelMember', 'No channel member found for that user ID and channel ID.', 404)})),
        GetDirectChannel: withAppError('GetDirectChannel', async (a) => ({A: channelToModel(await api.getDirectChannel(str(a.A), str(a.B)))})),
        HasPermissionTo: async (a) => ({A: await api.hasPermission(str(a.A), str((a.B as Struct | null)?.Id))}),
        HasPermissionToChannel: async (a) => {
            const permission = str((a.C as Struct | null)?.Id);
            // Channel-scoped reads follow membership; anything else needs the system permission.
            const member = await api.isChannelMember(str(a.B), str(a.A));
            return {A: (member && permission === 'read_channel') || await api.hasPermission(str(a.A), permission)};
        },
        CreatePost: withAppError('CreatePost', async (a) => ({A: postToModel(await api.createPost(postFromModel((a.A ?? {}) as Struct)))})),
        UpdatePost: withAppError('UpdatePost', async (a) => ({A: postToModel(await api.updatePost(postFromModel((a.A ?? {}) as Struct)))})),
        GetPost: withAppError('GetPost', async (a) => {
            const p = await api.getPost(str(a.A));
            return p ? {A: postToModel(p)} : {B: appError('GetPost', 'Unable to get the post.', 404)};
        }),
        SendEphemeralPost: async (a) => {
            const post = postFromModel((a.B ?? {}) as Struct);
            await api.sendEphemeralPost(str(a.A), post);
            return {A: postToModel(post)};
        },
        PublishWebSocketEvent: async (a) => {
            const payload = goInterfaceToJSON(a.B);
            const b = (a.C ?? {}) as Struct;
            await api.publishWebSocketEvent(str(a.A), payload && typeof payload === 'object' && !Array.isArray(payload) ? payload as Record<string, unknown> : {}, {
                channelId: str(b.ChannelId) || undefined, userId: str(b.UserId) || undefined,
            });
            return {};
        },
        EnsureBotUser: async (a) => {
            const bot = (a.A ?? {}) as Struct;
            try {
                return {A: await api.ensureBot({username: str(bot.Username), displayName: str(bot.DisplayName), description: str(bot.Description)})};
            } catch (err) {
                return {B: goInterface('*plugin.ErrorString', {Code: 0, Err: err instanceof Error ? err.message : String(err)})};
            }
        },
        CreateBot: withAppError('CreateBot', async (a) => {
            const bot = (a.A ?? {}) as Struct;
            const id = await api.ensureBot({username: str(bot.Username), displayName: str(bot.DisplayName), description: str(bot.Description)});
            return {A: {...bot, UserId: id}};
        }),
        GetBot: withAppError('GetBot', async (a) => {
            const u = await api.getUser(str(a.A));
            return u?.isBot ? {A: {UserId: u.id, Username: u.username, DisplayName: u.nickname}} : {B: appError('GetBot', 'Unable to get the bot.', 404)};
        }),
        RegisterCommand: async (a) => {
            try {
                await api.registerCommand(commandFromModel((a.A ?? {}) as Struct));
                return {};
            } catch (err) {
                return {A: goInterface('*plugin.ErrorString', {Code: 0, Err: err instanceof Error ? err.message : String(err)})};
            }
        },
        OpenInteractiveDialog: async (a) => {
            try {
                const request = openDialogFromModel(a.A);
                // As Mattermost does (OpenDialogRequest.IsValid), a request without its trigger or URL is refused.
                if (!request.triggerId || !request.url) {
                    return {A: appError('OpenInteractiveDialog', 'The dialog needs a trigger id and a URL.', 400)};
                }
                await api.openInteractiveDialog(request);
                return {};
            } catch (err) {
                return {A: failure('OpenInteractiveDialog', err)};
            }
        },
        SetProfileImage: async () => ({}),
        LogDebug: async (a) => (api.log.debug(logLine(a)), {}),
        LogInfo: async (a) => (api.log.info(logLine(a)), {}),
        LogWarn: async (a) => (api.log.warn(logLine(a)), {}),
        LogError: async (a) => (api.log.error(logLine(a)), {}),
    };
    const methods: Record<string, RpcMethod> = {};
    for (const c of API) {
        const name = c.method.slice('Plugin.'.length);
        const handler = handlers[name];
        const z = apiZ(name);
        methods[name] = rpcMethod(z.args, z.returns, handler
            ? (args) => handler(args as Struct) as never
            : () => {
                throw new Error(`API ${name} called but not implemented.`);
            });
    }
    return methods;
}

