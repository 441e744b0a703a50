// Entry of the preview page: exposes the globals the Mattermost web app gives plugins, signs
// in, reads what the shell needs from the REST API, builds the host store, renders the
// shell, then loads each plugin's webapp bundle from where the server serves it and calls
// initialize(registry, store), as the web app does.
import * as Luxon from 'luxon';
import PropTypes from 'prop-types';
import React, {useSyncExternalStore} from 'react';
import ReactDOM from 'react-dom';
import {createRoot} from 'react-dom/client';
import * as ReactIntl from 'react-intl';
import * as ReactRedux from 'react-redux';
import * as Redux from 'redux';

import {api, request} from './api';
import {App} from './App';
import {formatText, messageHtmlToComponent} from './markdown';
import {navigate} from './navigation';
import {createRegistry, registrations, subscribeRegistrations} from './registry';
import {loadBootstrap} from './bootstrap';
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

/** The sign-in form (POST /api/v4/users/login); the stand-in also offers its people by name. */
function SignIn({backend}: {backend: Bootstrap['backend']}) {
    const [login, setLogin] = React.useState('');
    const [password, setPassword] = React.useState('');
    const [error, setError] = React.useState<string | null>(null);
    const [people, setPeople] = React.useState<Array<{username: string; name: string; role: string}>>([]);
    React.useEffect(() => {
        if (backend === 'stand-in') {
            request<typeof people>('GET', '/preview/people').then(setPeople, () => undefined);
        }
    }, [backend]);
    const next = window.location.pathname;
    return (
        <main className='pv-console'>
            <h1>Sign in</h1>
            <form aria-label='Sign in' onSubmit={(e) => {
                e.preventDefault();
                setError(null);
                api.login(login.trim(), password).then(() => window.location.reload(), (err: Error) => setError(err.message));
            }}>
                <div className='pv-setting'>
                    <label className='pv-label' htmlFor='pv-login'>Username or email</label>
                    <input id='pv-login' type='text' autoComplete='username' value={login} onChange={(e) => setLogin(e.target.value)}/>
                </div>
                <div className='pv-setting'>
                    <label className='pv-label' htmlFor='pv-password'>Password</label>
                    <input id='pv-password' type='password' autoComplete='current-password' value={password} onChange={(e) => setPassword(e.target.value)}/>
                </div>
                {error && <div className='pv-error' role='alert'>{error}</div>}
                <div className='pv-save'><button type='submit'>Sign in</button></div>
            </form>
            {people.length > 0 && (
                <>
                    <h2>Or pick a person</h2>
                    <ul>
                        {people.map((p) => <li key={p.username}><a href={`/preview/login?user=${encodeURIComponent(p.username)}&next=${encodeURIComponent(next)}`}>{p.name}</a> ({p.role})</li>)}
                    </ul>
                </>
            )}
        </main>
    );
}

async function main(): Promise<void> {
    const root = createRoot(document.getElementById('root')!);
    const themeName: ThemeName = localStorage.getItem('preview-theme') === 'dark' ? 'dark' : 'light';
    applyTheme(THEMES[themeName]);
    const script = document.currentScript ?? document.querySelector('script[data-backend]');
    const backend: Bootstrap['backend'] = script?.getAttribute('data-backend') === 'mattermost' ? 'mattermost' : 'stand-in';
    let boot: Bootstrap | null;
    try {
        boot = await loadBootstrap(backend);
    } catch (err) {
        root.render(<div className='pv-banner' role='alert'>The server did not answer: {String(err)}</div>);
        return;
    }
    if (!boot) {
        root.render(<SignIn backend={backend}/>);
        return;
    }
    const host = createHostStore(boot, themeName);
    const known = new Set(boot.plugins.map((p) => p.id));
    (window as {registerPlugin?: unknown}).registerPlugin = (id: string, plugin: PluginLike) => {
        if (!known.has(id) || typeof plugin?.initialize !== 'function') {
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
    // As the web app: one script tag per plugin, from where the server serves its bundle.
    for (const p of boot.plugins) {
        const tag = document.createElement('script');
        tag.src = p.bundleUrl;
        tag.onerror = () => console.error(`preview: the bundle of ${p.id} did not load`);
        document.body.appendChild(tag);
    }
}

void main();
