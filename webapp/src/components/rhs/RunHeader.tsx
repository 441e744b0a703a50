import React from 'react';
import {useSelector} from 'react-redux';
import {useIntl} from 'react-intl';

import type {Run} from '../../api/types';
import {progressOf} from '../../model/steps';
import {formatDay} from '../../model/time';
import {getViewerZone} from '../../state/selectors';
import {useT} from '../context';

export function RunHeader({run}: {run: Run}) {
    const t = useT();
    const zone = useSelector(getViewerZone);
    const intl = useIntl();
    const p = progressOf(run);
    const closed = p.done + p.skipped;
    const status = run.status === 'finished' ? t('statusFinished') : run.status === 'archived' ? t('statusArchived') : t('statusActive');
    return (
        <header className='rc-run-header'>
            <h2 className='rc-h2'>{t('runHeading', {version: run.version})}<span className='rc-badge rc-badge--muted'>{status}</span></h2>
            <div className='rc-muted'>{t('releaseDay', {day: formatDay(run.releaseDay, intl.locale)})}{' · '}{run.templateName}</div>
            {/* Every time below is in the viewer's zone; say so, and the run's own zone when it differs. */}
            <div className='rc-muted'>{zone === run.timeZone ? t('timesInRunZone', {zone}) : t('timesInYourZone', {zone, runZone: run.timeZone})}</div>
            <div
                className='rc-progress'
                role='progressbar'
                aria-label={t('progressLabel')}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={p.percent}
                aria-valuetext={t('progressText', {closed, total: p.total, percent: p.percent})}
            >
                <div className='rc-progress-bar' style={{width: `${p.percent}%`}}/>
            </div>
            <div className='rc-muted'>{t('progressText', {closed, total: p.total, percent: p.percent})}</div>
        </header>
    );
}
