// OpenInteractiveDialog over a real net/rpc connection: the product's request crosses gob as
// Z_OpenInteractiveDialogArgs{A model.OpenDialogRequest} with Go's field names, the host's
// reading gives back the same request, and an AppError reply is thrown with its text.
import {RpcClient, RpcServer, rpcMethod} from '../wire/netrpc';
import {socketPair} from '../wire/yamux/test-socket-pair';
import type {OpenDialogRequest} from '../product/platform';
import {MattermostApiClient} from './api-client';
import {openDialogFromModel} from './dialog-convert';
import {MattermostApiError, newAppError} from './errors';
import {mattermostRegistry} from './model-schemas';
import {apiZ} from './z-schemas';

type Struct = Record<string, unknown>;

async function connect(reply: (args: Struct) => Struct) {
    const [a, b, cleanup] = await socketPair();
    const registry = mattermostRegistry();
    const seen: Struct[] = [];
    const z = apiZ('OpenInteractiveDialog');
    const server = new RpcServer();
    server.register('Plugin', {
        OpenInteractiveDialog: rpcMethod(z.args, z.returns, async (args: unknown) => {
            seen.push(args as Struct);
            return reply(args as Struct);
        }),
    });
    void server.serveConn(b, {registry});
    const rpc = new RpcClient(a, {registry});
    return {api: new MattermostApiClient(rpc, {fallbackLog: () => undefined}), seen, close: () => {
        rpc.close();
        cleanup();
    }};
}

const request: OpenDialogRequest = {
    triggerId: 'trigger-1',
    url: '/plugins/com.mattermost.release-checklist/api/v1/dialogs/start',
    dialog: {
        callbackId: 'release-start', title: 'Start a release', introductionText: 'Starts a release.', submitLabel: 'Start',
        notifyOnCancel: false, state: '{"c":"chan1"}',
        elements: [
            {displayName: 'Template', name: 'template', type: 'select', default: 'sec', options: [{text: 'Security', value: 'sec'}, {text: 'Other', value: 'other'}]},
            {displayName: 'Version', name: 'version', type: 'text', placeholder: '1.1.1', maxLength: 32},
            {displayName: 'Release day', name: 'release_day', type: 'text', minLength: 10, maxLength: 10, helpText: 'YYYY-MM-DD'},
            {displayName: 'Mug', name: 'condition_mug', type: 'bool', default: 'true', optional: true},
            {displayName: 'Issues', name: 'issues', type: 'textarea', optional: true},
        ],
    },
};

test('the request crosses gob with model.OpenDialogRequest field names and reads back the same', async () => {
    const c = await connect(() => ({}));
    try {
        await c.api.openInteractiveDialog(request);
        expect(c.seen).toHaveLength(1);
        const sent = c.seen[0].A as Struct;
        expect(sent.TriggerId).toBe('trigger-1');
        expect(sent.URL).toBe(request.url);
        const dialog = sent.Dialog as Struct;
        expect(dialog.CallbackId).toBe('release-start');
        const elements = dialog.Elements as Struct[];
        expect(elements.map((e) => [e.Name, e.Type])).toEqual(request.dialog.elements.map((e) => [e.name, e.type]));
        expect((elements[0].Options as Struct[]).map((o) => o.Value)).toEqual(['sec', 'other']);
        expect(elements[3].Optional).toBe(true);
        expect(openDialogFromModel(sent)).toEqual(request);
    } finally {
        c.close();
    }
});

test('an AppError reply (an expired trigger id) is thrown with the server text', async () => {
    const c = await connect(() => ({A: newAppError('DecodeAndVerifyTriggerId', 'interactive_message.decode_trigger_id.expired', 'Trigger ID for interactive dialog is expired.', 400)}));
    try {
        const err = await c.api.openInteractiveDialog(request).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(MattermostApiError);
        expect((err as Error).message).toMatch(/OpenInteractiveDialog.*expired/);
    } finally {
        c.close();
    }
});

test('a host reading an odd struct gets empty values, not an exception', () => {
    expect(openDialogFromModel(null)).toEqual({triggerId: '', url: '', dialog: {callbackId: '', title: '', introductionText: '', submitLabel: '', notifyOnCancel: false, state: '', elements: []}});
    expect(openDialogFromModel({Dialog: {Elements: [{Name: 'x', Type: 'wizard', Options: [null]}]}}).dialog.elements)
        .toEqual([{displayName: '', name: 'x', type: 'text', options: [{text: '', value: ''}]}]);
});
