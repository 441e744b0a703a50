// The API client over a real net/rpc connection (gob on a socket) to a fake Mattermost
// serving the contract's Z_ structs: each PlatformApi call reaches the right method with the
// right fields, model structs come back as product types, and AppErrors turn into null or
// thrown errors as PlatformApi promises.
import {goInterface} from '../wire/gob';
import {RpcClient, RpcServer, rpcMethod, type RpcMethod} from '../wire/netrpc';
import {socketPair} from '../wire/yamux/test-socket-pair';
import {MattermostApiClient} from './api-client';
import {MattermostApiError, newAppError} from './errors';
import {mattermostRegistry} from './model-schemas';
import {apiZ} from './z-schemas';

type Struct = Record<string, unknown>;
type Handler = (args: Struct) => Struct | Promise<Struct>;

const notFound = (where: string) => newAppError(where, 'app.missing', 'not found', 404);

async function connect(handlers: Record<string, Handler>) {
    const [a, b, cleanup] = await socketPair();
    const registry = mattermostRegistry();
    const calls: Array<{name: string; args: Struct}> = [];
    const methods: Record<string, RpcMethod> = {};
    for (const [name, handler] of Object.entries(handlers)) {
        const z = apiZ(name);
        methods[name] = rpcMethod(z.args, z.returns, async (args: unknown) => {
            calls.push({name, args: args as Struct});
            return handler(args as Struct);
        });
    }
    const server = new RpcServer();
    server.register('Plugin', methods);
    void server.serveConn(b, {registry});
    const rpc = new RpcClient(a, {registry});
    const fallback: string[] = [];
    const api = new MattermostApiClient(rpc, {fallbackLog: (l) => fallback.push(l)});
    return {api, calls, fallback, close: () => {
        rpc.close();
        cleanup();
    }};
}

test('users: model fields become product fields, the manual or automatic zone is chosen, 404 is null', async () => {
    const c = await connect({
        GetUser: (args) => (args.A === 'u1'
            ? {A: {Id: 'u1', Username: 'alice', FirstName: 'Alice', LastName: 'A', Nickname: 'al', Email: 'a@x', IsBot: false,
                Timezone: {useAutomaticTimezone: 'true', automaticTimezone: 'Europe/Berlin', manualTimezone: 'UTC'}}}
            : {B: notFound('GetUser')}),
        GetUserByUsername: (args) => ({A: {Id: 'u2', Username: args.A, Timezone: {useAutomaticTimezone: 'false', manualTimezone: 'Asia/Tokyo'}}}),
    });
    try {
        expect(await c.api.getUser('u1')).toEqual({
            id: 'u1', username: 'alice', firstName: 'Alice', lastName: 'A', nickname: 'al', email: 'a@x', isBot: false, deleteAt: 0, timeZone: 'Europe/Berlin',
        });
        expect(await c.api.getUser('nobody')).toBeNull();
        expect(await c.api.getUserByUsername('@Bob')).toMatchObject({id: 'u2', username: 'bob', timeZone: 'Asia/Tokyo'});
        expect(c.calls.map((x) => x.args.A)).toEqual(['u1', 'nobody', 'bob']);
    } finally {
        c.close();
    }
});

test('an AppError other than 404 is thrown with the server text and status', async () => {
    const c = await connect({GetChannel: () => ({B: newAppError('GetChannel', 'app.channel.get.app_error', 'db down', 500, 'timeout')})});
    try {
        const err = await c.api.getChannel('c1').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(MattermostApiError);
        expect((err as MattermostApiError).message).toBe('GetChannel: GetChannel: db down, timeout');
        expect((err as MattermostApiError).statusCode).toBe(500);
    } finally {
        c.close();
    }
});

test('channels, teams, membership and permissions', async () => {
    const c = await connect({
        GetChannelByNameForTeamName: (args) => (args.A === 'team-one' && args.B === 'release' && args.C === false
            ? {A: {Id: 'c1', TeamId: 't1', Name: 'release', DisplayName: 'Release', Type: 'O'}} : {B: notFound('x')}),
        GetTeam: (args) => (args.A === 't1' ? {A: {Id: 't1', Name: 'team-one', DisplayName: 'Team One'}} : {B: notFound('GetTeam')}),
        GetChannelMember: (args) => (args.A === 'c1' && args.B === 'u1' ? {A: {ChannelId: 'c1', UserId: 'u1'}} : {B: notFound('member')}),
        HasPermissionTo: (args) => ({A: args.A === 'u1' && (args.B as Struct).Id === 'manage_system'}),
        GetDirectChannel: (args) => ({A: {Id: 'dm', Type: 'D', Name: `${args.A}__${args.B}`}}),
    });
    try {
        expect(await c.api.getChannelByNameForTeamName('team-one', 'release')).toEqual({id: 'c1', teamId: 't1', name: 'release', displayName: 'Release', type: 'O'});
        expect(await c.api.getChannelByNameForTeamName('team-one', 'other')).toBeNull();
        expect(await c.api.getTeam('t1')).toEqual({id: 't1', name: 'team-one', displayName: 'Team One'});
        expect(await c.api.getTeam('t9')).toBeNull();
        expect(await c.api.isChannelMember('c1', 'u1')).toBe(true);
        expect(await c.api.isChannelMember('c1', 'u2')).toBe(false);
        expect(await c.api.hasPermission('u1', 'manage_system')).toBe(true);
        expect(await c.api.hasPermission('u2', 'manage_system')).toBe(false);
        expect(await c.api.getDirectChannel('a', 'b')).toMatchObject({id: 'dm', type: 'D', name: 'a__b'});
    } finally {
        c.close();
    }
});

