// Renders a surface the way the Mattermost web app would: inside the host's Redux store
// and IntlProvider, with the plugin's services, talking to a mocked server.
import {render, type RenderResult} from '@testing-library/react';
import React from 'react';
import {IntlProvider} from 'react-intl';
import {Provider} from 'react-redux';
import {combineReducers, legacy_createStore as createStore, type AnyAction, type Store} from 'redux';

import {ApiClient} from '../api/client';
import {ServicesProvider} from '../components/context';
import {englishTranslations} from '../i18n/messages';
import {PLUGIN_STATE_KEY} from '../manifest';
import {RunOps} from '../state/ops';
import {reducer} from '../state/reducer';

import {CHANNEL, ME, TEAM} from './fixtures';
import {MockServer, SITE_URL} from './server';

export interface HostOptions {
    channelId?: string | null;
    userId?: string;
    posts?: Record<string, {id: string; channel_id: string}>;
    profiles?: Record<string, {id: string; username: string}>;
}

/** A stand-in for the host's entities reducers: only the branches the plugin reads. */
export function makeHostStore(opts: HostOptions = {}): Store {
    const userId = opts.userId ?? ME;
    const entities = (state = {
        users: {currentUserId: userId, profiles: {[userId]: {id: userId, username: 'me', timezone: {useAutomaticTimezone: 'false', manualTimezone: 'UTC', automaticTimezone: ''}}, ...(opts.profiles ?? {})}},
        channels: {currentChannelId: opts.channelId === undefined ? CHANNEL : opts.channelId ?? ''},
        teams: {currentTeamId: TEAM, teams: {[TEAM]: {id: TEAM, name: 'core'}}},
        general: {config: {SiteURL: SITE_URL}},
        posts: {posts: opts.posts ?? {}},
    }, action: AnyAction) => {
        if (action.type === 'RECEIVED_PROFILES_LIST') {
            const profiles = {...state.users.profiles};
            for (const u of action.data as Array<{id: string}>) {
                profiles[u.id] = u as never;
            }
            return {...state, users: {...state.users, profiles}};
        }
        if (action.type === 'TEST_SET_CHANNEL') {
            return {...state, channels: {currentChannelId: action.channelId}};
        }
        return state;
    };
    return createStore(combineReducers({entities, [PLUGIN_STATE_KEY]: reducer}));
}

export interface Harness extends RenderResult {
    store: Store;
    server: MockServer;
    ops: RunOps;
}

export function renderInHost(ui: React.ReactElement, opts: HostOptions & {server?: MockServer; store?: Store} = {}): Harness {
    const server = opts.server ?? new MockServer();
    // Core user routes go through Client4, which uses the global fetch.
    (globalThis as {fetch?: unknown}).fetch = server.fetch;
    if (!server.has('POST /api/v4/users/ids')) {
        server.on('POST /api/v4/users/ids', (ids: unknown) => ({body: (ids as string[]).map((id) => ({id, username: id.replace('user-', '')}))}));
    }
    const store = opts.store ?? makeHostStore(opts);
    const ops = new RunOps(new ApiClient(() => SITE_URL, server.fetch as unknown as typeof fetch), store);
    const wrap = (children: React.ReactNode) => (
        <Provider store={store}>
            <IntlProvider locale='en' messages={englishTranslations()}>
                <ServicesProvider services={{ops}}>{children}</ServicesProvider>
            </IntlProvider>
        </Provider>
    );
    const result = render(wrap(ui));
    return {...result, store, server, ops, rerender: (next: React.ReactNode) => result.rerender(wrap(next))};
}
