// The right-hand sidebar: the current channel's releases. It fetches its own data (the
// RHS may be popped out into a window with a fresh store) and shows loading, error and
// empty states explicitly.
import React, {useEffect, useRef, useState} from 'react';
import {useDispatch, useSelector} from 'react-redux';

import {messageOf} from '../../api/errors';
import {siteUrlFrom} from '../../api/site_url';
import type {ReleaseOverview, Run, RunSummary} from '../../api/types';
import {runReceived, runSelected} from '../../state/actions';
import {mayManageRun} from '../../model/steps';
import {getChannelRuns, getCurrentChannelId, getCurrentUserId, getRun, getShownRunId, isSystemAdmin, pluginState} from '../../state/selectors';
import {ErrorNote, Loading} from '../common/ErrorNote';
import {useServices, useT, type Translate} from '../context';
import {useDomId} from '../hooks';
import {StartForm} from '../start/StartForm';

import {AllReleases} from './AllReleases';
import {RunView} from './RunView';
import {Timeline} from './Timeline';
import {HistoryView} from './history/HistoryView';

type Tab = 'checklist' | 'timeline' | 'history';
const TABS: Tab[] = ['checklist', 'timeline', 'history'];
type View = 'channel' | 'all';

export function RhsView() {
    const t = useT();
    const dispatch = useDispatch();
    const channelId = useSelector(getCurrentChannelId);
    const siteUrl = useSelector(siteUrlFrom);
    const [view, setView] = useState<View>('channel');
    // Opening the sidebar puts keyboard focus in it, so the next Tab is in the checklist.
    const rootRef = useRef<HTMLDivElement>(null);
    useEffect(() => {
        rootRef.current?.focus({preventScroll: true});
    }, []);
    // A release of "All my releases": show that run, in its channel (the sidebar stays open).
    const open = (r: ReleaseOverview) => {
        dispatch(runSelected(r.channelId, r.runId));
        setView('channel');
        if (r.channelId !== channelId && r.teamName && r.channelName) {
            const path = `/${encodeURIComponent(r.teamName)}/channels/${encodeURIComponent(r.channelName)}`;
            const history = window.WebappUtils?.browserHistory;
            if (history) {
                history.push(path);
            } else {
                window.location.assign(`${siteUrl}${path}`);
            }
        }
    };
    const viewButton = (id: View, label: string) => (
        <button type='button' className={`rc-btn rc-btn--small${view === id ? ' rc-btn--active' : ''}`} aria-pressed={view === id} onClick={() => setView(id)}>{label}</button>
    );
    return (
        <div className='rc-root' ref={rootRef} tabIndex={-1} aria-label={t('title')} role='region'>
            <div className='rc-view-switch' role='group' aria-label={t('viewSwitch')}>
                {viewButton('channel', t('viewChannel'))}
                {viewButton('all', t('viewAll'))}
            </div>
            {view === 'all' ? <AllReleases onOpen={open}/>
                : channelId ? <ChannelReleases key={channelId} channelId={channelId}/> : <p className='rc-muted'>{t('noChannel')}</p>}
        </div>
    );
}

