// The History tab: the release history of the shown run's template (GET /history), as the
// server's insight sentences and three charts: lateness by step and by role, phase durations
// against plan, and late steps per release. Reloads when the run changes (a finish adds to it).
import React, {useEffect, useState} from 'react';
import {useSelector} from 'react-redux';

import {messageOf} from '../../../api/errors';
import type {HistorySummary} from '../../../api/types';
import {getRun} from '../../../state/selectors';
import {ErrorNote, Loading} from '../../common/ErrorNote';
import {useServices, useT} from '../../context';

import {LatenessChart} from './LatenessChart';
import {PhaseChart} from './PhaseChart';
import {TrendChart} from './TrendChart';

/** Steps drawn in the lateness chart: the latest ones. */
const MAX_STEPS = 8;

export function HistoryView({runId, channelId}: {runId: string; channelId: string}) {
    const t = useT();
    const {ops} = useServices();
    const run = useSelector((s) => getRun(s, runId));
    const templateId = run?.templateId;
    const revision = run?.revision ?? -1;
    const [history, setHistory] = useState<HistorySummary | null>(null);
    const [error, setError] = useState<string | null>(null);
    const [attempt, setAttempt] = useState(0);

    useEffect(() => {
        let live = true;
        setError(null);
        if (templateId === undefined) {
            // The tab can open before the run's record was read (another run picked).
            ops.loadRun(runId).catch((err) => live && setError(messageOf(err)));
        } else {
            ops.api.history(templateId, channelId).then((h) => live && setHistory(h), (err) => live && setError(messageOf(err)));
        }
        return () => {
            live = false;
        };
    }, [ops, runId, templateId, channelId, revision, attempt]);

    // Until the history of this run's template is in (another template's may still be shown).
    if (!history || history.templateId !== templateId) {
        return error ? <ErrorNote message={error} onRetry={() => setAttempt(attempt + 1)}/> : <Loading/>;
    }
    const heading = <h3 className='rc-h3'>{t('historyHeading', {template: history.templateName})}</h3>;
    if (history.releases.length === 0) {
        return <section className='rc-history'>{heading}<p className='rc-muted'>{t('historyNone')}</p></section>;
    }
    const steps = history.steps.filter((s) => s.late > 0).slice(0, MAX_STEPS);
    return (
        <section className='rc-history' aria-label={t('tabHistory')}>
            {heading}
            <p className='rc-muted'>{t('historyOver', {count: history.releases.length})}</p>
            {error && <ErrorNote message={error} onRetry={() => setAttempt(attempt + 1)}/>}
            {history.insights.length > 0 && (
                <>
                    <h4 className='rc-h5'>{t('historyInsights')}</h4>
                    <ul className='rc-insights'>
                        {history.insights.map((s) => <li key={s}>{s}</li>)}
                    </ul>
                </>
            )}
            {steps.length > 0 && (
                <LatenessChart
                    title={t('historyStepsTitle')}
                    desc={t('historyStepsDesc')}
                    rows={steps.map((s) => ({key: s.stepId, label: `${s.title} (${s.roleName})`, medianHours: s.medianHours, worstHours: s.worstHours, late: s.late, samples: s.samples}))}
                />
            )}
            <LatenessChart
                title={t('historyRolesTitle')}
                desc={t('historyRolesDesc')}
                rows={history.roles.map((r) => ({key: r.role, label: r.roleName, medianHours: r.medianHours, worstHours: r.worstHours, late: r.late, samples: r.samples}))}
            />
            {history.phases.length > 0 && <PhaseChart phases={history.phases}/>}
            <TrendChart releases={history.releases}/>
        </section>
    );
}
