// The run's event log, newest first, with paging to older events. Reloads its first page
// when the run's revision changes so live updates show up here too.
import React, {useCallback, useEffect, useMemo, useState} from 'react';
import {useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {messageOf} from '../../api/errors';
import type {RunEvent} from '../../api/types';
import {messages, type MessageKey} from '../../i18n/messages';
import {formatAbsolute, formatDay, formatRelative} from '../../model/time';
import {getRun, getViewerZone} from '../../state/selectors';
import {Avatar} from '../common/Avatar';
import {ErrorNote, Loading} from '../common/ErrorNote';
import {useServices, useT} from '../context';
import {displayName, useNow, useProfiles} from '../hooks';

/** Values an event's sentence needs besides the step (a condition's question and answer). */
function eventValues(e: RunEvent, t: ReturnType<typeof useT>, intl: {locale: string}): Record<string, string> {
    if (typeof e.data?.day === 'string') {
        return {day: formatDay(e.data.day, intl.locale)};
    }
    if (e.type === 'condition-changed') {
        return {question: String(e.data?.question ?? e.data?.condition ?? ''), answer: e.data?.to === true ? t('answerYes') : t('answerNo')};
    }
    return {};
}

export function Timeline({runId}: {runId: string}) {
    const t = useT();
    const intl = useIntl();
    const {ops} = useServices();
    const run = useSelector((s) => getRun(s, runId));
    const zone = useSelector(getViewerZone);
    const now = useNow();
    const [events, setEvents] = useState<RunEvent[] | null>(null);
    const [nextBefore, setNextBefore] = useState<number | null>(null);
    const [error, setError] = useState<string | null>(null);
    const [loadingMore, setLoadingMore] = useState(false);
    const revision = run?.revision ?? -1;

    const loadFirst = useCallback(() => {
        let live = true;
        setError(null);
        ops.api.events(runId, null).then((page) => {
            if (live) {
                setEvents(Array.isArray(page?.events) ? page.events : []);
                setNextBefore(page?.nextBefore ?? null);
            }
        }, (err) => live && setError(messageOf(err)));
        return () => {
            live = false;
        };
    }, [ops, runId]);

    useEffect(() => loadFirst(), [loadFirst, revision]);

    const loadOlder = async () => {
        if (nextBefore === null) {
            return;
        }
        setLoadingMore(true);
        try {
            const page = await ops.api.events(runId, nextBefore);
            setEvents((prev) => [...(prev ?? []), ...(page.events ?? [])]);
            setNextBefore(page.nextBefore ?? null);
        } catch (err) {
            setError(messageOf(err));
        } finally {
            setLoadingMore(false);
        }
    };

    const userIds = useMemo(() => [...new Set((events ?? []).map((e) => e.userId).filter(Boolean))], [events]);
    const profiles = useProfiles(userIds);
    const titles = useMemo(() => new Map((run?.steps ?? []).map((s) => [s.id, s.title])), [run]);

    if (events === null) {
        return error ? <ErrorNote message={error} onRetry={loadFirst}/> : <Loading/>;
    }
    return (
        <div className='rc-timeline'>
            {error && <ErrorNote message={error}/>}
            {events.length === 0 ? <p className='rc-muted'>{t('timelineEmpty')}</p> : (
                <ol className='rc-events'>
                    {events.map((e) => {
                        const step = e.stepId ? titles.get(e.stepId) ?? e.stepId : '';
                        // A daily step's tick is for one day: the sentence says which.
                        const key = `event.${e.type}${e.data?.recurring === true && typeof e.data.day === 'string' ? '-day' : ''}` as MessageKey;
                        // An event type this build does not know is shown by its name rather than failing.
                        const what = key in messages ? t(key, {step, ...eventValues(e, t, intl)}) : String(e.type);
                        return (
                            <li key={e.seq} className='rc-event'>
                                <Avatar userId={e.userId} user={profiles[e.userId]} decorative/>
                                <div>
                                    <div>{t('eventLine', {user: displayName(profiles[e.userId], e.userId), what})}</div>
                                    {typeof e.data?.reason === 'string' && <div className='rc-note'>{t('skipReasonShown', {reason: e.data.reason})}</div>}
                                    {e.type === 'step-note' && typeof e.data?.text === 'string' && <div className='rc-note rc-pre'>{e.data.text}</div>}
                                    <div className='rc-muted'>
                                        <time dateTime={e.at} title={formatAbsolute(e.at, zone, intl.locale)}>{formatRelative(e.at, now, intl.locale)}</time>
                                        {' · '}{t('eventSource', {source: e.source})}
                                    </div>
                                </div>
                            </li>
                        );
                    })}
                </ol>
            )}
            {nextBefore !== null && (
                <button type='button' className='rc-btn' disabled={loadingMore} onClick={loadOlder}>{t('loadOlder')}</button>
            )}
        </div>
    );
}