function ChannelReleases({channelId}: {channelId: string}) {
    const t = useT();
    const {ops} = useServices();
    const dispatch = useDispatch();
    const list = useSelector((s) => getChannelRuns(s, channelId));
    const shownRunId = useSelector((s) => getShownRunId(s, channelId));
    const userId = useSelector(getCurrentUserId);
    const admin = useSelector(isSystemAdmin);
    const shownRun = useSelector((s) => getRun(s, shownRunId ?? list?.runs[list.runs.length - 1]?.id));
    const syncError = useSelector((s) => pluginState(s).syncErrors[channelId]);
    const [error, setError] = useState<string | null>(null);
    const [attempt, setAttempt] = useState(0);
    const [starting, setStarting] = useState(false);
    const [tab, setTab] = useState<Tab>('checklist');
    const [actionError, setActionError] = useState<string | null>(null);
    const [mineOnly, setMineOnly] = useState(false);
    const tabsId = useDomId();

    useEffect(() => {
        let live = true;
        setError(null);
        ops.loadChannelRuns(channelId).catch((err) => live && setError(messageOf(err)));
        return () => {
            live = false;
        };
    }, [ops, channelId, attempt]);

    const created = (run: Run) => {
        dispatch(runReceived(run));
        dispatch(runSelected(channelId, run.id));
        setStarting(false);
        ops.loadChannelRuns(channelId).catch((err) => setActionError(messageOf(err)));
    };

    if (!list) {
        return error ? <ErrorNote message={error} onRetry={() => setAttempt(attempt + 1)}/> : <Loading/>;
    }
    if (list.runs.length === 0 || starting) {
        return (
            <div>
                {list.runs.length === 0 && (
                    <div className='rc-empty'>
                        <h2 className='rc-h2'>{t('emptyTitle')}</h2>
                        <p className='rc-muted'>{t('emptyBody')}</p>
                    </div>
                )}
                <StartForm channelId={channelId} onCreated={created} onCancel={list.runs.length > 0 ? () => setStarting(false) : undefined}/>
            </div>
        );
    }
    const runId = shownRunId ?? list.runs[list.runs.length - 1].id;
    // Which run the channel shows is changed for everyone: offered to those who may manage it.
    const mayMakeCurrent = shownRun !== undefined && mayManageRun(shownRun, userId, admin);
    const makeCurrent = async () => {
        setActionError(null);
        try {
            await ops.makeCurrent(channelId, runId);
        } catch (err) {
            setActionError(messageOf(err));
        }
    };
    const tabButton = (id: Tab, label: string) => (
        <button
            type='button'
            role='tab'
            id={`${tabsId}-${id}`}
            aria-selected={tab === id}
            aria-controls={`${tabsId}-panel`}
            tabIndex={tab === id ? 0 : -1}
            className={`rc-tab${tab === id ? ' rc-tab--active' : ''}`}
            onClick={() => setTab(id)}
            onKeyDown={(e) => {
                // Arrow keys move between the tabs, as a tablist should.
                if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                    const step = e.key === 'ArrowRight' ? 1 : TABS.length - 1;
                    const next = TABS[(TABS.indexOf(tab) + step) % TABS.length];
                    setTab(next);
                    document.getElementById(`${tabsId}-${next}`)?.focus();
                }
            }}
        >{label}</button>
    );
    return (
        <div>
            {syncError && <ErrorNote message={t('syncError', {message: syncError})} onRetry={() => ops.refreshChannel(channelId, [runId])}/>}
            {actionError && <ErrorNote message={actionError}/>}
            <div className='rc-toolbar'>
                {list.runs.length > 1 && (
                    <RunPicker runs={list.runs} value={runId} onChange={(id) => dispatch(runSelected(channelId, id))} t={t}/>
                )}
                {list.runs.length > 1 && list.currentRunId !== runId && mayMakeCurrent && (
                    <button type='button' className='rc-btn rc-btn--small' onClick={makeCurrent}>{t('makeCurrent')}</button>
                )}
                <button type='button' className='rc-btn rc-btn--small' onClick={() => setStarting(true)}>{t('startRelease')}</button>
                <button type='button' className='rc-btn rc-btn--small' aria-pressed={mineOnly} onClick={() => setMineOnly(!mineOnly)}>{t('mySteps')}</button>
            </div>
            <div role='tablist' className='rc-tabs'>
                {tabButton('checklist', t('tabChecklist'))}
                {tabButton('timeline', t('tabTimeline'))}
                {tabButton('history', t('tabHistory'))}
            </div>
            <div role='tabpanel' id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-${tab}`}>
                {tab === 'checklist' && <RunView runId={runId} mineOnly={mineOnly}/>}
                {tab === 'timeline' && <Timeline runId={runId}/>}
                {tab === 'history' && <HistoryView runId={runId} channelId={channelId}/>}
            </div>
        </div>
    );
}

function RunPicker({runs, value, onChange, t}: {runs: RunSummary[]; value: string; onChange: (id: string) => void; t: Translate}) {
    const id = useDomId();
    const statusName = (s: RunSummary['status']) => (s === 'finished' ? t('statusFinished') : s === 'archived' ? t('statusArchived') : t('statusActive'));
    return (
        <div className='rc-field rc-field--inline'>
            <label htmlFor={id} className='rc-label'>{t('runPicker')}</label>
            <select id={id} className='rc-input' value={value} onChange={(e) => onChange(e.target.value)}>
                {runs.map((r) => {
                    const total = r.progress?.total ?? 0;
                    const percent = total === 0 ? 0 : Math.round(((r.progress.done + r.progress.skipped) / total) * 100);
                    return <option key={r.id} value={r.id}>{t('runOption', {version: r.version, status: statusName(r.status), percent})}</option>;
                })}
            </select>
        </div>
    );
}
