// The computed schedule shown before a run is created: steps grouped by due day.
import React, {useMemo} from 'react';
import {useIntl} from 'react-intl';

import type {RunPreview} from '../../api/types';
import {formatAbsolute, formatDay, dayKeyIn} from '../../model/time';
import {useT} from '../context';

export function SchedulePreview({preview, zone}: {preview: RunPreview; zone: string}) {
    const t = useT();
    const intl = useIntl();
    const days = useMemo(() => {
        const key = dayKeyIn(zone);
        const map = new Map<string, RunPreview['steps']>();
        const sorted = [...preview.steps].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
        for (const s of sorted) {
            const d = key(Date.parse(s.dueAt));
            map.set(d, [...(map.get(d) ?? []), s]);
        }
        return [...map.entries()];
    }, [preview, zone]);
    return (
        <section className='rc-preview' aria-label={t('formPreview')}>
            <h3 className='rc-h3'>{t('formPreview')}{' · '}{t('releaseDay', {day: formatDay(preview.releaseDay, intl.locale)})}</h3>
            {/* The preview is in the release's zone (the form's), which may not be the viewer's. */}
            <p className='rc-muted'>{t('previewTimesIn', {zone})}</p>
            {preview.warnings.length > 0 && (
                <div className='rc-warning' role='status'>
                    <strong>{t('formWarnings')}</strong>
                    <ul>{preview.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
                </div>
            )}
            {days.map(([day, steps]) => (
                <div key={day} className='rc-preview-day'>
                    <h4 className='rc-h4'>{formatDay(day, intl.locale)}</h4>
                    <ul>
                        {steps.map((s) => (
                            <li key={s.id} className={s.applies ? '' : 'rc-muted rc-strike'}>
                                <span>{s.title}</span>
                                <span className='rc-muted'>{' · '}{formatAbsolute(s.dueAt, zone, intl.locale)}</span>
                                {!s.applies && <span className='rc-muted'>{' · '}{t('formPreviewNotApplicable')}</span>}
                            </li>
                        ))}
                    </ul>
                </div>
            ))}
        </section>
    );
}