test('KV: get, set, compare-and-set options, delete and list keep Mattermost semantics', async () => {
    const store = new Map<string, Uint8Array>();
    const c = await connect({
        KVGet: (args) => ({A: store.get(args.A as string) ?? null}),
        KVSet: (args) => {
            const v = args.B as Uint8Array;
            if (v.length === 0) {
                store.delete(args.A as string);
            } else {
                store.set(args.A as string, v);
            }
            return {};
        },
        KVSetWithOptions: (args) => {
            const o = args.C as {Atomic: boolean; OldValue: Uint8Array; ExpireInSeconds: number};
            const cur = store.get(args.A as string);
            const same = o.OldValue.length === 0 ? cur === undefined : cur !== undefined && Buffer.from(cur).equals(Buffer.from(o.OldValue));
            if (o.Atomic && !same) {
                return {A: false};
            }
            store.set(args.A as string, args.B as Uint8Array);
            return {A: true};
        },
        KVDelete: (args) => {
            store.delete(args.A as string);
            return {};
        },
        KVList: (args) => ({A: [...store.keys()].sort().slice(Number(args.A) * Number(args.B), (Number(args.A) + 1) * Number(args.B))}),
    });
    const b = (s: string) => new Uint8Array(Buffer.from(s));
    try {
        expect(await c.api.kv.get('k')).toBeNull();
        await c.api.kv.set('k', b('one'));
        expect(Buffer.from((await c.api.kv.get('k')) as Uint8Array).toString()).toBe('one');
        expect(await c.api.kv.setWithOptions('k', b('two'), {atomic: true, oldValue: b('nope')})).toBe(false);
        expect(await c.api.kv.setWithOptions('k', b('two'), {atomic: true, oldValue: b('one'), expireInSeconds: 60})).toBe(true);
        expect(await c.api.kv.setWithOptions('new', b('x'), {atomic: true, oldValue: null})).toBe(true);
        expect(await c.api.kv.listKeys(0, 10)).toEqual(['k', 'new']);
        await c.api.kv.delete('k');
        await c.api.kv.set('new', null);
        expect(await c.api.kv.listKeys(0, 10)).toEqual([]);
        await expect(c.api.kv.setWithOptions('k', b('x'), {expireInSeconds: -1})).rejects.toThrow(/expireInSeconds/);
        const cas = c.calls.find((x) => x.name === 'KVSetWithOptions' && (x.args.C as Struct).ExpireInSeconds === 60);
        expect(cas?.args.C).toMatchObject({Atomic: true, ExpireInSeconds: 60});
    } finally {
        c.close();
    }
});

test('configuration keys come back in the settings_schema spelling; bad JSON is a clear error', async () => {
    let payload = JSON.stringify({defaulttimezone: 'Europe/Berlin', reminderhour: 7, unknownkey: 1});
    const c = await connect({LoadPluginConfiguration: () => ({A: new Uint8Array(Buffer.from(payload))})});
    try {
        expect(await c.api.loadPluginConfiguration()).toEqual({DefaultTimeZone: 'Europe/Berlin', ReminderHour: 7, unknownkey: 1});
        payload = '[1]';
        await expect(c.api.loadPluginConfiguration()).rejects.toThrow('plugin configuration is not a JSON object');
        payload = '{oops';
        await expect(c.api.loadPluginConfiguration()).rejects.toThrow(/not valid JSON/);
    } finally {
        c.close();
    }
});

