// Whole-run actions under the header: download the report, finish the release, archive a
// finished one, and the "manage" panel (release day, roles). They are offered only to
// those the server's rule allows; the server still decides, and its refusal is shown
// where the action was taken.
import React, {useState} from 'react';
import {useSelector} from 'react-redux';

import {shownError, type ShownError} from '../../api/errors';
import type {Run, RunVerb} from '../../api/types';
import {mayManageRun} from '../../model/steps';
import {getCurrentUserId, isSystemAdmin} from '../../state/selectors';
import {ErrorNote} from '../common/ErrorNote';
import {useServices, useT} from '../context';
import {useDomId} from '../hooks';

import {MoveReleaseDay} from './MoveReleaseDay';
import {EditConditions} from './RunConditions';
import {RunReminders} from './RunReminders';
import {RunRoles} from './RunRoles';

export function RunActions({run}: {run: Run}) {
    const t = useT();
    const {ops} = useServices();
    const panelId = useDomId();
    const [confirming, setConfirming] = useState<RunVerb | null>(null);
    const [managing, setManaging] = useState(false);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ShownError | null>(null);
    const userId = useSelector(getCurrentUserId);
    const admin = useSelector(isSystemAdmin);
    const allowed = mayManageRun(run, userId, admin);
    const active = run.status === 'active' && allowed;
    const finished = run.status === 'finished' && allowed;

    const perform = async (verb: RunVerb) => {
        setBusy(true);
        setError(null);
        try {
            await ops.runAction(run.id, verb);
            setConfirming(null);
        } catch (err) {
            setError(shownError(err));
        } finally {
            setBusy(false);
        }
    };

    const confirm = (verb: RunVerb, question: string, yes: string, label: string) => (
        <div role='group' aria-label={label} className='rc-row'>
            <span>{question}</span>
            <button type='button' className='rc-btn rc-btn--primary rc-btn--small' disabled={busy} onClick={() => perform(verb)}>{yes}</button>
            <button type='button' className='rc-btn rc-btn--small' onClick={() => setConfirming(null)}>{t('cancel')}</button>
        </div>
    );

    return (
        <div>
            <div className='rc-row'>
                <a className='rc-btn rc-btn--small' href={ops.api.reportUrl(run.id)} download>{t('downloadReport')}</a>
                {active && confirming === null && (
                    <button type='button' className='rc-btn rc-btn--small' onClick={() => setConfirming('finish')}>{t('finishRun')}</button>
                )}
                {finished && confirming === null && (
                    <button type='button' className='rc-btn rc-btn--small' onClick={() => setConfirming('archive')}>{t('archiveRun')}</button>
                )}
                {active && (
                    <button type='button' className='rc-btn rc-btn--small' aria-expanded={managing} aria-controls={panelId} onClick={() => setManaging(!managing)}>
                        {t('manageRun')}
                    </button>
                )}
            </div>
            {active && confirming === 'finish' && confirm('finish', t('finishConfirm', {version: run.version}), t('finishYes'), t('finishRun'))}
            {finished && confirming === 'archive' && confirm('archive', t('archiveConfirm', {version: run.version}), t('archiveYes'), t('archiveRun'))}
            {error && <ErrorNote message={error.message} plain={error.plain}/>}
            {active && managing && (
                <div id={panelId} className='rc-manage' role='region' aria-label={t('manageRun')}>
                    <MoveReleaseDay run={run}/>
                    <RunRoles run={run}/>
                    <EditConditions run={run}/>
                    <RunReminders run={run}/>
                </div>
            )}
        </div>
    );
}
