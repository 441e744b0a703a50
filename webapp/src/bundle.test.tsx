// Loads the built bundle (webapp/dist/main.js) as the host does: a script run against the
// globals the web app exposes. Proves the externals map to those globals and that the
// bundle registers and renders without any module of its own for React and friends.
import {render, screen} from '@testing-library/react';
import {spawnSync} from 'child_process';
import fs from 'fs';
import path from 'path';
import React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactIntl from 'react-intl';
import * as ReactRedux from 'react-redux';
import * as Redux from 'redux';
import * as Luxon from 'luxon';

import type {PluginInstance} from './host';
import {CHANNEL, makeRun, summaryOf} from './testing/fixtures';
import {makeHostStore} from './testing/host';
import {MockServer} from './testing/server';

const root = path.join(__dirname, '..', '..');
const bundle = path.join(root, 'webapp', 'dist', 'main.js');

function newest(p: string): number {
    const st = fs.statSync(p);
    return st.isDirectory() ? Math.max(0, ...fs.readdirSync(p).map((n) => newest(path.join(p, n)))) : st.mtimeMs;
}

beforeAll(() => {
    const src = path.join(root, 'webapp', 'src');
    if (!fs.existsSync(bundle) || newest(src) > fs.statSync(bundle).mtimeMs) {
        const res = spawnSync(process.execPath, [require.resolve('webpack-cli/bin/cli.js'), '--config', 'webapp/webpack.config.js', '--mode', 'production'], {cwd: root, encoding: 'utf8'});
        if (res.status !== 0) {
            throw new Error(`webapp build failed:\n${res.stdout}\n${res.stderr}`);
        }
    }
}, 60_000);

it('registers through window.registerPlugin using only host globals, and its RHS renders', async () => {
    const code = fs.readFileSync(bundle, 'utf8');
    expect(code).not.toMatch(/jsx-runtime/);
    const w = window as unknown as Record<string, unknown>;
    Object.assign(w, {React, ReactDOM, Redux, ReactRedux, ReactIntl, Luxon});
    let plugin: PluginInstance | undefined;
    w.registerPlugin = (id: string, p: PluginInstance) => {
        expect(id).toBe('com.mattermost.release-checklist');
        plugin = p;
    };
    // The host adds a script tag; evaluating the text in the page's global scope is the same.
    new Function(code)();
    expect(plugin).toBeDefined();

    const calls: Record<string, unknown[][]> = {};
    const registry = new Proxy({}, {
        get: (_t, name: string) => (...args: unknown[]) => {
            (calls[name] ??= []).push(args);
            return name === 'registerRightHandSidebarComponent' ? {toggleRHSPlugin: {type: 'T'}} : 'id';
        },
    });
    const server = new MockServer();
    const run = makeRun();
    server.on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(run)], currentRunId: run.id});
    server.on('GET /runs/run-1', run);
    server.on('GET /runs/run-1/events', {events: [], nextBefore: null});
    server.on('POST /api/v4/users/ids', []);
    globalThis.fetch = server.fetch as unknown as typeof fetch;
    const store = makeHostStore();
    plugin!.initialize(registry as never, store as never);
    expect(Object.keys(calls).sort()).toEqual([
        'registerAdminConsoleCustomSetting', 'registerAppBarComponent', 'registerPostDropdownMenuAction', 'registerReconnectHandler',
        'registerReducer', 'registerRootComponent', 'registerTranslations', 'registerWebSocketEventHandler',
    ]);
    // Mount the reducer the bundle registered, as the host does, in place of the test one.
    const reducer = calls.registerReducer[0][0] as (s: unknown, a: {type: string}) => unknown;
    const entities = store.getState().entities;
    store.replaceReducer(Redux.combineReducers({
        entities: (s = entities) => s,
        'plugins-com.mattermost.release-checklist': reducer as never,
    }) as never);
    const hostStore = store;
    const Rhs = calls.registerAppBarComponent[0][4] as React.ComponentType;
    render(
        <ReactRedux.Provider store={hostStore}>
            <ReactIntl.IntlProvider locale='en'><Rhs/></ReactIntl.IntlProvider>
        </ReactRedux.Provider>,
    );
    expect(await screen.findByRole('heading', {name: /Release 1\.1\.1/})).toBeInTheDocument();
    plugin!.uninitialize();
});
