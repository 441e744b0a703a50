// The compact step chooser behind the post menu's "Mark step done" and "Attach as
// evidence": open steps of one active run of the post's channel (the current one unless
// the user picks another), the caller's own first, searchable by title; the search field
// moves through the list with the arrow keys. It names the release it acts on.
// Rendered by a root component; shown while the store says it is open.
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
    const activeRuns = useMemo(() => (list?.runs ?? []).filter((r) => r.status === 'active'), [list]);
    const currentActive = activeRuns.some((r) => r.id === list?.currentRunId) ? list?.currentRunId ?? null : activeRuns[0]?.id ?? null;
    const [pickedRunId, setPickedRunId] = useState<string | null>(null);
    const activeRunId = pickedRunId && activeRuns.some((r) => r.id === pickedRunId) ? pickedRunId : currentActive;
    const run = useSelector((s) => getRun(s, activeRunId));
    const userId = useSelector(getCurrentUserId);
    const [query, setQuery] = useState('');
    const [highlight, setHighlight] = useState(-1);
    const runSelectId = useDomId();
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

    const rm = run ? isReleaseManager(run, userId) : false;
    const blockedStep = (step: RunStep) => mode === 'done' && step.approval && !rm;
    const optionId = (i: number) => `${titleId}-s${i}`;
    const onSearchKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
        if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && steps.length > 0) {
            e.preventDefault();
            const delta = e.key === 'ArrowDown' ? 1 : -1;
            setHighlight((i) => (i < 0 && delta < 0 ? steps.length - 1 : (i + delta + steps.length) % steps.length));
        } else if (e.key === 'Enter') {
            e.preventDefault();
            const step = steps[highlight];
            if (step && !busy && !blockedStep(step)) {
                choose(step);
            }
        }
    };

    let body: React.ReactNode;
    if (!channelId || (list && !activeRunId)) {
        body = <p className='rc-muted'>{t('chooserNoRun')}</p>;
    } else if (!run) {
        body = error ? null : <Loading/>;
    } else {
        const isCurrent = run.id === list?.currentRunId;
        body = (
            <>
                <p className='rc-chooser-run'>
                    {t('runHeading', {version: run.version})}{' · '}{isCurrent ? t('chooserCurrentRun') : t('chooserOtherRun')}
                </p>
                {activeRuns.length > 1 && (
                    <div className='rc-field'>
                        <label htmlFor={runSelectId} className='rc-label'>{t('runPicker')}</label>
                        <select
                            id={runSelectId}
                            className='rc-input'
                            value={run.id}
                            onChange={(e) => {
                                setPickedRunId(e.target.value);
                                setHighlight(-1);
                            }}
                        >
                            {activeRuns.map((r) => (
                                <option key={r.id} value={r.id}>
                                    {t('runHeading', {version: r.version})}{r.id === list?.currentRunId ? ` · ${t('chooserCurrentRun')}` : ''}
                                </option>
                            ))}
                        </select>
                    </div>
                )}
                <label htmlFor={searchId} className='rc-label'>{t('chooserSearch')}</label>
                <input
                    id={searchId}
                    className='rc-input'
                    type='search'
                    value={query}
                    autoFocus
                    autoComplete='off'
                    aria-controls={steps.length > 0 ? `${titleId}-list` : undefined}
                    aria-activedescendant={highlight >= 0 && highlight < steps.length ? optionId(highlight) : undefined}
                    onKeyDown={onSearchKey}
                    onChange={(e) => {
                        setQuery(e.target.value);
                        setHighlight(-1);
                    }}
                />
                {steps.length === 0 ? <p className='rc-muted'>{t('chooserNoSteps')}</p> : (
                    <ul id={`${titleId}-list`} className='rc-chooser-list' aria-label={t('chooserResults')}>
                        {steps.map((s, i) => {
                            const blocked = blockedStep(s);
                            const mine = ownersOf(run, s).includes(userId);
                            // Named by the title alone; role, "yours" and the approval rule are its description.
                            const nameId = `${titleId}-n${i}`;
                            return (
                                <li key={s.id}>
                                    <button
                                        id={optionId(i)}
                                        type='button'
                                        className={`rc-btn rc-btn--row${i === highlight ? ' rc-btn--active' : ''}`}
                                        aria-current={i === highlight ? true : undefined}
                                        disabled={busy || blocked}
                                        aria-labelledby={nameId}
                                        aria-describedby={`${nameId}-d`}
                                        onClick={() => choose(s)}
                                    >
                                        <span id={nameId} className='rc-chooser-title'>{s.title}</span>
                                        {/* "· Dev" and the badge are one unbreakable group: they never wrap apart. */}
                                        <span id={`${nameId}-d`} className='rc-chooser-desc'>
                                            <span className='rc-chooser-tag'>
                                                <span className='rc-muted'>{'· '}{run.roleNames?.[s.role] ?? s.role}</span>
                                                {mine && <span className='rc-badge'>{t('chooserMine')}</span>}
                                            </span>
                                            {blocked && <span className='rc-muted'>{'· '}{t('approvalOnly')}</span>}
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
