/**
 * The TypeScript half of the gob conformance corpus: for each vector of gobvectors/main.go,
 * the schemas describing its Go types, what decoding Go's stream must give, and what the
 * TypeScript encoder sends for Go to decode and compare with reflect.DeepEqual. The Mattermost
 * vectors are Go values of server/public's own model and plugin types, so their schemas here
 * declare every field gob sends of those types (nested types the values leave empty are
 * declared by a few of their fields: gob only needs some field in common).
 */
import {
    g, goInterface as iface, goTimeSchema, createDefaultRegistry,
    type GobRegistry, type GoTime, type Schema, type StructSchema,
} from '../../../server-bridge/src/wire/gob';

export interface VectorItem {
    /** Schema and value the TypeScript encoder writes (Go decodes it into the vector's target). */
    readonly encode: readonly [Schema, unknown];
    /** Schema and expected value when decoding the stream Go wrote. */
    readonly decode: readonly [Schema, unknown];
}

export interface GobVector {
    readonly name: string;
    readonly items: readonly VectorItem[];
}

const same = (schema: Schema, value: unknown): VectorItem => ({encode: [schema, value], decode: [schema, value]});

export const Point = g.struct('main.Point', {X: g.int(), Y: g.int()});
const Ints = g.struct('main.Ints', {I: g.int(), I8: g.int8(), I16: g.int16(), I32: g.int32(), I64: g.int64()});
const Uints = g.struct('main.Uints', {U: g.uint(), U8: g.uint8(), U16: g.uint16(), U32: g.uint32(), U64: g.uint64(), Ptr: g.uintptr()});
const Floats = g.struct('main.Floats', {F32: g.float32(), F64: g.float64(), Neg: g.float64(), Tiny: g.float64(), Inf: g.float64(), NegInf: g.float64(), Big: g.float32()});
const Complexes = g.struct('main.Complexes', {C64: g.complex64(), C128: g.complex128()});
const Strings = g.struct('main.Strings', {Empty: g.string(), ASCII: g.string(), Unicode: g.string(), Long: g.string()});
const Bytes = g.struct('main.Bytes', {B: g.bytes(), Empty: g.bytes(), Arr: g.array(g.uint8(), 4)});
const Slices = g.struct('main.Slices', {
    Ints: g.slice(g.int()), Strs: g.slice(g.string()), Nested: g.slice(g.slice(g.string())), Structs: g.slice(Point),
    Ptrs: g.slice(g.ptr(Point)), Bools: g.slice(g.bool()), Floats: g.slice(g.float64()),
});
const Arrays = g.struct('main.Arrays', {A: g.array(g.int(), 3), Zero: g.array(g.string(), 2), P: g.array(Point, 2)});
const Maps = g.struct('main.Maps', {
    M: g.map(g.string(), g.int()), Empty: g.map(g.string(), g.int()), Nil: g.map(g.string(), g.int()),
    IntKeys: g.map(g.int(), g.string()), StructVal: g.map(g.string(), Point), Lists: g.map(g.string(), g.slice(g.string())),
});
export const Inner = g.struct('main.Inner', {A: g.string(), B: g.slice(g.int())});
const Nested = g.struct('main.Nested', {
    Name: g.string(), In: Inner, PIn: g.ptr(Inner),
    Deep: g.struct('', {Level: g.int(), Deeper: g.struct('', {Note: g.string()})}),
});
export const Node: StructSchema = g.struct('main.Node', () => ({Value: g.int(), Children: g.slice(g.ptr(Node)), Next: g.ptr(Node)}));
const Pointers = g.struct('main.Pointers', {
    PI: g.ptr(g.int()), PP: g.ptr(g.ptr(g.int())), PStr: g.ptr(g.string()), PNil: g.ptr(Point), PZero: g.ptr(Point),
    PStruct: g.ptr(Point), PBool: g.ptr(g.bool()),
});
const AllZero = g.struct('main.AllZero', {
    B: g.bool(), I: g.int(), S: g.string(), F: g.float64(), Sl: g.slice(g.string()), M: g.map(g.string(), g.int()),
    If: g.iface(), P: g.ptr(Point), T: goTimeSchema, Arr: g.array(g.int(), 2), In: Inner,
});
const Empty = g.struct('main.Empty', {});
const Interfaces = g.struct('main.Interfaces', {
    A: g.iface(), B: g.iface(), C: g.iface(), D: g.iface(), E: g.iface(), F: g.iface(), G: g.iface(), H: g.iface(), I: g.iface(), J: g.iface(),
});
export const Wrapper = g.struct('main.Wrapper', {Label: g.string(), Value: g.iface()});
const Times = g.struct('main.Times', {
    UTC: goTimeSchema, Fixed: goTimeSchema, West: goTimeSchema, Zero: goTimeSchema, Odd: goTimeSchema, Early: goTimeSchema, Far: goTimeSchema,
});
// model.AppError's exported fields (params and wrapped are unexported and never travel).
export const AppError = g.struct('model.AppError', {
    Id: g.string(), Message: g.string(), DetailedError: g.string(), RequestId: g.string(), StatusCode: g.int(),
    Where: g.string(), SkipTranslation: g.bool(),
});
const StringInterface = g.map(g.string(), g.iface(), 'model.StringInterface');
const StringArray = g.slice(g.string(), 'model.StringArray');
const PostPriority = g.struct('model.PostPriority', {
    Priority: g.ptr(g.string()), RequestedAck: g.ptr(g.bool()), PersistentNotifications: g.ptr(g.bool()), PostId: g.string(), ChannelId: g.string(),
});
const PostMetadata = g.struct('model.PostMetadata', {
    Embeds: g.slice(g.ptr(g.struct('model.PostEmbed', {Type: g.string(), URL: g.string(), Data: g.iface()}))),
    Emojis: g.slice(g.ptr(g.struct('model.Emoji', {Id: g.string(), Name: g.string()}))),
    Files: g.slice(g.ptr(g.struct('model.FileInfo', {Id: g.string(), PostId: g.string()}))),
    Images: g.map(g.string(), g.ptr(g.struct('model.PostImage', {Width: g.int(), Height: g.int(), Format: g.string()}))),
    Reactions: g.slice(g.ptr(g.struct('model.Reaction', {UserId: g.string(), PostId: g.string(), EmojiName: g.string()}))),
    Priority: g.ptr(PostPriority),
    Acknowledgements: g.slice(g.ptr(g.struct('model.PostAcknowledgement', {UserId: g.string(), PostId: g.string(), AcknowledgedAt: g.int64()}))),
    ExpireAt: g.int64(), Recipients: g.slice(g.string()),
});
export const Post = g.struct('model.Post', {
    Id: g.string(), CreateAt: g.int64(), UpdateAt: g.int64(), EditAt: g.int64(), DeleteAt: g.int64(), IsPinned: g.bool(),
    UserId: g.string(), ChannelId: g.string(), RootId: g.string(), OriginalId: g.string(), Message: g.string(),
    MessageSource: g.string(), Type: g.string(), Props: StringInterface,
    Hashtags: g.string(), Filenames: StringArray, FileIds: StringArray,
    PendingPostId: g.string(), HasReactions: g.bool(), RemoteId: g.ptr(g.string()), ReplyCount: g.int64(),
    LastReplyAt: g.int64(), Participants: g.slice(g.ptr(g.struct('model.User', {Id: g.string(), Username: g.string()}))),
    IsFollowing: g.ptr(g.bool()), Metadata: g.ptr(PostMetadata),
});
/** url.URL travels through its MarshalBinary method: the URL's string form. */
export const Url = g.gobEncoder<string>({
    goName: 'url.URL', wire: 'BinaryMarshaler',
    encode: (s) => Buffer.from(s, 'utf8'), decode: (b) => Buffer.from(b).toString('utf8'),
    isZero: (s) => s === '', zero: () => '',
});
/** The part of net/http.Request Mattermost fills in before forwarding a request to a plugin. */
export const Request = g.struct('http.Request', {
    Method: g.string(), URL: g.ptr(Url), Proto: g.string(), ProtoMajor: g.int(), ProtoMinor: g.int(),
    Header: g.map(g.string(), g.slice(g.string()), 'http.Header'), Host: g.string(), RemoteAddr: g.string(), RequestURI: g.string(),
});
/** plugin.HTTPRequestSubset: what Mattermost forwards of a request (Body is set on the plugin side only). */
const RequestSubset = g.struct('plugin.HTTPRequestSubset', {
    Method: g.string(), URL: g.ptr(Url), Proto: g.string(), ProtoMajor: g.int(), ProtoMinor: g.int(),
    Header: g.map(g.string(), g.slice(g.string()), 'http.Header'), Host: g.string(), RemoteAddr: g.string(), RequestURI: g.string(),
    Body: g.iface(),
});
const Context = g.struct('plugin.Context', {SessionId: g.string(), RequestId: g.string(), IPAddress: g.string(), AcceptLanguage: g.string(), UserAgent: g.string()});
const ServeHTTPArgs = g.struct('plugin.Z_ServeHTTPArgs', {
    ResponseWriterStream: g.uint32(), Request: g.ptr(RequestSubset), Context: g.ptr(Context), RequestBodyStream: g.uint32(),
});
const CommandArgs = g.struct('model.CommandArgs', {
    UserId: g.string(), ChannelId: g.string(), TeamId: g.string(), RootId: g.string(), ParentId: g.string(), TriggerId: g.string(),
    Command: g.string(), SiteURL: g.string(),
    UserMentions: g.map(g.string(), g.string(), 'model.UserMentionMap'), ChannelMentions: g.map(g.string(), g.string(), 'model.ChannelMentionMap'),
});
const CommandResponse: StructSchema = g.struct('model.CommandResponse', () => ({
    ResponseType: g.string(), Text: g.string(), Username: g.string(), ChannelId: g.string(), IconURL: g.string(), Type: g.string(),
    Props: StringInterface, GotoLocation: g.string(), TriggerId: g.string(), SkipSlackParsing: g.bool(),
    Attachments: g.slice(g.ptr(g.struct('model.SlackAttachment', {Fallback: g.string(), Title: g.string(), Text: g.string()}))),
    ExtraResponses: g.slice(g.ptr(CommandResponse)),
}));
const ExecuteCommandArgs = g.struct('plugin.Z_ExecuteCommandArgs', {A: g.ptr(Context), B: g.ptr(CommandArgs)});
const ExecuteCommandReturns = g.struct('plugin.Z_ExecuteCommandReturns', {A: g.ptr(CommandResponse), B: g.ptr(AppError)});
export const ErrorString = g.struct('plugin.ErrorString', {Code: g.int(), Err: g.string()});
const OnActivateReturns = g.struct('plugin.Z_OnActivateReturns', {A: g.iface()});
const Wide = g.struct('main.Wide', {
    Keep: g.string(), Skip1: g.map(g.string(), g.slice(Point)), Skip2: g.iface(), Skip3: g.array(Inner, 3), Skip4: goTimeSchema,
    Skip5: g.ptr(Node), Skip6: g.complex128(), Skip7: g.bytes(), Skip8: g.slice(g.map(g.int(), g.ptr(Inner))), Keep2: g.int(),
});
const Narrow = g.struct('main.Narrow', {Keep: g.string(), Keep2: g.int()});
export const RPCRequest = g.struct('rpc.Request', {ServiceMethod: g.string(), Seq: g.uint64()});
export const RPCResponse = g.struct('rpc.Response', {ServiceMethod: g.string(), Seq: g.uint64(), Error: g.string()});

