// gob schemas of the Mattermost model and plugin types that cross the RPC boundary
// (docs/mattermost-rpc.md §3-§6). gob matches struct fields by name, so a schema may declare
// a subset: fields a server sends and a schema lacks are skipped, and zero fields are never
// sent. Fields whose types changed across server versions (Post.Metadata, Channel banner and
// policy fields, ...) are left out on purpose so that no server version can fail a decode.
import {createDefaultRegistry, g, type GobRegistry, type Schema} from '../wire/gob';

const str = g.string;
const i64 = g.int64;
const StringMap = g.map(g.string(), g.string(), 'model.StringMap');
const StringInterface = g.map(g.string(), g.iface(), 'model.StringInterface');

export const AppError = g.struct('model.AppError', {
    Id: str(), Message: str(), DetailedError: str(), RequestId: str(), StatusCode: g.int(),
    Where: str(), IsOAuth: g.bool(), SkipTranslation: g.bool(),
});

export const ErrorString = g.struct('plugin.ErrorString', {Code: g.int(), Err: str()});

export const Context = g.struct('plugin.Context', {
    SessionId: str(), ConnectionId: str(), RequestId: str(), IPAddress: str(), AcceptLanguage: str(), UserAgent: str(),
});

/** url.URL is a BinaryMarshaler: its bytes are the URL's string form. */
export const Url = g.gobEncoder<string>({
    goName: 'url.URL', wire: 'BinaryMarshaler',
    encode: (s) => Buffer.from(s, 'utf8'), decode: (b) => Buffer.from(b).toString('utf8'),
    isZero: (s) => s === '', zero: () => '',
});

export const HttpHeader = g.map(g.string(), g.slice(g.string()), 'http.Header');

export const HTTPRequestSubset = g.struct('plugin.HTTPRequestSubset', {
    Method: str(), URL: g.ptr(Url), Proto: str(), ProtoMajor: g.int(), ProtoMinor: g.int(),
    Header: HttpHeader, Host: str(), RemoteAddr: str(), RequestURI: str(),
});

export const Post = g.struct('model.Post', {
    Id: str(), CreateAt: i64(), UpdateAt: i64(), EditAt: i64(), DeleteAt: i64(), IsPinned: g.bool(),
    UserId: str(), ChannelId: str(), RootId: str(), OriginalId: str(), Message: str(), MessageSource: str(),
    Type: str(), Props: StringInterface, Hashtags: str(),
    Filenames: g.slice(g.string(), 'model.StringArray'), FileIds: g.slice(g.string(), 'model.StringArray'),
    PendingPostId: str(), HasReactions: g.bool(), RemoteId: g.ptr(g.string()), ReplyCount: i64(), LastReplyAt: i64(),
});

export const User = g.struct('model.User', {
    Id: str(), CreateAt: i64(), UpdateAt: i64(), DeleteAt: i64(), Username: str(), AuthService: str(), Email: str(),
    EmailVerified: g.bool(), Nickname: str(), FirstName: str(), LastName: str(), Position: str(), Roles: str(),
    Locale: str(), Timezone: StringMap, IsBot: g.bool(), BotDescription: str(),
});

export const Channel = g.struct('model.Channel', {
    Id: str(), CreateAt: i64(), UpdateAt: i64(), DeleteAt: i64(), TeamId: str(), Type: str(),
    DisplayName: str(), Name: str(), Header: str(), Purpose: str(), CreatorId: str(),
});

export const Team = g.struct('model.Team', {
    Id: str(), CreateAt: i64(), UpdateAt: i64(), DeleteAt: i64(), DisplayName: str(), Name: str(),
    Description: str(), Email: str(), Type: str(),
});

export const ChannelMember = g.struct('model.ChannelMember', {
    ChannelId: str(), UserId: str(), Roles: str(), SchemeGuest: g.bool(), SchemeUser: g.bool(), SchemeAdmin: g.bool(),
});

export const PluginKVSetOptions = g.struct('model.PluginKVSetOptions', {Atomic: g.bool(), OldValue: g.bytes(), ExpireInSeconds: i64()});

export const WebsocketBroadcast = g.struct('model.WebsocketBroadcast', {
    OmitUsers: g.map(g.string(), g.bool()), UserId: str(), ChannelId: str(), TeamId: str(), ConnectionId: str(),
    OmitConnectionId: str(),
});

export const Permission = g.struct('model.Permission', {Id: str(), Name: str(), Description: str(), Scope: str()});

export const Bot = g.struct('model.Bot', {
    UserId: str(), Username: str(), DisplayName: str(), Description: str(), OwnerId: str(),
    LastIconUpdate: i64(), CreateAt: i64(), UpdateAt: i64(), DeleteAt: i64(),
});

export const AutocompleteTextArg = g.struct('model.AutocompleteTextArg', {Hint: str(), Pattern: str()});
export const AutocompleteListItem = g.struct('model.AutocompleteListItem', {Item: str(), Hint: str(), HelpText: str()});
export const AutocompleteStaticListArg = g.struct('model.AutocompleteStaticListArg', {PossibleArguments: g.slice(AutocompleteListItem)});
export const AutocompleteDynamicListArg = g.struct('model.AutocompleteDynamicListArg', {FetchURL: str()});
export const AutocompleteArg = g.struct('model.AutocompleteArg', {Name: str(), HelpText: str(), Type: str(), Required: g.bool(), Data: g.iface()});

