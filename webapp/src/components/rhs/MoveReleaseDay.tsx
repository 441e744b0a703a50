// Moves the run's release day (T-0). The server decides who may and which day it becomes
// (a holiday may move it to the next working day); the form then shows the server's day.
import React, {useState} from 'react';
import {useIntl} from 'react-intl';

import {messageOf} from '../../api/errors';
import type {Run} from '../../api/types';
import {isCalendarDay} from '../../model/day';
import {formatDay} from '../../model/time';
import {useServices, useT} from '../context';
import {useDomId} from '../hooks';

export function MoveReleaseDay({run}: {run: Run}) {
    const t = useT();
    const intl = useIntl();
    const {ops} = useServices();
    const inputId = useDomId();
    // null: no edit in progress, the input shows the run's day (including live updates).
    const [draft, setDraft] = useState<string | null>(null);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<string | null>(null);
    const [outcome, setOutcome] = useState<string | null>(null);
    const value = draft ?? run.releaseDay;

    const submit = async (e: React.FormEvent) => {
        e.preventDefault();
        setOutcome(null);
        if (!isCalendarDay(value)) {
            setError(t('moveInvalid'));
            return;
        }
        setBusy(true);
        setError(null);
        try {
            const moved = await ops.moveReleaseDay(run.id, value);
            setDraft(null);
            const day = formatDay(moved.releaseDay, intl.locale);
            setOutcome(moved.releaseDay === value ? t('moveDone', {day}) : t('moveAdjusted', {day, asked: formatDay(value, intl.locale)}));
        } catch (err) {
            setError(messageOf(err));
        } finally {
            setBusy(false);
        }
    };

    return (
        <form className='rc-form' onSubmit={submit} noValidate aria-label={t('moveTitle')}>
            <label htmlFor={inputId} className='rc-label'>{t('moveInput')}</label>
            <input
                id={inputId}
                className='rc-input'
                type='date'
                value={value}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${inputId}-error` : undefined}
                onChange={(e) => {
                    setDraft(e.target.value);
                    setError(null);
                    setOutcome(null);
                }}
            />
            <div className='rc-row'>
                <button type='submit' className='rc-btn rc-btn--primary rc-btn--small' disabled={busy || value === run.releaseDay}>{t('moveSave')}</button>
            </div>
            {error && <div id={`${inputId}-error`} className='rc-field-error' role='alert'>{error}</div>}
            {outcome && <div className='rc-muted' role='status'>{outcome}</div>}
        </form>
    );
}
