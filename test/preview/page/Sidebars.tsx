// The right-hand side: the app bar (plugin icons; an icon with an RHS component toggles it)
// and the RHS panel that renders the open plugin component with the props the host gives
// it (theme and webSocketClient only).
import React, {useSyncExternalStore} from 'react';
import {useDispatch, useSelector} from 'react-redux';

import {registrations, rhsAction, subscribeRegistrations} from './registry';
import {THEMES} from './theme';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type State = any;

/** The web app passes its websocket client; plugins rarely use it, so it only listens. */
const webSocketClient = {
    addMessageListener: () => undefined,
    removeMessageListener: () => undefined,
};

export function AppBar() {
    const reg = useSyncExternalStore(subscribeRegistrations, registrations);
    const open = useSelector((s: State) => s.views.rhs.pluginComponentId as string | null);
    const dispatch = useDispatch();
    return (
        <nav className='pv-appbar' aria-label='App bar'>
            {reg.appBar.map((a) => (
                <button
                    key={a.id}
                    type='button'
                    aria-label={typeof a.tooltip === 'string' ? a.tooltip : a.pluginId}
                    title={typeof a.tooltip === 'string' ? a.tooltip : undefined}
                    aria-pressed={Boolean(a.rhsId) && open === a.rhsId}
                    onClick={() => (a.rhsId ? dispatch(rhsAction(a.rhsId, 'toggle')) : a.action?.())}
                >
                    <img src={a.iconUrl} alt=''/>
                </button>
            ))}
        </nav>
    );
}

export function Rhs() {
    const reg = useSyncExternalStore(subscribeRegistrations, registrations);
    const open = useSelector((s: State) => s.views.rhs.pluginComponentId as string | null);
    const themeName = useSelector((s: State) => s.views.theme as 'light' | 'dark');
    const dispatch = useDispatch();
    const entry = reg.rhs.find((r) => r.id === open);
    if (!entry) {
        return null;
    }
    const Component = entry.component;
    return (
        <aside className='pv-rhs' aria-label='Right-hand sidebar' data-testid='rhs'>
            <div className='pv-rhs-header'>
                <h2>{entry.title}</h2>
                <button type='button' aria-label='Close the sidebar' onClick={() => dispatch(rhsAction(entry.id, 'hide'))}>×</button>
            </div>
            <div className='pv-rhs-body'>
                <Component theme={THEMES[themeName]} webSocketClient={webSocketClient}/>
            </div>
        </aside>
    );
}