/** The registry both sides agree on: Go's defaults plus the names gobvectors and the plugin package register. */
export function corpusRegistry(): GobRegistry {
    return createDefaultRegistry()
        .registerInterface('main.Point', Point)
        .registerInterface('*model.AppError', g.ptr(AppError))
        .registerInterface('*plugin.ErrorString', g.ptr(ErrorString))
        .registerInterface('main.Wrapper', Wrapper)
        .registerInterface('main.Inner', Inner);
}

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number => Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
const time = (sec: number, nsec: number, offset: number | null): GoTime => ({sec, nsec, offset});
const ZERO_TIME = time(-62135596800, 0, null);

const point = (X: number, Y: number): Record<string, number> => ({X, Y});
const chain = {Value: 10, Children: [], Next: {Value: 11, Children: [], Next: {Value: 12, Children: [], Next: null}}};
const leaf = (v: number): unknown => ({Value: v, Children: [], Next: null});
const REQUEST_URL = 'https://chat.example.com/plugins/com.mattermost.release-checklist/api/v1/runs?channel_id=abc&x=%20y';
export const request = {
    Method: 'POST', URL: REQUEST_URL, Proto: 'HTTP/1.1', ProtoMajor: 1, ProtoMinor: 1,
    Header: new Map([['Content-Type', ['application/json']], ['Mattermost-User-Id', ['u1']], ['Accept', ['a', 'b']]]),
    Host: 'chat.example.com', RemoteAddr: '10.0.0.7:51234',
    RequestURI: '/plugins/com.mattermost.release-checklist/api/v1/runs?channel_id=abc&x=%20y',
};
const bigBytes = Uint8Array.from({length: 300000}, (_, i) => (i * 7) & 0xff);
const appError = {
    Id: 'app.plugin.not_found', Message: 'Plugin not found.', DetailedError: 'id=x', RequestId: 'r1',
    StatusCode: 404, Where: 'Plugin.Get', SkipTranslation: true,
};
/** A field's value when gob did not send it (zero values never travel). */
function fieldZero(schema: Schema): unknown {
    switch (schema.kind) {
    case 'string': return '';
    case 'bool': return false;
    case 'int': case 'uint': case 'float': return 0;
    case 'slice': return [];
    case 'ptr': case 'map': case 'interface': return null;
    default: throw new Error(`fieldZero: no zero written for a ${schema.kind} field`);
    }
}
/** Every field of a struct at its zero value, then the ones set. */
const zeroOf = (schema: StructSchema, set: Record<string, unknown>): Record<string, unknown> => ({
    ...Object.fromEntries(schema.fields.map(([n, f]) => [n, fieldZero(f)])),
    ...set,
});
const str = (v: string): unknown => iface('string', v);
const f64 = (v: number): unknown => iface('float64', v);
const list = (...v: unknown[]): unknown => iface('[]interface {}', v);
const obj = (...entries: Array<[string, unknown]>): unknown => iface('map[string]interface {}', new Map(entries));

