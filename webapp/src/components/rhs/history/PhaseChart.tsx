// Per phase, how long it was planned to take (from the previous phase's last due time to its
// own) against how long it really took (between the last closes), medians over the releases.
import React from 'react';

import {formatDays} from '../../../../../server-bridge/src/product/history/format';
import type {PhaseHistory} from '../../../api/types';
import {useT} from '../../context';

import {Chart, CHART_WIDTH, fit} from './Chart';

// The name, the planned bar, the actual bar, the figures.
const ROW = 60;
/** Over plan by this share is drawn in the error colour, as the insight sentences judge it. */
const OVER = 1.25;

export function PhaseChart({phases}: {phases: PhaseHistory[]}) {
    const t = useT();
    const max = Math.max(0.1, ...phases.flatMap((p) => [p.plannedDays, p.actualDays]));
    const scale = (d: number) => (d / max) * CHART_WIDTH;
    const figures = (p: PhaseHistory) => t('historyPlanActual', {planned: formatDays(p.plannedDays), actual: formatDays(p.actualDays)});
    const label = (p: PhaseHistory) => `${p.label}. ${p.title} (${p.plan})`;
    const desc = `${t('historyPhasesDesc')} ${phases.map((p) => `${label(p)}: ${figures(p)}.`).join(' ')}`;
    return (
        <Chart
            title={t('historyPhasesTitle')}
            desc={desc}
            height={phases.length * ROW + 4}
            legend={[
                {className: 'rc-chart-plan', label: t('historyLegendPlanned')},
                {className: 'rc-chart-actual', label: t('historyLegendActual')},
                {className: 'rc-chart-over', label: t('historyLegendOver')},
            ]}
        >
            {phases.map((p, i) => {
                const y = i * ROW;
                const over = p.actualDays > p.plannedDays * OVER && p.actualDays - p.plannedDays >= 0.5;
                return (
                    <g key={p.phaseId} data-testid={`phase-${p.phaseId}`}>
                        <title>{`${label(p)}: ${figures(p)}`}</title>
                        <text className='rc-chart-text' x={0} y={y + 12}>{fit(label(p), 52)}</text>
                        <text className='rc-chart-text rc-chart-text--muted' x={0} y={y + 51}>{figures(p)}</text>
                        <rect className='rc-chart-plan' x={0} y={y + 17} width={scale(p.plannedDays)} height={9} rx={2}/>
                        <rect className={over ? 'rc-chart-over' : 'rc-chart-actual'} x={0} y={y + 28} width={scale(p.actualDays)} height={9} rx={2}/>
                    </g>
                );
            })}
        </Chart>
    );
}
