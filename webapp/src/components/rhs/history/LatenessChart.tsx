// Horizontal bars of lateness, one row per step (or role): the worst as a light bar, the
// median as a solid bar over it, the figures written out on the row.
import React from 'react';

import {formatHours} from '../../../../../server-bridge/src/product/history/format';
import {useT} from '../../context';

import {Chart, CHART_WIDTH, fit} from './Chart';

export interface LatenessRow {
    key: string;
    label: string;
    medianHours: number;
    worstHours: number;
    late: number;
    samples: number;
}

// Three lines per row: the name, the bars, the figures (side by side they collide at 400 px).
const ROW = 50;

export function LatenessChart({title, desc: about, rows}: {title: string; desc: string; rows: LatenessRow[]}) {
    const t = useT();
    const max = Math.max(1, ...rows.map((r) => r.worstHours));
    const scale = (h: number) => (h / max) * CHART_WIDTH;
    const figures = (r: LatenessRow) => t('historyMedianWorst', {median: formatHours(r.medianHours), worst: formatHours(r.worstHours)});
    const desc = `${about} ${rows.map((r) => `${r.label}: ${figures(r)}, ${t('historyLateOf', {late: r.late, samples: r.samples})}.`).join(' ')}`;
    return (
        <Chart
            title={title}
            desc={desc}
            height={rows.length * ROW + 4}
            legend={[{className: 'rc-chart-median', label: t('historyLegendMedian')}, {className: 'rc-chart-worst', label: t('historyLegendWorst')}]}
        >
            {rows.map((r, i) => {
                const y = i * ROW;
                return (
                    <g key={r.key} data-testid={`lateness-${r.key}`}>
                        <title>{`${r.label}: ${figures(r)}`}</title>
                        <text className='rc-chart-text' x={0} y={y + 12}>{fit(r.label, 52)}</text>
                        <text className='rc-chart-text rc-chart-text--muted' x={0} y={y + 41}>{figures(r)}</text>
                        <rect className='rc-chart-track' x={0} y={y + 17} width={CHART_WIDTH} height={10} rx={2}/>
                        <rect className='rc-chart-worst' x={0} y={y + 17} width={scale(r.worstHours)} height={10} rx={2}/>
                        <rect className='rc-chart-median' x={0} y={y + 17} width={scale(r.medianHours)} height={10} rx={2}/>
                    </g>
                );
            })}
        </Chart>
    );
}
