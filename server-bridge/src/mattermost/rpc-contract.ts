// The Mattermost plugin RPC contract as data: every hook and API method the bridge uses,
// with its net/rpc method name and the exact Z_* argument and reply struct fields (name and
// Go type, in Go declaration order), from server/public/plugin/client_rpc*.go. The hooks
// dispatcher and the API client build their gob schemas from this table, and the contract
// test checks it against docs/mattermost-rpc.md and the Go host's mirror structs.

export type Field = readonly [name: string, goType: string];

export interface RpcContract {
    /** net/rpc method, always served as "Plugin.<Name>". */
    method: string;
    args: {struct: string; fields: readonly Field[]};
    returns: {struct: string; fields: readonly Field[]};
}

function z(name: string, args: Field[], returns: Field[], argsStruct = `Z_${name}Args`, returnsStruct = `Z_${name}Returns`): RpcContract {
    return {method: `Plugin.${name}`, args: {struct: argsStruct, fields: args}, returns: {struct: returnsStruct, fields: returns}};
}

const appErr: Field = ['B', '*model.AppError'];

/** Hooks Mattermost calls on the plugin (server -> plugin). */
export const HOOKS: readonly RpcContract[] = [
    z('OnActivate', [['APIMuxId', 'uint32'], ['DriverMuxId', 'uint32']], [['A', 'error']]),
    z('OnDeactivate', [], [['A', 'error']]),
    z('OnConfigurationChange', [], [['A', 'error']]),
    z('ServeHTTP', [['ResponseWriterStream', 'uint32'], ['Request', '*HTTPRequestSubset'], ['Context', '*Context'], ['RequestBodyStream', 'uint32']], [], 'Z_ServeHTTPArgs', 'struct{}'),
    z('ExecuteCommand', [['A', '*Context'], ['B', '*model.CommandArgs']], [['A', '*model.CommandResponse'], appErr]),
    z('MessageHasBeenPosted', [['A', '*Context'], ['B', '*model.Post']], []),
];

/** API methods the plugin calls (plugin -> server). */
export const API: readonly RpcContract[] = [
    z('LoadPluginConfiguration', [], [['A', '[]byte']], 'Z_LoadPluginConfigurationArgsArgs', 'Z_LoadPluginConfigurationArgsReturns'),
    z('GetConfig', [], [['A', '*model.Config']]),
    z('GetServerVersion', [], [['A', 'string']]),
    z('GetBundlePath', [], [['A', 'string'], ['B', 'error']]),
    z('KVGet', [['A', 'string']], [['A', '[]byte'], appErr]),
    z('KVSet', [['A', 'string'], ['B', '[]byte']], [['A', '*model.AppError']]),
    z('KVSetWithOptions', [['A', 'string'], ['B', '[]byte'], ['C', 'model.PluginKVSetOptions']], [['A', 'bool'], appErr]),
    z('KVCompareAndSet', [['A', 'string'], ['B', '[]byte'], ['C', '[]byte']], [['A', 'bool'], appErr]),
    z('KVDelete', [['A', 'string']], [['A', '*model.AppError']]),
    z('KVList', [['A', 'int'], ['B', 'int']], [['A', '[]string'], appErr]),
    z('GetUser', [['A', 'string']], [['A', '*model.User'], appErr]),
    z('GetUserByUsername', [['A', 'string']], [['A', '*model.User'], appErr]),
    z('GetChannel', [['A', 'string']], [['A', '*model.Channel'], appErr]),
    z('GetChannelByNameForTeamName', [['A', 'string'], ['B', 'string'], ['C', 'bool']], [['A', '*model.Channel'], appErr]),
    z('GetTeam', [['A', 'string']], [['A', '*model.Team'], appErr]),
    z('GetChannelMember', [['A', 'string'], ['B', 'string']], [['A', '*model.ChannelMember'], appErr]),
    z('GetDirectChannel', [['A', 'string'], ['B', 'string']], [['A', '*model.Channel'], appErr]),
    z('HasPermissionTo', [['A', 'string'], ['B', '*model.Permission']], [['A', 'bool']]),
    z('HasPermissionToChannel', [['A', 'string'], ['B', 'string'], ['C', '*model.Permission']], [['A', 'bool']]),
    z('CreatePost', [['A', '*model.Post']], [['A', '*model.Post'], appErr]),
    z('UpdatePost', [['A', '*model.Post']], [['A', '*model.Post'], appErr]),
    z('GetPost', [['A', 'string']], [['A', '*model.Post'], appErr]),
    z('SendEphemeralPost', [['A', 'string'], ['B', '*model.Post']], [['A', '*model.Post']]),
    z('PublishWebSocketEvent', [['A', 'string'], ['B', 'map[string]any'], ['C', '*model.WebsocketBroadcast']], []),
    z('EnsureBotUser', [['A', '*model.Bot']], [['A', 'string'], ['B', 'error']]),
    z('CreateBot', [['A', '*model.Bot']], [['A', '*model.Bot'], appErr]),
    z('GetBot', [['A', 'string'], ['B', 'bool']], [['A', '*model.Bot'], appErr]),
    z('RegisterCommand', [['A', '*model.Command']], [['A', 'error']]),
    z('OpenInteractiveDialog', [['A', 'model.OpenDialogRequest']], [['A', '*model.AppError']]),
    z('SetProfileImage', [['A', 'string'], ['B', '[]byte']], [['A', '*model.AppError']]),
    ...(['LogDebug', 'LogInfo', 'LogWarn', 'LogError'] as const).map((n) => z(n, [['A', 'string'], ['B', '[]any']], [])),
];