export const post = {
    Id: 'p1d8q3x7rjbt9cmn1k5xw4y6eh', CreateAt: 1700000000123, UpdateAt: 1700000000456, EditAt: 0, DeleteAt: 0, IsPinned: true,
    UserId: 'u4c9kz3j1pbnxq8r7w2m5t6yde', ChannelId: 'c7h2n5j8k1m4p7q0r3s6t9v2wx', RootId: '', OriginalId: '',
    Message: 'Release 1.1.1: security fix merged :tada:\nSee https://example.com/x', MessageSource: '',
    Type: 'custom_release_checklist',
    Props: new Map<string, unknown>([
        ['from_bot', str('true')], ['step', f64(4)], ['ratio', f64(0.25)], ['done', iface('bool', true)], ['nothing', null],
        ['attachments', list(obj(['title', str('Step B.2')], ['fields', list(obj(['short', iface('bool', true)], ['value', str('QA')]))], ['color', str('#ff0000')]))],
        ['evidence', obj(['post_ids', list(str('a'), str('b'))], ['count', f64(2)])],
    ]),
    Hashtags: '#release', Filenames: [], FileIds: ['f1', 'f2'], PendingPostId: '', HasReactions: true, RemoteId: 'remote-1',
    ReplyCount: 3, LastReplyAt: 1700000999000, Participants: [], IsFollowing: true,
    Metadata: {
        Embeds: [], Emojis: [], Files: [], Images: null, Reactions: [], Acknowledgements: [], ExpireAt: 0, Recipients: [],
        Priority: {Priority: 'urgent', RequestedAck: true, PersistentNotifications: null, PostId: '', ChannelId: ''},
    },
};

