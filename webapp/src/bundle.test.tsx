// Loads the built bundle (webapp/dist/main.js) as the host does: a script run against the
// globals the web app exposes. Proves the externals map to those globals and that the
// bundle registers and renders without any module of its own for React and friends.
import {act, render, screen, within} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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
import {CHANNEL, ME, makeRun, makeStep, summaryOf} from './testing/fixtures';
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
            const rhs = {id: 'rhs', showRHSPlugin: {type: 'S'}, hideRHSPlugin: {type: 'H'}, toggleRHSPlugin: {type: 'T'}};
            // As the current web app answers: the app bar call hands back the RHS it made.
            return name === 'registerRightHandSidebarComponent' ? rhs : name === 'registerAppBarComponent' ? {id: 'app', rhsComponent: rhs} : 'id';
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
        'registerAdminConsoleCustomSetting', 'registerAppBarComponent', 'registerChannelHeaderButtonAction', 'registerPostDropdownMenuAction',
        'registerReconnectHandler', 'registerReducer', 'registerRootComponent', 'registerSlashCommandWillBePostedHook', 'registerTranslations',
        'registerWebSocketEventHandler',
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

// What the host's libraries offer on every server the plugin supports (9.5 and up): React
// 17.0.2 (9.5-10.x), 18.2 (11.x) and 19 (12.x), and the react-redux and react-intl builds
// that ship with them. Only names present in all of them are safe for the bundle to touch.
const COMMON_API: Record<string, string[]> = {
    React: [
        'Children', 'Component', 'Fragment', 'Profiler', 'PureComponent', 'StrictMode', 'Suspense', 'cloneElement', 'createContext',
        'createElement', 'createRef', 'forwardRef', 'isValidElement', 'lazy', 'memo', 'useCallback', 'useContext', 'useDebugValue',
        'useEffect', 'useImperativeHandle', 'useLayoutEffect', 'useMemo', 'useReducer', 'useRef', 'useState', 'version',
    ],
    ReactRedux: [
        'Provider', 'ReactReduxContext', 'batch', 'connect', 'createDispatchHook', 'createSelectorHook', 'createStoreHook', 'shallowEqual',
        'useDispatch', 'useSelector', 'useStore',
    ],
    ReactIntl: [
        'IntlProvider', 'RawIntlProvider', 'IntlContext', 'injectIntl', 'createIntl', 'defineMessages', 'defineMessage', 'useIntl',
        'FormattedMessage', 'FormattedDate', 'FormattedTime', 'FormattedNumber', 'FormattedPlural', 'FormattedRelativeTime',
    ],
};
// Read by module interop helpers, not API.
const INTEROP = new Set(['__esModule', 'default']);

/** A host global that records every property the bundle reads from it. */
function recording<T extends object>(lib: T, seen: Set<string>): T {
    return new Proxy(lib, {
        get(target, key, receiver) {
            if (typeof key === 'string' && !INTEROP.has(key)) {
                seen.add(key);
            }
            return Reflect.get(target, key, receiver);
        },
    });
}

it('touches only the React, react-redux and react-intl API common to hosts with React 17, 18 and 19', async () => {
    const code = fs.readFileSync(bundle, 'utf8');
    const seen: Record<string, Set<string>> = {React: new Set(), ReactRedux: new Set(), ReactIntl: new Set()};
    const w = window as unknown as Record<string, unknown>;
    Object.assign(w, {
        React: recording(React, seen.React), ReactDOM, Redux, Luxon,
        ReactRedux: recording(ReactRedux, seen.ReactRedux), ReactIntl: recording(ReactIntl, seen.ReactIntl),
    });
    let plugin: PluginInstance | undefined;
    w.registerPlugin = (_id: string, p: PluginInstance) => {
        plugin = p;
    };
    new Function(code)();

    const calls: Record<string, unknown[][]> = {};
    const registry = new Proxy({}, {
        get: (_t, name: string) => (...args: unknown[]) => {
            (calls[name] ??= []).push(args);
            return 'id';
        },
    });
    const server = new MockServer();
    const run = makeRun({}, [
        makeStep({id: 'tag', title: 'Tag the release', role: 'qa', evidence: [{postId: 'p0', userId: ME, at: '2030-01-01T10:00:00.000Z'}]}),
        makeStep({id: 'cut', title: 'Cut the build', role: 'release-manager', approval: true}),
    ]);
    server.on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(run)], currentRunId: run.id});
    server.on('GET /runs/run-1', run);
    server.on('GET /runs/run-1/events', {events: [{schemaVersion: 1, seq: 0, runId: 'run-1', type: 'run-created', userId: ME, at: '2029-12-01T00:00:00.000Z', source: 'rhs'}], nextBefore: null});
    server.on('POST /api/v4/users/ids', []);
    server.on('GET /templates', [{id: 'sec', name: 'Security release'}]);
    server.on('GET /templates/sec/export', {status: 200, text: '# Security release'});
    server.on('POST /templates/parse', {template: null, errors: [{line: 1, message: 'no phases'}]});
    globalThis.fetch = server.fetch as unknown as typeof fetch;
    const store = makeHostStore({posts: {p1: {id: 'p1', channel_id: CHANNEL}}});
    const reducer = (() => {
        plugin!.initialize(registry as never, store as never);
        return calls.registerReducer[0][0] as (s: unknown, a: {type: string}) => unknown;
    })();
    const entities = store.getState().entities;
    store.replaceReducer(Redux.combineReducers({entities: (s = entities) => s, 'plugins-com.mattermost.release-checklist': reducer as never}) as never);

    const Rhs = calls.registerAppBarComponent[0][4] as React.ComponentType;
    const Root = calls.registerRootComponent[0][0] as React.ComponentType;
    const settings = calls.registerAdminConsoleCustomSetting.map((c) => c[1] as React.ComponentType<Record<string, unknown>>);
    const settingProps = {
        id: 'x', label: 'x', helpText: null, value: '{}', disabled: false, setByEnv: false, onChange: () => undefined,
        setSaveNeeded: () => undefined, registerSaveAction: () => undefined, unRegisterSaveAction: () => undefined,
    };
    render(
        <ReactRedux.Provider store={store}>
            <ReactIntl.IntlProvider locale='en'>
                <Rhs/>
                <Root/>
                {settings.map((Setting, i) => <Setting key={i} {...settingProps}/>)}
            </ReactIntl.IntlProvider>
        </ReactRedux.Provider>,
    );
    // Walk the surfaces: checklist, step actions, timeline, the step chooser.
    await screen.findByRole('heading', {name: /Release 1\.1\.1/});
    await userEvent.click(screen.getByRole('button', {name: 'More actions for “Tag the release”'}));
    await userEvent.click(within(screen.getByRole('group', {name: 'Actions for “Tag the release”'})).getByRole('button', {name: 'Skip'}));
    await userEvent.click(screen.getByRole('tab', {name: 'Timeline'}));
    await screen.findByRole('tabpanel', {name: 'Timeline'});
    const [, doneAction] = calls.registerPostDropdownMenuAction[0] as [unknown, (postId: string) => void];
    act(() => doneAction('p1'));
    await screen.findByRole('dialog', {name: 'Mark a step done with this post as evidence'});
    await screen.findByRole('textbox', {name: 'Template Markdown'});
    plugin!.uninitialize();

    expect(seen.React.size).toBeGreaterThan(3);
    for (const [lib, names] of Object.entries(seen)) {
        const outside = [...names].filter((n) => !COMMON_API[lib].includes(n));
        expect({lib, outside}).toEqual({lib, outside: []});
    }
});