/** hooks.go ids; Implemented answers names, the host maps them with this table. */
export const HOOK_IDS: Readonly<Record<string, number>> = {
    OnActivate: 0, OnDeactivate: 1, ServeHTTP: 2, OnConfigurationChange: 3, ExecuteCommand: 4,
    MessageWillBePosted: 5, MessageWillBeUpdated: 6, MessageHasBeenPosted: 7, MessageHasBeenUpdated: 8,
    UserHasJoinedChannel: 9, UserHasLeftChannel: 10, UserHasJoinedTeam: 11, UserHasLeftTeam: 12,
    ChannelHasBeenCreated: 13, FileWillBeUploaded: 14, UserWillLogIn: 15, UserHasLoggedIn: 16,
    UserHasBeenCreated: 17, ReactionHasBeenAdded: 18, ReactionHasBeenRemoved: 19, OnPluginClusterEvent: 20,
    OnWebSocketConnect: 21, OnWebSocketDisconnect: 22, WebSocketMessageHasBeenPosted: 23, RunDataRetention: 24,
    OnInstall: 25, OnSendDailyTelemetry: 26, OnCloudLimitsUpdated: 27, ConfigurationWillBeSaved: 34,
    NotificationWillBePushed: 35, UserHasBeenDeactivated: 36, MessageHasBeenDeleted: 37, MessagesWillBeConsumed: 38,
    ServeMetrics: 39, OnSharedChannelsSyncMsg: 40, OnSharedChannelsPing: 41, PreferencesHaveChanged: 42,
    OnSharedChannelsAttachmentSyncMsg: 43, OnSharedChannelsProfileImageSyncMsg: 44, GenerateSupportData: 45,
    OnSAMLLogin: 46, NotificationsWillBeSent: 47,
};

/** Interface type names Mattermost registers with gob (client_rpc.go init). */
export const GOB_REGISTERED_NAMES = [
    '*model.AppError', '*plugin.ErrorString', '*pq.Error', '[]*model.SlackAttachment', '[]interface {}',
    'map[string]interface {}', '*model.AutocompleteDynamicListArg', '*model.AutocompleteStaticListArg',
    '*model.AutocompleteTextArg', '*model.PreviewPost',
] as const;
