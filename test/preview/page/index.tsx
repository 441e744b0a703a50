// Entry of the preview page: exposes the globals the Mattermost web app gives plugins,
// builds the host store, renders the shell, then loads the plugin's real webapp bundle with
// a script tag and calls initialize(registry, store), as the web app does.
import * as Luxon from 'luxon';
import PropTypes from 'prop-types';
import React, {useSyncExternalStore} from 'react';
import ReactDOM from 'react-dom';
import {createRoot} from 'react-dom/client';
import * as ReactIntl from 'react-intl';
import * as ReactRedux from 'react-redux';
import * as Redux from 'redux';

import {api} from './api';
import {App} from './App';
import {formatText, messageHtmlToComponent} from './markdown';
import {navigate} from './navigation';
import {createRegistry, registrations, subscribeRegistrations} from './registry';
import {createHostStore, type Bootstrap, type ThemeName} from './store';
import {applyTheme, THEMES} from './theme';

interface PluginLike {
    initialize?: (registry: unknown, store: unknown) => unknown;
}

Object.assign(window, {
    React, ReactDOM, Redux, ReactRedux, ReactIntl, PropTypes, Luxon,
    PostUtils: {formatText, messageHtmlToComponent},
    WebappUtils: {browserHistory: {push: navigate, replace: navigate}},
});

function Intl({children}: {children: React.ReactNode}) {
    const reg = useSyncExternalStore(subscribeRegistrations, registrations);
    const messages = Object.assign({}, ...reg.translations.map((get) => get('en')));
    return <ReactIntl.IntlProvider locale='en' messages={messages}>{children}</ReactIntl.IntlProvider>;
}

function SignIn({boot}: {boot: Bootstrap}) {
    return (
        <main className='pv-console'>
            <h1>Who are you?</h1>
            <ul>
                {boot.people.map((p) => <li key={p.id}><a href={`/preview/login?user=${p.username}&next=/`}>{p.name}</a> ({p.role})</li>)}
            </ul>
        </main>
    );
}

async function main(): Promise<void> {
    const root = createRoot(document.getElementById('root')!);
    const themeName: ThemeName = localStorage.getItem('preview-theme') === 'dark' ? 'dark' : 'light';
    applyTheme(THEMES[themeName]);
    let boot: Bootstrap;
    try {
        boot = await api.bootstrap();
    } catch (err) {
        root.render(<div className='pv-banner' role='alert'>The preview server did not answer: {String(err)}</div>);
        return;
    }
    if (!boot.me) {
        root.render(<SignIn boot={boot}/>);
        return;
    }
    const host = createHostStore(boot, themeName);
    (window as {registerPlugin?: unknown}).registerPlugin = (id: string, plugin: PluginLike) => {
        if (id !== boot.manifest.id || typeof plugin?.initialize !== 'function') {
            console.error(`preview: ignored registerPlugin for ${id}`);
            return;
        }
        // Not awaited, as in the web app.
        plugin.initialize(createRegistry(id, host), host.store);
    };
    root.render(
        <ReactRedux.Provider store={host.store}>
            <Intl><App boot={boot}/></Intl>
        </ReactRedux.Provider>,
    );
    const bundle = document.currentScript?.getAttribute('data-plugin-bundle') ??
        document.querySelector('script[data-plugin-bundle]')?.getAttribute('data-plugin-bundle');
    const script = document.createElement('script');
    script.src = bundle ?? '';
    script.onerror = () => console.error('preview: the plugin bundle did not load');
    document.body.appendChild(script);
}

void main();
