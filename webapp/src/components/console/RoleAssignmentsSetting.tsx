// System Console: who fills each role in a new run. The setting's value is a JSON
// object of role id to user ids; a value that does not parse is shown, not discarded.
// Being the first custom setting on the page, it also shows the settings the server ignored.
import React, {useMemo} from 'react';

import type {AdminSettingProps} from '../../host';
import {DEFAULT_ROLES} from '../../model/roles';
import {ownRecord, ownValue} from '../../model/own';
import {UserPicker} from '../common/UserPicker';
import {useT} from '../context';

import {SettingsProblemsList, useSettingsProblems} from './SettingsProblems';

export function parseAssignments(value: unknown): {roles: Record<string, string[]>; error: string | null} {
    if (value === undefined || value === null || value === '') {
        return {roles: {}, error: null};
    }
    let parsed: unknown = value;
    if (typeof value === 'string') {
        try {
            parsed = JSON.parse(value);
        } catch (err) {
            return {roles: {}, error: `The stored value is not valid JSON (${err instanceof Error ? err.message : String(err)}).`};
        }
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return {roles: {}, error: 'The stored value is not an object of role ids to user ids.'};
    }
    const roles = ownRecord<string[]>();
    for (const [role, ids] of Object.entries(parsed as Record<string, unknown>)) {
        if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
            return {roles: {}, error: `Role "${role}" does not hold a list of user ids.`};
        }
        roles[role] = ids as string[];
    }
    return {roles, error: null};
}

export function RoleAssignmentsSetting(props: AdminSettingProps) {
    const t = useT();
    const {roles, error} = useMemo(() => parseAssignments(props.value), [props.value]);
    // The first custom setting of the page, so the ignored-settings box sits at its top.
    const problems = useSettingsProblems(props);
    // Roles of templates other than the default one may be in the value already.
    const all = [...DEFAULT_ROLES, ...Object.keys(roles).filter((id) => !DEFAULT_ROLES.some((r) => r.id === id)).map((id) => ({id, name: id}))];
    const change = (role: string, ids: string[]) => {
        const next = {...roles, [role]: ids};
        props.onChange(props.id, JSON.stringify(next));
        props.setSaveNeeded();
    };
    return (
        <div className='rc-root rc-console'>
            <SettingsProblemsList problems={problems} variant='console'/>
            <p className='rc-muted'>{t('consoleRolesHelp')}</p>
            {error && (
                <div className='rc-error' role='alert'>
                    <div>{error}</div>
                    <pre className='rc-pre'>{String(props.value)}</pre>
                </div>
            )}
            {all.map((role) => (
                <UserPicker
                    key={role.id}
                    label={role.name}
                    selected={ownValue(roles, role.id) ?? []}
                    disabled={props.disabled || props.setByEnv}
                    onChange={(ids) => change(role.id, ids)}
                />
            ))}
        </div>
    );
}
