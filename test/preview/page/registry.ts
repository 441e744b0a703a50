// The plugin registry the Mattermost web app hands to initialize(registry, store), with its
// argument conventions: positional arguments, or one object whose keys the host knows (an
// object with an unknown key falls back to positional, as the real host does). What plugins
// register is kept in one observable table the page's components render from.
import type React from 'react';
import type {AnyAction, Reducer} from 'redux';

import type {HostStore} from './store';

export interface WebSocketMessage {
    event: string;
    data: unknown;
    broadcast: {channel_id?: string; user_id?: string};
    seq: number;
}

export interface RhsEntry {id: string; pluginId: string; component: React.ComponentType<Record<string, unknown>>; title: React.ReactNode}
export interface AppBarEntry {id: string; pluginId: string; iconUrl: string; tooltip: React.ReactNode; action?: () => void; rhsId?: string}
export interface HeaderButtonEntry {id: string; pluginId: string; icon: React.ReactNode; action: (channel: unknown, member: unknown) => void; dropdownText: React.ReactNode; tooltip: React.ReactNode}
export interface PostActionEntry {id: string; pluginId: string; text: React.ReactNode; action: (postId: string) => void; filter?: (postId: string) => boolean}
export interface CustomSettingEntry {pluginId: string; key: string; component: React.ComponentType<Record<string, unknown>>; showTitle: boolean}

export interface Registrations {
    rhs: RhsEntry[];
    appBar: AppBarEntry[];
    headerButtons: HeaderButtonEntry[];
    postActions: PostActionEntry[];
    root: Array<{id: string; pluginId: string; component: React.ComponentType}>;
    settings: CustomSettingEntry[];
    translations: Array<(locale: string) => Record<string, string>>;
    wsHandlers: Map<string, (msg: WebSocketMessage) => void>;
    reconnect: Map<string, () => void>;
    commandHooks: Map<string, (message: string, args: unknown) => unknown>;
}

let table: Registrations = {
    rhs: [], appBar: [], headerButtons: [], postActions: [], root: [], settings: [], translations: [],
    wsHandlers: new Map(), reconnect: new Map(), commandHooks: new Map(),
};
const listeners = new Set<() => void>();
let nextId = 1;

export function registrations(): Registrations {
    return table;
}

export function subscribeRegistrations(fn: () => void): () => void {
    listeners.add(fn);
    return () => listeners.delete(fn);
}

function update(change: (t: Registrations) => Partial<Registrations>): void {
    table = {...table, ...change(table)};
    listeners.forEach((fn) => fn());
}

/**
 * Reads a call's arguments: positional, or a single object form when every key is one the
 * host knows for that method.
 */
function args<T extends Record<string, unknown>>(names: Array<keyof T & string>, raw: unknown[]): Partial<T> {
    const first = raw[0];
    const isObjectForm = raw.length === 1 && first !== null && typeof first === 'object' && !Array.isArray(first) &&
        !('$$typeof' in (first as object)) && Object.keys(first as object).every((k) => names.includes(k as keyof T & string));
    if (isObjectForm) {
        return first as Partial<T>;
    }
    return Object.fromEntries(names.map((n, i) => [n, raw[i]])) as Partial<T>;
}

export function rhsAction(componentId: string, mode: 'show' | 'hide' | 'toggle'): AnyAction {
    return {type: 'PREVIEW_RHS', componentId, mode};
}

