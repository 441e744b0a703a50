// Loads the bundle entry the way the host does: a mocked window.registerPlugin captures
// the plugin, which is then initialized against a mocked registry and a host store.
import {act, render, screen, waitFor} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fs from 'fs';
import path from 'path';
import React from 'react';
import {IntlProvider} from 'react-intl';
import {Provider} from 'react-redux';

import type {HostStore, PluginInstance, PluginRegistry} from './host';
import {PLUGIN_ID, PLUGIN_STATE_KEY} from './manifest';
import {CHANNEL, ME, makeRun, makeStep, summaryOf} from './testing/fixtures';
import {makeHostStore} from './testing/host';
import {MockServer} from './testing/server';

type Mocked = {[K in keyof PluginRegistry]-?: jest.Mock};

/** 'returns-rhs': the host hands back the RHS it made for the app bar (current web app); 'id-only': older hosts; 'none': no app bar. */
type AppBarKind = 'returns-rhs' | 'id-only' | 'none';

function mockRegistry(kind: AppBarKind): Mocked {
    const appBarRhs = {id: 'appbar-rhs', showRHSPlugin: {type: 'SHOW_APPBAR_RHS'}, hideRHSPlugin: {type: 'HIDE_APPBAR_RHS'}, toggleRHSPlugin: {type: 'TOGGLE_APPBAR_RHS'}};
    const registry = {
        registerReducer: jest.fn(),
        registerTranslations: jest.fn(),
        registerRightHandSidebarComponent: jest.fn(() => ({id: 'rhs', showRHSPlugin: {type: 'SHOW'}, hideRHSPlugin: {type: 'HIDE'}, toggleRHSPlugin: {type: 'TOGGLE_RHS'}})),
        registerAppBarComponent: jest.fn(() => (kind === 'returns-rhs' ? {id: 'appbar', rhsComponent: appBarRhs} : 'appbar')),
        registerChannelHeaderButtonAction: jest.fn(() => 'header'),
        registerPostDropdownMenuAction: jest.fn(() => 'menu'),
        registerRootComponent: jest.fn(() => 'root'),
        registerWebSocketEventHandler: jest.fn(),
        registerReconnectHandler: jest.fn(),
        registerAdminConsoleCustomSetting: jest.fn(),
        registerSlashCommandWillBePostedHook: jest.fn(() => 'hook'),
    };
    if (kind === 'none') {
        delete (registry as Partial<typeof registry>).registerAppBarComponent;
    }
    return registry as unknown as Mocked;
}

// The entry is loaded once, as the host loads the script once; the captured plugin is then
// initialized and uninitialized by each test, as the host does on disable and re-enable.
let plugin: PluginInstance;
beforeAll(() => {
    window.registerPlugin = jest.fn((id: string, p: PluginInstance) => {
        expect(id).toBe(PLUGIN_ID);
        plugin = p;
    });
    require('./index');
    expect(window.registerPlugin).toHaveBeenCalledTimes(1);
    expect(plugin).toBeDefined();
});

function setup(kind: AppBarKind = 'returns-rhs') {
    const server = new MockServer();
    const run = makeRun({}, [
        makeStep({id: 'tag', title: 'Tag the release', role: 'qa'}),
        makeStep({id: 'notes', title: 'Write the release notes', role: 'dev'}),
    ]);
    server.on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(run)], currentRunId: run.id});
    server.on('GET /runs?channel_id=quiet', {runs: [], currentRunId: null});
    server.on(`GET /runs/${run.id}`, run);
    server.on('POST /api/v4/users/ids', []);
    globalThis.fetch = server.fetch as unknown as typeof fetch;
    const store = makeHostStore({posts: {p1: {id: 'p1', channel_id: CHANNEL}, p2: {id: 'p2', channel_id: 'quiet'}}});
    const registry = mockRegistry(kind);
    plugin.initialize(registry as unknown as PluginRegistry, store as unknown as HostStore);
    return {server, store, registry, plugin, run};
}

afterAll(() => {
    delete window.registerPlugin;
});

