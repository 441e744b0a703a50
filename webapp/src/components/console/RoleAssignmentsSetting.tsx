// System Console: who fills each role in a new run. The setting's value is a JSON
// object of role id to user ids; a value that does not parse is shown, not discarded.
// What the server finds wrong with the stored value is shown at its top.
import React, {useMemo} from 'react';

import type {AdminSettingProps} from '../../host';
import {DEFAULT_ROLES} from '../../model/roles';
import {ownRecord, ownValue} from '../../model/own';
import {UserPicker} from '../common/UserPicker';
import {useT} from '../context';

import {problemsOf, useSettingsCheck} from './settings-check';

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
    const problems = problemsOf(useSettingsCheck(props.config), 'DefaultRoleAssignments');
    // Roles of templates other than the default one may be in the value already.
    const all = [...DEFAULT_ROLES, ...Object.keys(roles).filter((id) => !DEFAULT_ROLES.some((r) => r.id === id)).map((id) => ({id, name: id}))];
    const change = (role: string, ids: string[]) => {
        const next = {...roles, [role]: ids};
        props.onChange(props.id, JSON.stringify(next));
        props.setSaveNeeded();
    };
    return (
        <div className='rc-root rc-console'>
            {problems.length > 0 && <div className='rc-warning' role='status'>{problems.map((p) => <div key={p}>{p}</div>)}</div>}
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
