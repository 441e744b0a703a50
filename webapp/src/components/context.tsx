// Services shared by every surface, provided by the plugin when it wraps a registered
// component (the host renders them, so they cannot receive props from the plugin).
import React, {createContext, useCallback, useContext} from 'react';
import {useIntl} from 'react-intl';

import {messages, type MessageKey} from '../i18n/messages';
import type {RunOps} from '../state/ops';

export interface Services {
    ops: RunOps;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({services, children}: {services: Services; children: React.ReactNode}) {
    return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
    const s = useContext(ServicesContext);
    if (!s) {
        throw new Error('Release Checklist: component rendered outside its services provider');
    }
    return s;
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Formats one of the plugin's messages. */
export function useT(): Translate {
    const intl = useIntl();
    return useCallback((key, values) => intl.formatMessage(messages[key], values), [intl]);
}
