// "Overdue" and "Due today" at the top of the run: the first thing a release manager
// needs each morning. Each item jumps to its row and can be ticked from here.
import React from 'react';
import {useIntl} from 'react-intl';

import type {RunStep} from '../../api/types';
import type {Attention} from '../../model/steps';
import {ownValue} from '../../model/own';
import {formatAbsolute, formatRelative} from '../../model/time';
import {useT} from '../context';

interface Props {
    attention: Attention;
    now: number;
    zone: string;
    roleNames: Record<string, string>;
    /** The viewer's own steps: marked in both lists. */
    mine?: ReadonlySet<string>;
    /** "My steps": list only the viewer's own. */
    mineOnly?: boolean;
}

export function AttentionList({attention: all, now, zone, roleNames, mine = new Set(), mineOnly = false}: Props) {
    const t = useT();
    const attention = mineOnly ? {overdue: all.overdue.filter((s) => mine.has(s.id)), dueToday: all.dueToday.filter((s) => mine.has(s.id))} : all;
    if (attention.overdue.length === 0 && attention.dueToday.length === 0) {
        return <p className='rc-muted rc-attention-none'>{t('nothingUrgent')}</p>;
    }
    return (
        <div className='rc-attention'>
            {attention.overdue.length > 0 && (
                <Section title={t('overdue')} steps={attention.overdue} danger now={now} zone={zone} roleNames={roleNames} mine={mine}/>
            )}
            {attention.dueToday.length > 0 && (
                <Section title={t('dueToday')} steps={attention.dueToday} now={now} zone={zone} roleNames={roleNames} mine={mine}/>
            )}
        </div>
    );
}

function Section({title, steps, danger, now, zone, roleNames, mine}: {
    title: string; steps: RunStep[]; danger?: boolean; now: number; zone: string; roleNames: Record<string, string>; mine: ReadonlySet<string>;
}) {
    const intl = useIntl();
    const t = useT();
    return (
        <section className={`rc-attention-section${danger ? ' rc-attention-section--danger' : ''}`} aria-label={title}>
            <h3 className='rc-h3'>{title}{` (${steps.length})`}</h3>
            <ul className='rc-attention-list'>
                {steps.map((s) => (
                    <li key={s.id}>
                        <a className='rc-link' href={`#rc-step-${s.id}`}>{s.title}</a>
                        {mine.has(s.id) && <span className='rc-badge'>{t('yours')}</span>}
                        <span className='rc-muted'>
                            {' · '}{ownValue(roleNames, s.role) ?? s.role}{' · '}
                            <time dateTime={s.dueAt} title={formatAbsolute(s.dueAt, zone, intl.locale)}>
                                {t('due', {relative: formatRelative(s.dueAt, now, intl.locale)})}
                            </time>
                            {' · '}{formatAbsolute(s.dueAt, zone, intl.locale)}
                        </span>
                    </li>
                ))}
            </ul>
        </section>
    );
}