// Recursive: SubCommands holds more of the same.
export const AutocompleteData = g.struct('model.AutocompleteData', () => ({
    Trigger: str(), Hint: str(), HelpText: str(), RoleID: str(),
    Arguments: g.slice(g.ptr(AutocompleteArg)), SubCommands: g.slice(g.ptr(g.ref('model.AutocompleteData'))),
}));

export const Command = g.struct('model.Command', {
    Id: str(), Token: str(), CreateAt: i64(), UpdateAt: i64(), DeleteAt: i64(), CreatorId: str(), TeamId: str(),
    Trigger: str(), Method: str(), Username: str(), IconURL: str(), AutoComplete: g.bool(), AutoCompleteDesc: str(),
    AutoCompleteHint: str(), DisplayName: str(), Description: str(), URL: str(), PluginId: str(),
    AutocompleteData: g.ptr(AutocompleteData), AutocompleteIconData: str(),
});

export const CommandArgs = g.struct('model.CommandArgs', {
    UserId: str(), ChannelId: str(), TeamId: str(), RootId: str(), ParentId: str(), TriggerId: str(),
    Command: str(), SiteURL: str(),
});

export const CommandResponse = g.struct('model.CommandResponse', {
    ResponseType: str(), Text: str(), Username: str(), ChannelId: str(), IconURL: str(), Type: str(),
    Props: StringInterface, GotoLocation: str(), TriggerId: str(), SkipSlackParsing: g.bool(),
});

export const PostActionOptions = g.struct('model.PostActionOptions', {Text: str(), Value: str()});

// The fields every server since 5.6 has; newer ones (MultiSelect, DataSourceURL, dates) are
// left out, and gob leaves a field the sender lacks at its zero value.
export const DialogElement = g.struct('model.DialogElement', {
    DisplayName: str(), Name: str(), Type: str(), SubType: str(), Default: str(), Placeholder: str(), HelpText: str(),
    Optional: g.bool(), MinLength: g.int(), MaxLength: g.int(), DataSource: str(), Options: g.slice(g.ptr(PostActionOptions)),
});

export const Dialog = g.struct('model.Dialog', {
    CallbackId: str(), Title: str(), IntroductionText: str(), IconURL: str(), Elements: g.slice(DialogElement),
    SubmitLabel: str(), NotifyOnCancel: g.bool(), State: str(),
});

export const OpenDialogRequest = g.struct('model.OpenDialogRequest', {TriggerId: str(), URL: str(), Dialog});

export const ServiceSettings = g.struct('model.ServiceSettings', {SiteURL: g.ptr(g.string())});
export const Config = g.struct('model.Config', {ServiceSettings: g.ptr(ServiceSettings)});

/** Go types named in the contract table (rpc-contract.ts) and their schemas. */
export const GO_TYPES: Readonly<Record<string, Schema>> = {
    'string': g.string(),
    'bool': g.bool(),
    'int': g.int(),
    'uint32': g.uint32(),
    '[]byte': g.bytes(),
    '[]string': g.slice(g.string()),
    'error': g.iface(),
    '[]any': g.slice(g.iface()),
    'map[string]any': g.map(g.string(), g.iface()),
    '*HTTPRequestSubset': g.ptr(HTTPRequestSubset),
    '*Context': g.ptr(Context),
    '*model.AppError': g.ptr(AppError),
    '*model.Post': g.ptr(Post),
    '*model.User': g.ptr(User),
    '*model.Channel': g.ptr(Channel),
    '*model.Team': g.ptr(Team),
    '*model.ChannelMember': g.ptr(ChannelMember),
    'model.PluginKVSetOptions': PluginKVSetOptions,
    '*model.WebsocketBroadcast': g.ptr(WebsocketBroadcast),
    '*model.Permission': g.ptr(Permission),
    '*model.Bot': g.ptr(Bot),
    '*model.Command': g.ptr(Command),
    '*model.CommandArgs': g.ptr(CommandArgs),
    '*model.CommandResponse': g.ptr(CommandResponse),
    '*model.Config': g.ptr(Config),
    'model.OpenDialogRequest': OpenDialogRequest,
};

/** Go's default registrations plus the names Mattermost's client_rpc.go registers. */
export function mattermostRegistry(): GobRegistry {
    return createDefaultRegistry()
        .define('model.AutocompleteData', AutocompleteData)
        .registerInterface('*model.AppError', g.ptr(AppError))
        .registerInterface('*plugin.ErrorString', g.ptr(ErrorString))
        .registerInterface('*model.AutocompleteTextArg', g.ptr(AutocompleteTextArg))
        .registerInterface('*model.AutocompleteStaticListArg', g.ptr(AutocompleteStaticListArg))
        .registerInterface('*model.AutocompleteDynamicListArg', g.ptr(AutocompleteDynamicListArg));
}
