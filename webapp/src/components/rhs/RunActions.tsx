// Whole-run actions under the header: download the report, finish the release.
import React, {useState} from 'react';

import {messageOf} from '../../api/errors';
import type {Run} from '../../api/types';
import {ErrorNote} from '../common/ErrorNote';
import {useServices, useT} from '../context';

export function RunActions({run}: {run: Run}) {
    const t = useT();
    const {ops} = useServices();
    const [confirming, setConfirming] = useState(false);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<string | null>(null);

    const finish = async () => {
        setBusy(true);
        setError(null);
        try {
            await ops.runAction(run.id, 'finish');
            setConfirming(false);
        } catch (err) {
            setError(messageOf(err));
        } finally {
            setBusy(false);
        }
    };

    return (
        <div className='rc-row'>
            <a className='rc-btn rc-btn--small' href={ops.api.reportUrl(run.id)} download>{t('downloadReport')}</a>
            {run.status === 'active' && !confirming && (
                <button type='button' className='rc-btn rc-btn--small' onClick={() => setConfirming(true)}>{t('finishRun')}</button>
            )}
            {confirming && (
                <div role='group' aria-label={t('finishRun')} className='rc-row'>
                    <span>{t('finishConfirm', {version: run.version})}</span>
                    <button type='button' className='rc-btn rc-btn--primary rc-btn--small' disabled={busy} onClick={finish}>{t('finishYes')}</button>
                    <button type='button' className='rc-btn rc-btn--small' onClick={() => setConfirming(false)}>{t('cancel')}</button>
                </div>
            )}
            {error && <ErrorNote message={error}/>}
        </div>
    );
}
