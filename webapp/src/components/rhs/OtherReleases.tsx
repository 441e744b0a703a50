// "My steps" beyond this channel: the viewer's open steps in the other active releases of
// their channels (GET /mine), in one list, each release linking to its channel.
import React, {useEffect, useState} from 'react';
import {useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {siteUrlFrom} from '../../api/site_url';
import {messageOf} from '../../api/errors';
import type {MyRun} from '../../api/types';
import {formatAbsolute} from '../../model/time';
import {getViewerZone} from '../../state/selectors';
import {ErrorNote} from '../common/ErrorNote';
import {useServices, useT} from '../context';

/** A channel link that navigates inside the web app (no reload) where the host lets it. */
function ChannelLink({run}: {run: MyRun}) {
    const t = useT();
    const siteUrl = useSelector(siteUrlFrom);
    const path = `/${run.teamName}/channels/${run.channelName}`;
    const onClick = (e: React.MouseEvent<HTMLAnchorElement>) => {
        const history = window.WebappUtils?.browserHistory;
        if (history && !e.metaKey && !e.ctrlKey && !e.shiftKey && e.button === 0) {
            e.preventDefault();
            history.push(path);
        }
    };
    return <a className='rc-link' href={`${siteUrl}${path}`} onClick={onClick}>{t('otherReleaseLink', {version: run.version, channel: run.channelDisplayName})}</a>;
}

export function OtherReleases({exceptRunId, revision}: {exceptRunId: string; revision: number}) {
    const t = useT();
    const intl = useIntl();
    const {ops} = useServices();
    const zone = useSelector(getViewerZone);
    const [runs, setRuns] = useState<MyRun[] | null>(null);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
        let live = true;
        ops.api.mine().then((answer) => live && setRuns(Array.isArray(answer?.runs) ? answer.runs : []), (err) => live && setError(messageOf(err)));
        return () => {
            live = false;
        };
    }, [ops, revision]);
    const others = (runs ?? []).filter((r) => r.runId !== exceptRunId);
    if (error) {
        return <ErrorNote message={error}/>;
    }
    if (others.length === 0) {
        return null;
    }
    return (
        <section className='rc-other-releases' aria-label={t('otherReleases')}>
            <h3 className='rc-h3'>{t('otherReleases')}</h3>
            {others.map((r) => (
                <div key={r.runId}>
                    <ChannelLink run={r}/>
                    <ul className='rc-plain-list'>
                        {r.steps.map((s) => (
                            <li key={s.id}>
                                {s.number && <span className='rc-step-num'>{`#${s.number} `}</span>}
                                {s.title}
                                <span className='rc-muted'>
                                    {' · '}{s.roleName}{' · '}
                                    {s.attention === 'overdue' ? t('overdueBadge') : s.attention === 'today' ? t('dueToday') : ''}
                                    {s.attention ? ' · ' : ''}
                                    {formatAbsolute(s.dueAt, zone, intl.locale)}
                                </span>
                            </li>
                        ))}
                    </ul>
                </div>
            ))}
        </section>
    );
}
