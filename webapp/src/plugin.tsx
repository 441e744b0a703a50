// The plugin object handed to window.registerPlugin: every registration it makes, and
// everything it starts (store subscription, stylesheet, in-flight answers) is stopped
// again by uninitialize.
import React from 'react';

import {ApiClient} from './api/client';
import {siteUrlFrom} from './api/site_url';
import {ServicesProvider, type Services} from './components/context';
import {RoleAssignmentsSetting} from './components/console/RoleAssignmentsSetting';
import {TemplatesSetting} from './components/console/TemplatesSetting';
import {VALIDATED_SETTINGS} from './components/console/ValidatedSetting';
import {StepChooserRoot} from './components/postmenu/StepChooser';
import {RhsView} from './components/rhs/RhsView';
import type {HostStore, PluginInstance, PluginRegistry, RhsRegistration} from './host';
import {messages, translationsFor, type MessageKey} from './i18n/messages';
import {ChecklistIcon, ICON_URL} from './icon';
import {WS_CURRENT_RUN_CHANGED, WS_RUN_CREATED, WS_RUN_UPDATED} from './manifest';
import {chooserOpened} from './state/actions';
import {RunOps} from './state/ops';
import {slashCommandHook} from './slash';
import {reducer} from './state/reducer';
import {channelHasActiveRun, getCurrentChannelId, getCurrentUserId, getPostChannelId, getUser, pluginState} from './state/selectors';
import {injectStyles} from './styles';
import {makeHandlers} from './websocket';

/** Gives a host-rendered component the plugin's services. */
function withServices<P extends object>(services: Services, Component: React.ComponentType<P>, name: string): React.ComponentType<P> {
    const Wrapped = (props: P) => (
        <ServicesProvider services={services}>
            <Component {...props}/>
        </ServicesProvider>
    );
    Wrapped.displayName = `ReleaseChecklist(${name})`;
    return Wrapped;
}

/**
 * The RHS and, where the host has one, the app bar icon that toggles it. Answers the RHS
 * registration whose actions the header button and `/release` dispatch: the one the app bar
 * made where the host returns it, else one of our own (hosts that answer the app bar call
 * with an id only, and hosts without the app bar).
 */
function registerRhs(registry: PluginRegistry, Rhs: React.ComponentType, title: string, tooltip: string): RhsRegistration {
    if (typeof registry.registerAppBarComponent === 'function') {
        const out = registry.registerAppBarComponent(ICON_URL, undefined, tooltip, null, Rhs, title);
        const made = typeof out === 'object' && out !== null ? out.rhsComponent : undefined;
        if (made && made.toggleRHSPlugin && made.showRHSPlugin) {
            return made;
        }
    }
    return registry.registerRightHandSidebarComponent(Rhs, title);
}

export class Plugin implements PluginInstance {
    private cleanups: Array<() => void> = [];

    initialize(registry: PluginRegistry, store: HostStore): void {
        const api = new ApiClient(() => siteUrlFrom(store.getState() as never));
        const ops = new RunOps(api, store);
        const services: Services = {ops};
        this.cleanups.push(() => ops.dispose());
        this.cleanups.push(injectStyles());

        // Strings passed to the registry outside React: the user's locale, English fallback.
        const locale = (getUser(store.getState(), getCurrentUserId(store.getState() as never))?.locale) || 'en';
        const text = (key: MessageKey) => translationsFor(locale)[messages[key].id] ?? messages[key].defaultMessage;

        registry.registerReducer(reducer);
        registry.registerTranslations(translationsFor);

        const Rhs = withServices(services, RhsView, 'RHS');
        const title = text('title');
        const tooltip = text('appBarTooltip');
        const rhs = registerRhs(registry, Rhs, title, tooltip);
        // The channel header button is registered on every host: with the app bar on, the
        // host drops header buttons of plugins that have an app bar component; with the app
        // bar turned off by configuration (or absent), this button is the entry point.
        registry.registerChannelHeaderButtonAction(<ChecklistIcon/>, () => store.dispatch(rhs.toggleRHSPlugin), title, tooltip);
        if (typeof registry.registerSlashCommandWillBePostedHook === 'function') {
            registry.registerSlashCommandWillBePostedHook(slashCommandHook(() => store.dispatch(rhs.showRHSPlugin)));
        }

        // The filter runs on every menu render: two map lookups; an unknown channel is
        // probed once in the background so the actions appear on the next render.
        const filter = (postId: string): boolean => {
            const state = store.getState();
            const channelId = getPostChannelId(state, postId);
            if (!channelId) {
                return false;
            }
            if (!(channelId in pluginState(state).activeRunByChannel)) {
                ops.probeChannel(channelId);
            }
            return channelHasActiveRun(state, channelId);
        };
        registry.registerPostDropdownMenuAction(text('postMenuDone'), (postId: string) => {
            store.dispatch(chooserOpened(postId, 'done'));
        }, filter);
        registry.registerPostDropdownMenuAction(text('postMenuEvidence'), (postId: string) => {
            store.dispatch(chooserOpened(postId, 'evidence'));
        }, filter);
        registry.registerRootComponent(withServices(services, StepChooserRoot, 'StepChooser'));

        const handlers = makeHandlers(store, ops);
        registry.registerWebSocketEventHandler(WS_RUN_UPDATED, handlers.runUpdated);
        registry.registerWebSocketEventHandler(WS_RUN_CREATED, handlers.runCreated);
        registry.registerWebSocketEventHandler(WS_CURRENT_RUN_CHANGED, handlers.currentRunChanged);
        registry.registerReconnectHandler(handlers.reconnect);

        for (const [key, Setting] of VALIDATED_SETTINGS) {
            registry.registerAdminConsoleCustomSetting(key, withServices(services, Setting, key), {showTitle: true});
        }
        registry.registerAdminConsoleCustomSetting('DefaultRoleAssignments', withServices(services, RoleAssignmentsSetting, 'RoleAssignments'), {showTitle: true});
        registry.registerAdminConsoleCustomSetting('Templates', withServices(services, TemplatesSetting, 'Templates'), {showTitle: true});

        // Learn whether each channel the user opens has an active run, so the post menu
        // knows before it is first opened there.
        let lastChannel = '';
        const onStoreChange = () => {
            const channelId = getCurrentChannelId(store.getState() as never);
            if (channelId && channelId !== lastChannel) {
                lastChannel = channelId;
                ops.probeChannel(channelId);
            }
        };
        this.cleanups.push(store.subscribe(onStoreChange));
        onStoreChange();
    }

    uninitialize(): void {
        const cleanups = this.cleanups;
        this.cleanups = [];
        cleanups.reverse().forEach((fn) => fn());
    }
}
