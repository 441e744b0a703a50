// Changes who fills each role of the run, with the same user pickers as the System
// Console's defaults. Only the roles that changed are sent, so a concurrent change to
// another role is not overwritten; the server decides who may, and its error is shown.
import React, {useState} from 'react';

import {ApiError, messageOf} from '../../api/errors';
import type {Run} from '../../api/types';
import {ownValue} from '../../model/own';
import {UserPicker} from '../common/UserPicker';
import {useServices, useT} from '../context';

const sameUsers = (a: string[] = [], b: string[] = []) => a.length === b.length && a.every((id, i) => id === b[i]);

/** The role a server field such as `roles.dev.0` points at. */
export function roleOfField(field: string | undefined): string | null {
    const m = /^roles\.([^.]+)/.exec(field ?? '');
    return m ? m[1] : null;
}

export function RunRoles({run}: {run: Run}) {
    const t = useT();
    const {ops} = useServices();
    // Edits on top of the run's roles; roles not edited follow live updates.
    const [draft, setDraft] = useState<Record<string, string[]>>({});
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<{message: string; role: string | null} | null>(null);
    const [saved, setSaved] = useState(false);
    const roleIds = Object.keys(run.roleNames ?? {});
    const changed = Object.fromEntries(Object.entries(draft).filter(([role, ids]) => !sameUsers(ids, ownValue(run.roles, role))));

    const save = async () => {
        setError(null);
        setSaved(false);
        setBusy(true);
        try {
            await ops.setRoles(run.id, changed);
            setDraft({});
            setSaved(true);
        } catch (err) {
            setError({message: messageOf(err), role: err instanceof ApiError ? roleOfField(err.field) : null});
        } finally {
            setBusy(false);
        }
    };

    return (
        <fieldset className='rc-fieldset' disabled={busy}>
            <legend className='rc-label'>{t('rolesTitle')}</legend>
            {roleIds.map((role) => (
                <div key={role}>
                    <UserPicker
                        label={ownValue(run.roleNames, role) ?? role}
                        selected={ownValue(draft, role) ?? ownValue(run.roles, role) ?? []}
                        disabled={busy}
                        onChange={(ids) => {
                            setDraft({...draft, [role]: ids});
                            setSaved(false);
                        }}
                    />
                    {error?.role === role && <div className='rc-field-error' role='alert'>{error.message}</div>}
                </div>
            ))}
            <div className='rc-row'>
                <button type='button' className='rc-btn rc-btn--primary rc-btn--small' disabled={busy || Object.keys(changed).length === 0} onClick={save}>
                    {t('rolesSave')}
                </button>
            </div>
            {error && (error.role === null || !roleIds.includes(error.role)) && <div className='rc-field-error' role='alert'>{error.message}</div>}
            {saved && <div className='rc-muted' role='status'>{t('rolesSaved')}</div>}
        </fieldset>
    );
}
