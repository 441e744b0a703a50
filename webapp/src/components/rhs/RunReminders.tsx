// In the manage panel: the run's reminder choices. The channel's daily digest can carry the
// step buttons reminder messages have (a per-run setting, saved as soon as it is changed),
// and the Release Manager can send today's reminders at once.
import React, {useState} from 'react';

import {messageOf} from '../../api/errors';
import type {Run} from '../../api/types';
import {useServices, useT} from '../context';
import {useDomId} from '../hooks';

export function RunReminders({run}: {run: Run}) {
    const t = useT();
    const {ops} = useServices();
    const id = useDomId();
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<string | null>(null);
    const [status, setStatus] = useState<string | null>(null);

    const act = async (work: () => Promise<string | null>) => {
        setBusy(true);
        setError(null);
        setStatus(null);
        try {
            setStatus(await work());
        } catch (err) {
            setError(messageOf(err));
        } finally {
            setBusy(false);
        }
    };

    return (
        <fieldset className='rc-fieldset' disabled={busy}>
            <legend className='rc-label'>{t('remindersTitle')}</legend>
            <label className='rc-check-label' htmlFor={id}>
                <input
                    id={id}
                    type='checkbox'
                    checked={run.settings?.channelButtons === true}
                    aria-describedby={`${id}-help`}
                    onChange={(e) => {
                        const channelButtons = e.target.checked;
                        void act(async () => {
                            await ops.setRunSettings(run.id, {channelButtons});
                            return null;
                        });
                    }}
                />
                {t('channelButtons')}
            </label>
            <p id={`${id}-help`} className='rc-muted'>{t('channelButtonsHelp')}</p>
            <button
                type='button'
                className='rc-btn rc-btn--small'
                onClick={() => void act(async () => t('remindSent', {count: (await ops.api.remindNow(run.id, 'rhs')).sent}))}
            >{t('remindNow')}</button>
            {status && <p role='status'>{status}</p>}
            {error && <div className='rc-field-error' role='alert'>{error}</div>}
        </fieldset>
    );
}