export function createRegistry(pluginId: string, host: HostStore) {
    const id = (kind: string) => `${pluginId}_${kind}_${nextId++}`;
    const registerRhs = (component: RhsEntry['component'], title: React.ReactNode) => {
        const rhsId = id('rhs');
        update((t) => ({rhs: [...t.rhs, {id: rhsId, pluginId, component, title}]}));
        return {
            id: rhsId,
            showRHSPlugin: rhsAction(rhsId, 'show'),
            hideRHSPlugin: rhsAction(rhsId, 'hide'),
            toggleRHSPlugin: rhsAction(rhsId, 'toggle'),
        };
    };
    return {
        registerReducer(reducer: Reducer) {
            host.mountPluginReducer(pluginId, reducer);
        },
        registerTranslations(get: (locale: string) => Record<string, string>) {
            update((t) => ({translations: [...t.translations, get]}));
        },
        registerRightHandSidebarComponent(...raw: unknown[]) {
            const a = args<{component: RhsEntry['component']; title: React.ReactNode}>(['component', 'title'], raw);
            return registerRhs(a.component!, a.title);
        },
        registerAppBarComponent(...raw: unknown[]) {
            const a = args<{iconUrl: string; action: () => void; tooltipText: React.ReactNode; supportedProductIds: unknown; rhsComponent: RhsEntry['component']; rhsTitle: React.ReactNode}>(
                ['iconUrl', 'action', 'tooltipText', 'supportedProductIds', 'rhsComponent', 'rhsTitle'], raw);
            const appId = id('appbar');
            const rhs = a.rhsComponent ? registerRhs(a.rhsComponent, a.rhsTitle) : null;
            update((t) => ({appBar: [...t.appBar, {id: appId, pluginId, iconUrl: a.iconUrl ?? '', tooltip: a.tooltipText, action: a.action, rhsId: rhs?.id}]}));
            // As the web app: with an RHS component, the RHS registration comes back too.
            return rhs ? {id: appId, rhsComponent: rhs} : appId;
        },
        registerChannelHeaderButtonAction(...raw: unknown[]) {
            const a = args<{icon: React.ReactNode; action: HeaderButtonEntry['action']; dropdownText: React.ReactNode; tooltipText: React.ReactNode}>(
                ['icon', 'action', 'dropdownText', 'tooltipText'], raw);
            const buttonId = id('header');
            update((t) => ({headerButtons: [...t.headerButtons, {id: buttonId, pluginId, icon: a.icon, action: a.action!, dropdownText: a.dropdownText, tooltip: a.tooltipText}]}));
            return buttonId;
        },
        registerPostDropdownMenuAction(...raw: unknown[]) {
            const a = args<{text: React.ReactNode; action: (postId: string) => void; filter: (postId: string) => boolean}>(['text', 'action', 'filter'], raw);
            const actionId = id('postaction');
            update((t) => ({postActions: [...t.postActions, {id: actionId, pluginId, text: a.text, action: a.action!, filter: a.filter}]}));
            return actionId;
        },
        unregisterPostDropdownMenuAction(actionId: string) {
            update((t) => ({postActions: t.postActions.filter((p) => p.id !== actionId)}));
        },
        registerRootComponent(...raw: unknown[]) {
            const a = args<{component: React.ComponentType}>(['component'], raw);
            const rootId = id('root');
            update((t) => ({root: [...t.root, {id: rootId, pluginId, component: a.component!}]}));
            return rootId;
        },
        unregisterComponent(componentId: string) {
            update((t) => ({
                rhs: t.rhs.filter((x) => x.id !== componentId), appBar: t.appBar.filter((x) => x.id !== componentId),
                headerButtons: t.headerButtons.filter((x) => x.id !== componentId), root: t.root.filter((x) => x.id !== componentId),
            }));
        },
        registerAdminConsoleCustomSetting(...raw: unknown[]) {
            const a = args<{key: string; component: CustomSettingEntry['component']; options: {showTitle?: boolean}}>(['key', 'component', 'options'], raw);
            update((t) => ({settings: [...t.settings.filter((s) => !(s.pluginId === pluginId && s.key === a.key)), {pluginId, key: a.key!, component: a.component!, showTitle: a.options?.showTitle ?? false}]}));
        },
        registerWebSocketEventHandler(event: string, handler: (msg: WebSocketMessage) => void) {
            // One handler per event name and plugin, as in the web app.
            update((t) => ({wsHandlers: new Map(t.wsHandlers).set(`${pluginId} ${event}`, handler)}));
        },
        unregisterWebSocketEventHandler(event: string) {
            update((t) => {
                const m = new Map(t.wsHandlers);
                m.delete(`${pluginId} ${event}`);
                return {wsHandlers: m};
            });
        },
        registerReconnectHandler(handler: () => void) {
            update((t) => ({reconnect: new Map(t.reconnect).set(pluginId, handler)}));
        },
        unregisterReconnectHandler() {
            update((t) => {
                const m = new Map(t.reconnect);
                m.delete(pluginId);
                return {reconnect: m};
            });
        },
        registerSlashCommandWillBePostedHook(hook: (message: string, args: unknown) => unknown) {
            update((t) => ({commandHooks: new Map(t.commandHooks).set(pluginId, hook)}));
        },
    };
}

/**
 * The channel header buttons the web app shows: with the app bar on (always, on this page),
 * buttons of plugins that also registered an app bar component are dropped.
 */
export function visibleHeaderButtons(reg: Registrations, appBarEnabled = true): HeaderButtonEntry[] {
    return appBarEnabled ? reg.headerButtons.filter((b) => !reg.appBar.some((a) => a.pluginId === b.pluginId)) : reg.headerButtons;
}

export type SlashHookOutcome = {message: string; args: unknown} | {swallowed: true} | {error: string};

/**
 * Runs the plugins' SlashCommandWillBePosted hooks as the web app does: no answer leaves
 * the command as it is, `{error}` rejects it, `{message, args}` rewrites it, and `{}`
 * swallows it and stops the hooks after it.
 */
export async function runSlashCommandHooks(message: string, args: unknown): Promise<SlashHookOutcome> {
    let out = {message, args};
    for (const hook of registrations().commandHooks.values()) {
        const result = await hook(out.message, out.args) as {message?: string; args?: unknown; error?: {message?: string}} | undefined;
        if (!result) {
            continue;
        }
        if ('error' in result) {
            return {error: result.error?.message ?? 'The command was rejected.'};
        }
        if (Object.keys(result).length === 0) {
            return {swallowed: true};
        }
        out = {message: result.message ?? '', args: result.args};
    }
    return out;
}

/** Hands a websocket message to every plugin handler registered for its event name. */
export function dispatchToHandlers(msg: WebSocketMessage): void {
    for (const [key, handler] of registrations().wsHandlers) {
        if (key.slice(key.indexOf(' ') + 1) === msg.event) {
            try {
                handler(msg);
            } catch (err) {
                console.error(`plugin websocket handler for ${msg.event} failed`, err);
            }
        }
    }
}

export function callReconnectHandlers(): void {
    for (const handler of registrations().reconnect.values()) {
        try {
            handler();
        } catch (err) {
            console.error('plugin reconnect handler failed', err);
        }
    }
}
