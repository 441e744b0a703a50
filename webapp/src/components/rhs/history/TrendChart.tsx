// One bar per finished release, oldest first: how many of its steps were closed late, the
// count written over the bar and the version under it.
import React from 'react';

import type {ReleasePoint} from '../../../api/types';
import {useT} from '../../context';

import {Chart, CHART_WIDTH, fit} from './Chart';

const HEIGHT = 130;
const TOP = 16;
const BOTTOM = 20;

export function TrendChart({releases}: {releases: ReleasePoint[]}) {
    const t = useT();
    const max = Math.max(1, ...releases.map((r) => r.late));
    const slot = CHART_WIDTH / Math.max(1, releases.length);
    const bar = Math.min(28, slot * 0.6);
    const plot = HEIGHT - TOP - BOTTOM;
    // Versions under every bar while they fit, else every other one.
    const every = slot < 34 ? 2 : 1;
    const desc = `${t('historyTrendDesc')} ${releases.map((r) => `${r.version}: ${t('historyLateOf', {late: r.late, samples: r.samples})}.`).join(' ')}`;
    return (
        <Chart title={t('historyTrendTitle')} desc={desc} height={HEIGHT}>
            <line className='rc-chart-axis' x1={0} x2={CHART_WIDTH} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM}/>
            {releases.map((r, i) => {
                const h = (r.late / max) * plot;
                const cx = slot * i + slot / 2;
                const last = i === releases.length - 1;
                return (
                    <g key={r.runId} data-testid={`trend-${r.version}`}>
                        <title>{`${r.version}: ${t('historyLateOf', {late: r.late, samples: r.samples})}`}</title>
                        <rect className={last ? 'rc-chart-median' : 'rc-chart-worst'} x={cx - bar / 2} y={HEIGHT - BOTTOM - h} width={bar} height={h} rx={2}/>
                        <text className='rc-chart-text' x={cx} y={HEIGHT - BOTTOM - h - 4} textAnchor='middle'>{r.late}</text>
                        {(i % every === 0 || last) && (
                            <text className='rc-chart-text rc-chart-text--muted' x={cx} y={HEIGHT - 5} textAnchor='middle'>{fit(r.version, 10)}</text>
                        )}
                    </g>
                );
            })}
        </Chart>
    );
}
