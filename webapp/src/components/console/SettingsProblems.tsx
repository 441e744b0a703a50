// The plugin settings the server ignored (GET /defaults, settingsProblems: admins only).
// Mattermost renders and saves the plain settings itself, so a bad time zone or working
// day list would otherwise only show up in the server log.
import React, {useCallback, useEffect, useRef, useState} from 'react';

import type {AdminSettingProps} from '../../host';
import {useServices, useT} from '../context';
import {useDomId} from '../hooks';

/** The list of ignored settings, as an alert box (console) or a small notice (start form). */
export function SettingsProblemsList({problems, variant}: {problems: readonly string[]; variant: 'console' | 'start'}) {
    const t = useT();
    const titleId = useDomId();
    if (problems.length === 0) {
        return null;
    }
    const inConsole = variant === 'console';
    return (
        <div
            className={inConsole ? 'rc-error rc-settings-problems' : 'rc-warning rc-settings-problems'}
            role={inConsole ? 'alert' : 'region'}
            aria-labelledby={titleId}
            style={{display: 'block'}}
        >
            <strong id={titleId}>{t(inConsole ? 'settingsProblemsTitle' : 'startSettingsProblemsTitle')}</strong>
            <ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul>
            <div className={inConsole ? undefined : 'rc-muted'}>{t(inConsole ? 'settingsProblemsHelp' : 'startSettingsProblemsHelp')}</div>
        </div>
    );
}

/**
 * Fetches the problems when the console page mounts and again after each save (the save
 * action runs once Mattermost stored the new configuration). A failed fetch shows nothing:
 * the box is a hint on top of a page that works without it.
 */
export function useSettingsProblems(props: Pick<AdminSettingProps, 'registerSaveAction' | 'unRegisterSaveAction'>): string[] {
    const {ops} = useServices();
    const [problems, setProblems] = useState<string[]>([]);
    const live = useRef(true);
    const refresh = useCallback(async (): Promise<void> => {
        try {
            const d = await ops.api.defaults();
            if (live.current) {
                setProblems(Array.isArray(d.settingsProblems) ? d.settingsProblems.filter((p): p is string => typeof p === 'string') : []);
            }
        } catch {
            // Keep what is shown; the other settings on the page report their own errors.
        }
    }, [ops]);
    const {registerSaveAction, unRegisterSaveAction} = props;
    useEffect(() => {
        live.current = true;
        void refresh();
        const onSave = async (): Promise<{error?: {message: string}}> => {
            await refresh();
            return {};
        };
        // Older hosts may not pass the save hooks; the box then updates on the next visit.
        if (typeof registerSaveAction === 'function') {
            registerSaveAction(onSave);
        }
        return () => {
            live.current = false;
            if (typeof unRegisterSaveAction === 'function') {
                unRegisterSaveAction(onSave);
            }
        };
    }, [refresh, registerSaveAction, unRegisterSaveAction]);
    return problems;
}