test('posts, ephemeral posts and websocket events carry props as Go interface values', async () => {
    const c = await connect({
        CreatePost: (args) => ({A: {...(args.A as Struct), Id: 'p1', CreateAt: 1700000000000}}),
        UpdatePost: (args) => ({A: args.A}),
        GetPost: (args) => (args.A === 'p1'
            ? {A: {Id: 'p1', ChannelId: 'c1', UserId: 'bot', Message: 'before', IsPinned: true, HasReactions: true, FileIds: ['f1'], Props: new Map()}}
            : {B: notFound('GetPost')}),
        SendEphemeralPost: (args) => ({A: args.B}),
        PublishWebSocketEvent: () => ({}),
    });
    try {
        const created = await c.api.createPost({channelId: 'c1', userId: 'bot', message: 'hi', rootId: 'r1', props: {runId: 'run1', n: 2, list: ['a']}});
        expect(created).toEqual({id: 'p1', channelId: 'c1', userId: 'bot', message: 'hi', rootId: 'r1', createAt: 1700000000000, props: {runId: 'run1', n: 2, list: ['a']}});
        const sent = c.calls[0].args.A as Struct;
        expect((sent.Props as Map<string, unknown>).get('runId')).toEqual(goInterface('string', 'run1'));
        expect(await c.api.updatePost({id: 'p1', channelId: 'c1', userId: 'bot', message: 'edited', props: {k: 'v'}})).toMatchObject({id: 'p1', message: 'edited', isPinned: true});
        // The update is the server's post sent back whole: a pinned post stays pinned, reactions and files stay.
        const update = c.calls.find((x) => x.name === 'UpdatePost')?.args.A as Struct;
        expect(update).toMatchObject({Id: 'p1', Message: 'edited', IsPinned: true, HasReactions: true, FileIds: ['f1']});
        expect((update.Props as Map<string, unknown>).get('k')).toEqual(goInterface('string', 'v'));
        await expect(c.api.updatePost({id: 'missing', channelId: 'c1', userId: 'bot', message: 'x'})).rejects.toThrow(/not found/);
        expect(await c.api.getPost('missing')).toBeNull();
        await c.api.sendEphemeralPost('u1', {channelId: 'c1', userId: 'bot', message: 'only you'});
        await c.api.publishWebSocketEvent('run_updated', {runId: 'r', revision: 3}, {channelId: 'c1'});
        const ws = c.calls.find((x) => x.name === 'PublishWebSocketEvent')?.args as Struct;
        expect(ws.A).toBe('run_updated');
        expect((ws.B as Map<string, unknown>).get('revision')).toEqual(goInterface('float64', 3));
        expect(ws.C).toMatchObject({ChannelId: 'c1', UserId: ''});
    } finally {
        c.close();
    }
});

test('the bot is ensured with its icon; command registration sends the autocomplete tree; errors travel as ErrorString', async () => {
    let registerError: unknown = null;
    const c = await connect({
        EnsureBotUser: (args) => ({A: (args.A as Struct).Username === 'release-checklist' ? 'bot1' : '', B: null}),
        SetProfileImage: () => ({A: newAppError('SetProfileImage', 'x', 'image too large', 400)}),
        RegisterCommand: () => ({A: registerError}),
        LogWarn: () => ({}),
    });
    try {
        expect(await c.api.ensureBot({username: 'release-checklist', displayName: 'Release Checklist', description: 'd', iconPng: new Uint8Array([1, 2])})).toBe('bot1');
        expect(c.calls.find((x) => x.name === 'SetProfileImage')?.args).toMatchObject({A: 'bot1'});
        const spec = {
            trigger: 'release', displayName: 'R', description: 'd', autoCompleteDesc: 'a', autoCompleteHint: 'h',
            autocompleteData: {Trigger: 'release', Hint: '', HelpText: '', RoleID: 'system_user', Arguments: [], SubCommands: [
                {Trigger: 'done', Hint: '', HelpText: '', RoleID: '', SubCommands: [], Arguments: [
                    {Name: '', HelpText: 'step', Type: 'DynamicList', Required: true, Data: {FetchURL: 'plugins/x/steps'}},
                    {Name: '', HelpText: 'day', Type: 'TextInput', Required: false, Data: {Hint: 'YYYY-MM-DD', Pattern: '^\\d+$'}},
                ]},
            ]},
        };
        await c.api.registerCommand(spec);
        const cmd = c.calls.find((x) => x.name === 'RegisterCommand')?.args.A as Struct;
        expect(cmd).toMatchObject({Trigger: 'release', AutoComplete: true, AutoCompleteDesc: 'a'});
        const done = ((cmd.AutocompleteData as Struct).SubCommands as Struct[])[0];
        expect((done.Arguments as Struct[]).map((a) => a.Data)).toEqual([
            goInterface('*model.AutocompleteDynamicListArg', {FetchURL: 'plugins/x/steps'}),
            goInterface('*model.AutocompleteTextArg', {Hint: 'YYYY-MM-DD', Pattern: '^\\d+$'}),
        ]);
        registerError = goInterface('*plugin.ErrorString', {Code: 0, Err: 'invalid command trigger'});
        await expect(c.api.registerCommand(spec)).rejects.toThrow('RegisterCommand: invalid command trigger');
    } finally {
        c.close();
    }
});

test('a method the server lacks fails with its name; a log line the server refuses goes to the fallback', async () => {
    const c = await connect({});
    try {
        await expect(c.api.getServerVersion()).rejects.toThrow(/^GetServerVersion: rpc: can't find (service|method) Plugin.GetServerVersion/);
        c.api.log.error('boom', {run: 'r1', n: 2});
        await new Promise((r) => setTimeout(r, 50));
        expect(c.fallback).toEqual([expect.stringMatching(/^\[ERROR\] boom run r1 n 2 \(not logged through the server: LogError: /)]);
    } finally {
        c.close();
    }
});
