// The plugin settings the server ignores, as a box: in the System Console for the settings
// that have no field of ours to show it under (settings-check.ts), and in the start form
// (GET /defaults, settingsProblems: admins only).
import React from 'react';

import {useT} from '../context';
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
