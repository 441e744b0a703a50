// The slice of the Mattermost web app's plugin host this plugin relies on. Typed here
// (rather than taken from the web app's source) because the host is not an npm package.
import type {ComponentType, ReactNode} from 'react';
import type {Store, AnyAction} from 'redux';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Reducer = (state: any, action: AnyAction) => unknown;

export interface RhsRegistration {
    id: string;
    showRHSPlugin: AnyAction;
    hideRHSPlugin: AnyAction;
    toggleRHSPlugin: AnyAction;
}

/**
 * What registerAppBarComponent returns: with an RHS component, recent hosts hand back the
 * RHS registration they made for it; older ones only an id.
 */
export type AppBarRegistration = string | {id: string; rhsComponent?: RhsRegistration} | undefined;

/** Props the System Console passes to a custom setting component. */
export interface AdminSettingProps {
    id: string;
    label: string;
    helpText: ReactNode;
    value: unknown;
    disabled: boolean;
    setByEnv: boolean;
    /** The host's configuration object (the saved one in Mattermost; the page's values in the preview host). */
    config?: unknown;
    onChange: (id: string, value: unknown) => void;
    setSaveNeeded: () => void;
    registerSaveAction: (fn: () => Promise<{error?: {message: string}}>) => void;
    unRegisterSaveAction: (fn: () => Promise<{error?: {message: string}}>) => void;
}

export interface WebSocketMessage {
    event: string;
    data: unknown;
    broadcast?: {channel_id?: string};
}

/** Every registry method takes positional arguments; newer ones may be missing on older hosts. */
export interface PluginRegistry {
    registerReducer(reducer: Reducer): void;
    registerTranslations(get: (locale: string) => Record<string, string>): void;
    registerRightHandSidebarComponent(component: ComponentType, title: ReactNode): RhsRegistration;
    registerAppBarComponent?(
        iconUrl: string,
        action: undefined,
        tooltipText: ReactNode,
        supportedProductIds: null,
        rhsComponent: ComponentType,
        rhsTitle: ReactNode,
    ): AppBarRegistration;
    registerChannelHeaderButtonAction(icon: ReactNode, action: () => void, dropdownText: ReactNode, tooltipText: ReactNode): string;
    registerPostDropdownMenuAction(text: ReactNode, action: (postId: string) => void, filter: (postId: string) => boolean): string;
    registerRootComponent(component: ComponentType): string;
    registerWebSocketEventHandler(event: string, handler: (msg: WebSocketMessage) => void): void;
    registerReconnectHandler(handler: () => void): void;
    registerSlashCommandWillBePostedHook?(hook: (message: string, args: unknown) => unknown): string;
    registerAdminConsoleCustomSetting(key: string, component: ComponentType<AdminSettingProps>, options: {showTitle: boolean}): void;
}

export type HostStore = Store<Record<string, unknown>, AnyAction>;

export interface PluginInstance {
    initialize(registry: PluginRegistry, store: HostStore): void;
    uninitialize(): void;
}

interface BrowserHistory {
    push(path: string): void;
}

declare global {
    interface Window {
        registerPlugin?: (id: string, plugin: PluginInstance) => void;
        /** Subpath the web app is served under, set by the host (e.g. '/mattermost'). */
        basename?: string;
        WebappUtils?: {browserHistory?: BrowserHistory};
        PostUtils?: {
            formatText?: (text: string, options?: Record<string, unknown>) => string;
            messageHtmlToComponent?: (html: string, options?: Record<string, unknown>) => ReactNode;
        };
    }
}
