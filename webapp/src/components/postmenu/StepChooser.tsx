// The compact step chooser behind the post menu's "Mark step done" and "Attach as
// evidence": open steps of the channel's current run, the caller's own first, searchable
// by title. Rendered by a root component; shown while the store says it is open.
import React, {useEffect, useMemo, useRef, useState} from 'react';
import {useDispatch, useSelector} from 'react-redux';

import {shownError, type ShownError} from '../../api/errors';
import type {RunStep} from '../../api/types';
import {isReleaseManager, openStepsFor, ownersOf} from '../../model/steps';
import {chooserClosed} from '../../state/actions';
import {getChannelRuns, getCurrentUserId, getPostChannelId, getRun, pluginState} from '../../state/selectors';
import {ErrorNote, Loading} from '../common/ErrorNote';
import {useFocusTrap} from '../common/focusTrap';
import {useServices, useT} from '../context';
import {useDomId} from '../hooks';

export function StepChooserRoot() {
    const chooser = useSelector((s) => pluginState(s).chooser);
    if (!chooser) {
        return null;
    }
    return <StepChooser key={`${chooser.postId}-${chooser.mode}`} postId={chooser.postId} mode={chooser.mode}/>;
}

function StepChooser({postId, mode}: {postId: string; mode: 'done' | 'evidence'}) {
    const t = useT();
    const {ops} = useServices();
    const dispatch = useDispatch();
    const titleId = useDomId();
    const searchId = useDomId();
    const channelId = useSelector((s) => getPostChannelId(s, postId));
    const list = useSelector((s) => (channelId ? getChannelRuns(s, channelId) : undefined));
    const activeRunId = list?.currentRunId && list.runs.some((r) => r.id === list.currentRunId && r.status === 'active') ?
        list.currentRunId : list?.runs.find((r) => r.status === 'active')?.id ?? null;
    const run = useSelector((s) => getRun(s, activeRunId));
    const userId = useSelector(getCurrentUserId);
    const [query, setQuery] = useState('');
    const [error, setError] = useState<ShownError | null>(null);
    const [busy, setBusy] = useState(false);
    const dialogRef = useRef<HTMLDivElement>(null);
    const close = () => dispatch(chooserClosed());
    const trapKeys = useFocusTrap(dialogRef, close);

    useEffect(() => {
        if (!channelId) {
            return;
        }
        // Fresh data: the step may have been closed since the list was last loaded.
        ops.loadChannelRuns(channelId).catch((err) => setError(shownError(err)));
    }, [ops, channelId]);
    useEffect(() => {
        if (activeRunId) {
            ops.loadRun(activeRunId).catch((err) => setError(shownError(err)));
        }
    }, [ops, activeRunId]);

    const steps = useMemo(() => (run ? openStepsFor(run, userId, query) : []), [run, userId, query]);

    const choose = async (step: RunStep) => {
        if (!run) {
            return;
        }
        setBusy(true);
        setError(null);
        try {
            await ops.stepAction(run.id, step.id, mode === 'done' ? 'done' : 'evidence', {postId}, 'post-menu');
            close();
        } catch (err) {
            setBusy(false);
            setError(shownError(err));
        }
    };

    let body: React.ReactNode;
    if (!channelId || (list && !activeRunId)) {
        body = <p className='rc-muted'>{t('chooserNoRun')}</p>;
    } else if (!run) {
        body = error ? null : <Loading/>;
    } else {
        const rm = isReleaseManager(run, userId);
        body = (
            <>
                <label htmlFor={searchId} className='rc-label'>{t('chooserSearch')}</label>
                <input id={searchId} className='rc-input' type='search' value={query} autoFocus onChange={(e) => setQuery(e.target.value)}/>
                {steps.length === 0 ? <p className='rc-muted'>{t('chooserNoSteps')}</p> : (
                    <ul className='rc-chooser-list' aria-label={t('chooserResults')}>
                        {steps.map((s, i) => {
                            const blocked = mode === 'done' && s.approval && !rm;
                            const mine = ownersOf(run, s).includes(userId);
                            // Named by the title alone; role, "yours" and the approval rule are its description.
                            const nameId = `${titleId}-s${i}`;
                            return (
                                <li key={s.id}>
                                    <button
                                        type='button'
                                        className='rc-btn rc-btn--row'
                                        disabled={busy || blocked}
                                        aria-labelledby={nameId}
                                        aria-describedby={`${nameId}-d`}
                                        onClick={() => choose(s)}
                                    >
                                        <span id={nameId}>{s.title}</span>
                                        <span id={`${nameId}-d`}>
                                            <span className='rc-muted'>{' · '}{run.roleNames?.[s.role] ?? s.role}</span>
                                            {mine && <span className='rc-badge'>{' '}{t('chooserMine')}</span>}
                                            {blocked && <span className='rc-muted'>{' · '}{t('approvalOnly')}</span>}
                                        </span>
                                    </button>
                                </li>
                            );
                        })}
                    </ul>
                )}
            </>
        );
    }

    return (
        <div className='rc-overlay' onClick={(e) => e.target === e.currentTarget && close()}>
            <div
                ref={dialogRef}
                className='rc-dialog rc-root'
                role='dialog'
                aria-modal='true'
                aria-labelledby={titleId}
                tabIndex={-1}
                onKeyDown={trapKeys}
            >
                <h2 className='rc-h2' id={titleId}>{mode === 'done' ? t('chooserTitleDone') : t('chooserTitleEvidence')}</h2>
                {body}
                {error && <ErrorNote message={error.message} plain={error.plain}/>}
                <div className='rc-row'>
                    <button type='button' className='rc-btn' onClick={close}>{t('close')}</button>
                </div>
            </div>
        </div>
    );
}
