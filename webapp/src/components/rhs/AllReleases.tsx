// "All my releases": every active release of the viewer's channels, across teams (GET /all),
// each with its release day, progress, health and the viewer's next step. Opening one goes to
// its channel and shows that run in the sidebar.
import React, {useEffect, useState} from 'react';
import {useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {messageOf} from '../../api/errors';
import type {ReleaseOverview} from '../../api/types';
import {formatAbsolute, formatDay} from '../../model/time';
import {getViewerZone} from '../../state/selectors';
import {ErrorNote, Loading} from '../common/ErrorNote';
import {useServices, useT, type Translate} from '../context';

interface Loaded {
    releases: ReleaseOverview[];
    total: number;
    more: boolean;
}

function HealthBadge({release, t}: {release: ReleaseOverview; t: Translate}) {
    if (release.health === 'late') {
        return <span className='rc-badge rc-badge--danger rc-health'>{t('healthLate')}</span>;
    }
    if (release.health === 'at-risk') {
        return <span className='rc-badge rc-badge--warning rc-health'>{t('healthAtRisk', {count: release.overdue})}</span>;
    }
    return <span className='rc-badge rc-badge--ok rc-health'>{t('healthOnTrack')}</span>;
}

function ReleaseCard({release, onOpen}: {release: ReleaseOverview; onOpen: (r: ReleaseOverview) => void}) {
    const t = useT();
    const intl = useIntl();
    const zone = useSelector(getViewerZone);
    const p = release.progress;
    const closed = p.done + p.skipped;
    const percent = p.total === 0 ? 100 : Math.round((closed / p.total) * 100);
    const headingId = `rc-all-${release.runId}`;
    const next = release.nextStep;
    return (
        <li className='rc-all-item' aria-labelledby={headingId}>
            <div className='rc-all-head'>
                <h3 className='rc-h3 rc-all-title' id={headingId}>{t('allReleaseHeading', {version: release.version})}</h3>
                <HealthBadge release={release} t={t}/>
            </div>
            <div className='rc-muted'>{t('allWhere', {channel: release.channelDisplayName || release.channelName, team: release.teamName})}</div>
            <div className='rc-muted'>{t('allReleaseDay', {day: formatDay(release.releaseDay, intl.locale)})}</div>
            <div
                className='rc-progress'
                role='progressbar'
                aria-label={t('allProgress', {version: release.version})}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={percent}
                aria-valuetext={t('progressText', {closed, total: p.total, percent})}
            >
                <div className='rc-progress-bar' style={{width: `${percent}%`}}/>
            </div>
            <div className='rc-muted'>{t('progressText', {closed, total: p.total, percent})}</div>
            {next ? (
                <p className='rc-all-next'>
                    <span className='rc-muted'>{t('allNextStep')}</span>{' '}
                    {next.number && <span className='rc-step-num'>{`#${next.number} `}</span>}
                    {next.title}
                    <span className='rc-muted'>
                        {' · '}
                        {next.attention === 'overdue' ? `${t('overdueBadge')} · ` : next.attention === 'today' ? `${t('dueToday')} · ` : ''}
                        {formatAbsolute(next.dueAt, zone, intl.locale)}
                    </span>
                </p>
            ) : <p className='rc-all-next rc-muted'>{t('allNoStep')}</p>}
            <button type='button' className='rc-btn rc-btn--small' onClick={() => onOpen(release)}>{t('allOpen', {version: release.version})}</button>
        </li>
    );
}

export function AllReleases({onOpen}: {onOpen: (r: ReleaseOverview) => void}) {
    const t = useT();
    const {ops} = useServices();
    const [loaded, setLoaded] = useState<Loaded | null>(null);
    const [error, setError] = useState<string | null>(null);
    const [attempt, setAttempt] = useState(0);
    const [busy, setBusy] = useState(false);

    useEffect(() => {
        let live = true;
        setError(null);
        ops.api.allReleases(0).then((page) => live && setLoaded(page), (err) => live && setError(messageOf(err)));
        return () => {
            live = false;
        };
    }, [ops, attempt]);

    const more = async () => {
        if (!loaded) {
            return;
        }
        setBusy(true);
        try {
            const page = await ops.api.allReleases(loaded.releases.length);
            const known = new Set(loaded.releases.map((r) => r.runId));
            setLoaded({releases: [...loaded.releases, ...page.releases.filter((r) => !known.has(r.runId))], total: page.total, more: page.more});
        } catch (err) {
            setError(messageOf(err));
        } finally {
            setBusy(false);
        }
    };

    return (
        <section className='rc-all' aria-label={t('allTitle')}>
            <h2 className='rc-h2'>{t('allTitle')}</h2>
            {error && <ErrorNote message={error} onRetry={loaded ? undefined : () => setAttempt(attempt + 1)}/>}
            {!loaded && !error && <Loading/>}
            {loaded && loaded.total === 0 && <p className='rc-muted'>{t('allEmpty')}</p>}
            {loaded && loaded.total > 0 && (
                <>
                    <p className='rc-muted'>{t('allCount', {total: loaded.total})}</p>
                    <ul className='rc-all-list'>
                        {loaded.releases.map((r) => <ReleaseCard key={r.runId} release={r} onOpen={onOpen}/>)}
                    </ul>
                    {loaded.more && (
                        <button type='button' className='rc-btn rc-btn--small' disabled={busy} onClick={more}>
                            {t('allMore', {shown: loaded.releases.length, total: loaded.total})}
                        </button>
                    )}
                </>
            )}
        </section>
    );
}
