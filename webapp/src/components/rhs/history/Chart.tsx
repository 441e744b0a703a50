// The frame every history chart shares: an SVG that scales to the sidebar's width, named and
// described for screen readers (role img, <title> and <desc>), drawn only in theme colours
// (classes in styles.ts use the host's CSS variables).
import React from 'react';

import {useDomId} from '../../hooks';

/** Drawing width in SVG units; the sidebar is about 400 px wide, so text stays near its CSS size. */
export const CHART_WIDTH = 360;

export interface LegendItem {
    /** The class that colours the bar it stands for. */
    className: string;
    label: string;
}

export function Chart({title, desc, height, legend = [], children}: {title: string; desc: string; height: number; legend?: LegendItem[]; children: React.ReactNode}) {
    const id = useDomId();
    return (
        <figure className='rc-chart'>
            <figcaption className='rc-h5' id={`${id}-caption`}>{title}</figcaption>
            {legend.length > 0 && (
                // The description says the same in words; the key is for the eye.
                <div className='rc-chart-legend' aria-hidden='true'>
                    {legend.map((l) => (
                        <span key={l.className}>
                            <svg width='10' height='10'><rect className={l.className} width='10' height='10' rx='2'/></svg>
                            {' '}{l.label}
                        </span>
                    ))}
                </div>
            )}
            <svg
                viewBox={`0 0 ${CHART_WIDTH} ${height}`}
                width='100%'
                role='img'
                aria-labelledby={`${id}-title`}
                aria-describedby={`${id}-desc`}
                preserveAspectRatio='xMinYMin meet'
            >
                <title id={`${id}-title`}>{title}</title>
                <desc id={`${id}-desc`}>{desc}</desc>
                {children}
            </svg>
        </figure>
    );
}

/** A label cut to fit its line, the whole text kept for the tooltip and the description. */
export function fit(text: string, max: number): string {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
