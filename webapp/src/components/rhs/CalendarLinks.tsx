// The run's schedule for the viewer's calendar app: its milestones and the viewer's own steps
// as .ics downloads. Plain links: the browser's Mattermost session authenticates them.
import React from 'react';

import type {Run} from '../../api/types';
import {useServices, useT} from '../context';

export function CalendarLinks({run}: {run: Run}) {
    const t = useT();
    const {ops} = useServices();
    return (
        <div className='rc-row rc-calendar' role='group' aria-label={t('calendarLabel')}>
            <span className='rc-muted'>{t('calendarLabel')}</span>
            <a className='rc-btn rc-btn--small' href={ops.api.calendarUrl(run.id, false)} download>{t('calendarMilestones')}</a>
            <a className='rc-btn rc-btn--small' href={ops.api.calendarUrl(run.id, true)} download>{t('calendarMySteps')}</a>
        </div>
    );
}