describe('plugin registration', () => {
    it('makes every registration the product needs, with the app bar where the host has one', async () => {
        const {registry, plugin, store, server} = setup();

        expect(registry.registerReducer).toHaveBeenCalledWith(expect.any(Function));
        const reducer = registry.registerReducer.mock.calls[0][0];
        expect(reducer(undefined, {type: '@@INIT'})).toMatchObject({activeRunByChannel: {}});

        const translate = registry.registerTranslations.mock.calls[0][0];
        const en = translate('en');
        expect(Object.keys(en).length).toBeGreaterThan(50);
        expect(Object.keys(en).every((id) => id.startsWith(`${PLUGIN_ID}.`))).toBe(true);

        expect(registry.registerAppBarComponent).toHaveBeenCalledWith(
            expect.stringMatching(/^data:image\/svg\+xml/), undefined, 'Release Checklist', null, expect.any(Function), 'Release Checklist',
        );
        // The app bar's own RHS serves every entry point: no second RHS registration.
        expect(registry.registerRightHandSidebarComponent).not.toHaveBeenCalled();
        // The header button too: the host drops it while the app bar is on, and shows it
        // when the app bar is turned off by configuration.
        expect(registry.registerChannelHeaderButtonAction).toHaveBeenCalledTimes(1);
        const [icon, headerAction, dropdownText, tooltip] = registry.registerChannelHeaderButtonAction.mock.calls[0];
        expect(React.isValidElement(icon)).toBe(true);
        expect([dropdownText, tooltip]).toEqual(['Release Checklist', 'Release Checklist']);
        const dispatch = jest.spyOn(store, 'dispatch');
        headerAction();
        expect(dispatch).toHaveBeenCalledWith({type: 'TOGGLE_APPBAR_RHS'});
        dispatch.mockRestore();

        // `/release` alone opens the app bar's RHS and is swallowed; anything else goes through.
        expect(registry.registerSlashCommandWillBePostedHook).toHaveBeenCalledTimes(1);
        const hook = registry.registerSlashCommandWillBePostedHook.mock.calls[0][0];
        const slashDispatch = jest.spyOn(store, 'dispatch');
        const args = {channel_id: CHANNEL, team_id: 'team-1', root_id: ''};
        await expect(Promise.resolve(hook('/release ', args))).resolves.toEqual({});
        expect(slashDispatch).toHaveBeenCalledWith({type: 'SHOW_APPBAR_RHS'});
        slashDispatch.mockClear();
        await expect(Promise.resolve(hook('/release status', args))).resolves.toEqual({message: '/release status', args});
        expect(slashDispatch).not.toHaveBeenCalledWith({type: 'SHOW_APPBAR_RHS'});
        slashDispatch.mockRestore();

        expect(registry.registerPostDropdownMenuAction.mock.calls.map((c) => c[0])).toEqual(['Mark step done', 'Attach as evidence']);
        expect(registry.registerRootComponent).toHaveBeenCalledTimes(1);
        expect(registry.registerWebSocketEventHandler.mock.calls.map((c) => c[0]).sort()).toEqual([
            `custom_${PLUGIN_ID}_current_run_changed`, `custom_${PLUGIN_ID}_run_created`, `custom_${PLUGIN_ID}_run_updated`,
        ]);
        expect(registry.registerReconnectHandler).toHaveBeenCalledWith(expect.any(Function));
        // Every custom setting of plugin.json has its component (the validated text fields included).
        const manifest = jest.requireActual('../../plugin.json') as {settings_schema: {settings: Array<{key: string; type: string}>}};
        const custom = manifest.settings_schema.settings.filter((s) => s.type === 'custom').map((s) => s.key);
        expect(custom).toEqual(['DefaultTimeZone', 'WorkingDays', 'Holidays', 'AnnouncementChannel', 'ReleaseDiscussionChannel', 'InstallersChannel', 'DefaultRoleAssignments', 'Templates']);
        expect(registry.registerAdminConsoleCustomSetting.mock.calls.map((c) => c[0]).sort()).toEqual([...custom].sort());
        expect(registry.registerAdminConsoleCustomSetting.mock.calls.every((c) => c[2].showTitle === true)).toBe(true);

        // The current channel was probed at once so the post menu knows about it.
        await waitFor(() => expect(store.getState()[PLUGIN_STATE_KEY].activeRunByChannel[CHANNEL]).toBe(true));
        expect(server.callsTo('GET', '/runs?channel_id=')).toHaveLength(1);
        plugin.uninitialize();
    });

    it('registers an RHS of its own for the header button where the app bar call answers only an id', () => {
        const {registry, store, plugin} = setup('id-only');
        expect(registry.registerAppBarComponent).toHaveBeenCalledTimes(1);
        expect(registry.registerRightHandSidebarComponent).toHaveBeenCalledTimes(1);
        const action = registry.registerChannelHeaderButtonAction.mock.calls[0][1];
        const dispatch = jest.spyOn(store, 'dispatch');
        action();
        expect(dispatch).toHaveBeenCalledWith({type: 'TOGGLE_RHS'});
        plugin.uninitialize();
    });

    it('falls back to a channel header button that toggles the RHS on hosts without the app bar', () => {
        const {registry, store, plugin} = setup('none');
        expect(registry.registerRightHandSidebarComponent).toHaveBeenCalledWith(expect.any(Function), 'Release Checklist');
        const [icon, action, dropdownText, tooltip] = registry.registerChannelHeaderButtonAction.mock.calls[0];
        expect(React.isValidElement(icon)).toBe(true);
        expect(dropdownText).toBe('Release Checklist');
        expect(tooltip).toBe('Release Checklist');
        const dispatch = jest.spyOn(store, 'dispatch');
        action();
        expect(dispatch).toHaveBeenCalledWith({type: 'TOGGLE_RHS'});
        plugin.uninitialize();
    });

    it('shows the post actions only in channels with an active run, and the action opens the step chooser', async () => {
        const {registry, store, server, plugin} = setup();
        const [, doneAction, filter] = registry.registerPostDropdownMenuAction.mock.calls[0];
        await waitFor(() => expect(filter('p1')).toBe(true));
        expect(filter('unknown-post')).toBe(false);
        // A channel not seen yet: false now, probed once in the background.
        expect(filter('p2')).toBe(false);
        expect(filter('p2')).toBe(false);
        await waitFor(() => expect(server.callsTo('GET', '/runs?channel_id=quiet')).toHaveLength(1));
        expect(filter('p2')).toBe(false);

        act(() => doneAction('p1'));
        expect(store.getState()[PLUGIN_STATE_KEY].chooser).toEqual({postId: 'p1', mode: 'done'});

        const Root = registry.registerRootComponent.mock.calls[0][0];
        server.on('POST /runs/run-1/steps/tag/done', () => ({body: makeRun({revision: 2}, [makeStep({id: 'tag', title: 'Tag the release', role: 'qa', state: 'done'})])}));
        render(
            <Provider store={store}>
                <IntlProvider locale='en'><Root/></IntlProvider>
            </Provider>,
        );
        const dialog = await screen.findByRole('dialog', {name: 'Mark a step done with this post as evidence'});
        // The caller (QA) owns "Tag the release": it comes first.
        const choices = await screen.findAllByRole('button', {name: /Tag the release|Write the release notes/});
        expect(choices[0]).toHaveTextContent('Tag the release');
        expect(choices[0]).toHaveTextContent('yours');
        await userEvent.type(screen.getByLabelText('Search steps'), 'notes');
        expect(screen.queryByRole('button', {name: /Tag the release/})).toBeNull();
        await userEvent.clear(screen.getByLabelText('Search steps'));
        await userEvent.click(screen.getByRole('button', {name: /Tag the release/}));
        await waitFor(() => expect(dialog).not.toBeInTheDocument());
        expect(server.callsTo('POST', '/runs/run-1/steps/tag/done')[0].body).toEqual({postId: 'p1', source: 'post-menu'});

        const [, evidenceAction] = registry.registerPostDropdownMenuAction.mock.calls[1];
        act(() => evidenceAction('p1'));
        expect(store.getState()[PLUGIN_STATE_KEY].chooser).toEqual({postId: 'p1', mode: 'evidence'});
        plugin.uninitialize();
    });

    it('a channel whose probe failed is not asked again on every menu render', async () => {
        const {registry, store, server, plugin} = setup();
        const filter = registry.registerPostDropdownMenuAction.mock.calls[0][2];
        server.on('GET /runs?channel_id=quiet', () => ({status: 500, body: {error: 'down'}}));
        expect(filter('p2')).toBe(false);
        await waitFor(() => expect(store.getState()[PLUGIN_STATE_KEY].syncErrors.quiet).toBe('down'));
        for (let i = 0; i < 5; i++) {
            expect(filter('p2')).toBe(false);
        }
        await new Promise((r) => setTimeout(r, 0));
        expect(server.callsTo('GET', '/runs?channel_id=quiet')).toHaveLength(1);
        plugin.uninitialize();
    });

    it('uninitialize removes what initialize started', async () => {
        const {plugin, store, server} = setup();
        expect(document.head.querySelector('style')).not.toBeNull();
        await waitFor(() => expect(server.callsTo('GET', '/runs?channel_id=')).toHaveLength(1));
        plugin.uninitialize();
        expect(document.head.querySelector('style')).toBeNull();
        // No more store subscription: switching channels starts no request.
        store.dispatch({type: 'TEST_SET_CHANNEL', channelId: 'quiet'});
        await new Promise((r) => setTimeout(r, 0));
        expect(server.callsTo('GET', '/runs?channel_id=quiet')).toHaveLength(0);
    });

    it('uses the plugin id of the manifest', () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'plugin.json'), 'utf8'));
        expect(PLUGIN_ID).toBe(manifest.id);
        expect(ME).toBeTruthy();
    });
});