export const VECTORS: readonly GobVector[] = [
    {name: 'bool_true', items: [same(g.bool(), true)]},
    {name: 'bool_false', items: [same(g.bool(), false)]},
    {name: 'int_top', items: [same(g.int(), -12345)]},
    {name: 'int64_beyond_2_53', items: [same(g.int64(), -9007199254740993n)]},
    {name: 'uint64_max', items: [same(g.uint64(), 18446744073709551615n)]},
    {name: 'float64_top', items: [same(g.float64(), 17)]},
    {name: 'string_top', items: [same(g.string(), 'hello, gob')]},
    {name: 'ints_min', items: [same(Ints, {I: -(2n ** 63n), I8: -128, I16: -32768, I32: -2147483648, I64: -(2n ** 63n)})]},
    {name: 'ints_max', items: [same(Ints, {I: 2n ** 63n - 1n, I8: 127, I16: 32767, I32: 2147483647, I64: 2n ** 63n - 1n})]},
    {name: 'ints_small', items: [same(Ints, {I: 1, I8: -1, I16: 300, I32: -70000, I64: 2 ** 40})]},
    {name: 'uints_max', items: [same(Uints, {U: 2n ** 64n - 1n, U8: 255, U16: 65535, U32: 4294967295, U64: 2n ** 64n - 1n, Ptr: 2n ** 62n})]},
    {name: 'floats', items: [same(Floats, {F32: 1.5, F64: Math.PI, Neg: -2.75e-300, Tiny: 5e-324, Inf: Infinity, NegInf: -Infinity, Big: 3.4028234663852886e38})]},
    {name: 'complexes', items: [same(Complexes, {C64: {real: 1.5, imag: -2}, C128: {real: Math.E, imag: 1e300}})]},
    {name: 'strings', items: [same(Strings, {Empty: '', ASCII: 'plain ascii', Unicode: 'héllo wörld ✓ 🚀 日本語', Long: 'release checklist '.repeat(600)})]},
    {name: 'bytes', items: [same(Bytes, {B: Uint8Array.from([0, 1, 2, 255, 128]), Empty: new Uint8Array(0), Arr: [9, 8, 7, 6]})]},
    {name: 'big_bytes', items: [same(g.bytes(), bigBytes)]},
    {name: 'slices', items: [same(Slices, {
        Ints: [0, -1, 1, 1000000], Strs: ['', 'a', 'bc'], Nested: [['x'], [], ['y', 'z']], Structs: [point(0, 0), point(1, 2)],
        Ptrs: [point(3, 4), point(0, 0)], Bools: [true, false, true], Floats: [0, 0.5, -1],
    })]},
    {name: 'arrays', items: [same(Arrays, {A: [1, 0, -3], Zero: ['', ''], P: [point(1, 1), point(0, 0)]})]},
    {name: 'maps', items: [same(Maps, {
        M: new Map([['a', 1], ['b', 0], ['c', -5]]), Empty: new Map(), Nil: null, IntKeys: new Map([[1, 'one'], [-2, 'minus two']]),
        StructVal: new Map([['o', point(0, 0)], ['p', point(7, 8)]]), Lists: new Map([['k', ['v1', 'v2']]]),
    })]},
    {name: 'nested_structs', items: [same(Nested, {
        Name: 'outer', In: {A: 'in', B: [1, 2]}, PIn: {A: 'p', B: []}, Deep: {Level: 2, Deeper: {Note: 'bottom'}},
    })]},
    {name: 'recursive_tree', items: [same(g.ptr(Node), {Value: 1, Children: [leaf(2), {Value: 3, Children: [leaf(4)], Next: null}], Next: null})]},
    {name: 'recursive_chain', items: [same(g.ptr(Node), chain)]},
    {name: 'pointers', items: [same(Pointers, {PI: 7, PP: -9, PStr: 's', PNil: null, PZero: point(0, 0), PStruct: point(1, 2), PBool: true})]},
    {name: 'pointer_to_zero', items: [{
        encode: [Pointers, {PI: 0, PP: null, PStr: '', PNil: null, PZero: null, PStruct: null, PBool: false}],
        decode: [Pointers, {PI: null, PP: null, PStr: null, PNil: null, PZero: null, PStruct: null, PBool: null}],
    }]},
    {name: 'all_zero', items: [same(AllZero, {
        B: false, I: 0, S: '', F: 0, Sl: [], M: null, If: null, P: null, T: ZERO_TIME, Arr: [0, 0], In: {A: '', B: []},
    })]},
    {name: 'empty_struct', items: [same(Empty, {})]},
    {name: 'interfaces', items: [same(Interfaces, {
        A: str('text'), B: null, C: iface('int64', -5), D: iface('main.Point', point(1, 2)),
        E: list(str('a'), f64(1.5), iface('bool', true), null),
        F: obj(['k', str('v')], ['n', obj(['deep', list(f64(1))])]),
        G: iface('time.Time', time(utc(2023, 5, 6, 7, 8, 9), 10, null)),
        H: iface('*model.AppError', zeroOf(AppError, {Id: 'api.error', StatusCode: 404})),
        I: iface('[]string', ['x', 'y']), J: iface('uint8', 200),
    })]},
    {name: 'nested_interface_types', items: [same(Wrapper, {
        Label: 'outer',
        Value: list(obj(['p', iface('main.Point', point(3, 4))], ['w', iface('main.Wrapper', {Label: 'inner', Value: iface('main.Inner', {A: 'deep', B: [5]})})])),
    })]},
    {name: 'times', items: [same(Times, {
        UTC: time(utc(2024, 2, 29, 23, 59, 59), 999999999, null),
        Fixed: time(utc(2021, 3, 4, 5, 6, 7) - 19800, 0, 19800),
        West: time(utc(1999, 12, 31, 16, 0, 0) + 28800, 500, -28800),
        Zero: ZERO_TIME,
        Odd: time(utc(2020, 1, 1) - 5415, 0, 5415),
        Early: time(-62135596800 + 1, 0, null),
        Far: time(253402300799, 0, null),
    })]},
    {name: 'app_error', items: [same(g.ptr(AppError), appError)]},
    {name: 'post', items: [same(g.ptr(Post), post)]},
    {name: 'http_request', items: [same(g.ptr(Request), request)]},
    {name: 'serve_http_args', items: [same(ServeHTTPArgs, {
        ResponseWriterStream: 7, Request: {...request, Body: null}, RequestBodyStream: 9,
        Context: {SessionId: '', RequestId: 'req-1', IPAddress: '10.0.0.7', AcceptLanguage: 'en', UserAgent: ''},
    })]},
    {name: 'execute_command', items: [
        same(ExecuteCommandArgs, {
            A: {SessionId: 's1', RequestId: 'cmd-1', IPAddress: '', AcceptLanguage: '', UserAgent: 'mmctl'},
            B: {
                UserId: 'u1', ChannelId: 'c1', TeamId: 't1', RootId: 'r1', ParentId: '', TriggerId: 'trigger-1', Command: '/release status',
                SiteURL: 'https://chat.example.com', UserMentions: new Map([['alice', 'u2']]), ChannelMentions: null,
            },
        }),
        same(ExecuteCommandReturns, {
            A: zeroOf(CommandResponse, {
                ResponseType: 'ephemeral', Text: 'Release 2.0.0', Props: new Map([['from_plugin', iface('bool', true)]]),
                ExtraResponses: [zeroOf(CommandResponse, {ResponseType: 'in_channel', Text: 'posted', SkipSlackParsing: true})],
            }),
            B: null,
        }),
        same(ExecuteCommandReturns, {A: null, B: zeroOf(AppError, {Id: 'app.command.execute.app_error', StatusCode: 500, Where: 'ExecuteCommand'})}),
    ]},
    {name: 'hook_errors', items: [
        same(OnActivateReturns, {A: iface('*plugin.ErrorString', {Code: 1, Err: 'EOF'})}),
        same(OnActivateReturns, {A: iface('*model.AppError', zeroOf(AppError, {Id: 'app.plugin.activate.app_error', Message: 'bot exists', StatusCode: 400}))}),
        same(OnActivateReturns, {A: null}),
    ]},
    {name: 'skip_unknown', items: [
        {
            encode: [Wide, {
                Keep: 'kept', Skip1: new Map([['a', [point(1, 2)]]]), Skip2: iface('main.Point', point(3, 4)),
                Skip3: [{A: 'x', B: []}, {A: '', B: []}, {A: '', B: [1]}], Skip4: time(utc(2022, 1, 1), 0, null),
                Skip5: chain, Skip6: {real: 1, imag: 2}, Skip7: Buffer.from('raw'), Skip8: [new Map([[1, {A: 'm', B: []}]])], Keep2: 42,
            }],
            decode: [Narrow, {Keep: 'kept', Keep2: 42}],
        },
        same(Point, point(5, 6)),
    ]},
    {name: 'stream_reuse', items: [
        same(Point, point(1, 2)), same(Point, point(3, 4)), same(RPCRequest, {ServiceMethod: 'Plugin.OnActivate', Seq: 1}),
        same(Point, point(0, 0)), same(RPCResponse, {ServiceMethod: 'Plugin.OnActivate', Seq: 1, Error: ''}), same(g.string(), 'end'),
    ]},
    {name: 'rpc_headers', items: [
        same(RPCRequest, {ServiceMethod: 'Plugin.ServeHTTP', Seq: 2 ** 40}),
        same(RPCResponse, {ServiceMethod: 'Plugin.ServeHTTP', Seq: 2 ** 40, Error: 'boom'}),
    ]},
    {name: 'map_top', items: [same(g.map(g.string(), g.iface()), new Map([['a', str('b')], ['list', list(str('c'), f64(2.5))]]))]},
];
