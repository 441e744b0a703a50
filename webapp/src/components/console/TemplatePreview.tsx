// The parsed template beside the editor: phases with their offsets, steps by role, and
// the markers the parser understood, so an admin sees what a run will contain.
import React from 'react';

import type {Template} from '../../api/types';
import {useT} from '../context';

function offsetText(o: {unit: 'working' | 'calendar'; days: number}): string {
    const sign = o.days < 0 ? '-' : '+';
    return o.unit === 'working' ? `T${o.days === 0 ? '-0' : `${sign}${Math.abs(o.days)}`}` : `${sign}${Math.abs(o.days)} calendar days`;
}

export function TemplatePreview({template}: {template: Template}) {
    const t = useT();
    const roleName = (id: string) => template.roles.find((r) => r.id === id)?.name ?? id;
    const count = template.phases.reduce((n, p) => n + p.steps.reduce((m, s) => m + 1 + s.substeps.length, 0), 0);
    return (
        <div className='rc-template-preview'>
            <h4 className='rc-h4'>{template.name}{' · '}{t('consoleStepCount', {count})}</h4>
            {template.phases.map((phase) => (
                <section key={phase.id}>
                    <h5 className='rc-h5'>{`${phase.label}. ${phase.title} (${offsetText(phase.offset)})`}</h5>
                    <ul>
                        {phase.steps.map((s) => (
                            <li key={s.id}>
                                <span className='rc-badge rc-badge--muted'>{roleName(s.role)}</span>{' '}{s.title}
                                {s.approval && <span className='rc-badge'>{t('approvalBadge')}</span>}
                                {s.recurring === 'daily' && <span className='rc-badge'>{t('recurringBadge')}</span>}
                                {s.condition && <span className='rc-badge rc-badge--muted'>{t('conditionBadge', {question: template.conditions.find((c) => c.id === s.condition)?.question ?? s.condition})}</span>}
                                {s.due && <span className='rc-muted'>{` (${offsetText(s.due.offset)}${s.due.time ? ` ${s.due.time}` : ''}${s.due.zone ? ` ${s.due.zone}` : ''})`}</span>}
                                {s.substeps.length > 0 && (
                                    <ul>{s.substeps.map((sub) => <li key={sub.id}>{sub.title}</li>)}</ul>
                                )}
                            </li>
                        ))}
                    </ul>
                </section>
            ))}
        </div>
    );
}
