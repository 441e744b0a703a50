import {fireEvent, screen, within} from '@testing-library/react';
import React from 'react';

import {summarizeHistory} from '../../../../../server-bridge/src/product/history/summarize';
import {fixtureRuns} from '../../../../../server-bridge/src/product/history/test-fixtures';
import {CHANNEL, DEV, makeRun} from '../../../testing/fixtures';
import {renderInHost} from '../../../testing/host';
import {serverForRun} from '../../../testing/run-server';
import {RhsView} from '../RhsView';

const run = makeRun({status: 'finished'});
const HISTORY = `GET /history?template_id=${run.templateId}&channel_id=${CHANNEL}`;

async function openHistory(summary = summarizeHistory(run.templateId, 'Security release', fixtureRuns())) {
    const h = renderInHost(<RhsView/>, {server: serverForRun(run).on(HISTORY, summary), userId: DEV});
    fireEvent.click(await screen.findByRole('tab', {name: 'History'}));
    await screen.findByRole('heading', {name: 'Release history of Security release'});
    return h;
}

describe('the History tab', () => {
    it('lists the insight sentences the server computed', async () => {
        await openHistory();
        expect(screen.getByText('Over 4 finished releases in your channels. Lateness is how long after its due time a done step was closed.')).toBeInTheDocument();
        const items = within(screen.getByRole('list')).getAllByRole('listitem').map((li) => li.textContent);
        expect(items[0]).toBe('QA’s “Test the release candidate” slipped in 3 of the last 4 releases it was done in, by a median of a day (worst 2 days).');
        expect(items).toHaveLength(4);
    });

    it('draws lateness by step with median and worst bars scaled to the worst, with text labels', async () => {
        await openHistory();
        const chart = screen.getByRole('img', {name: 'Steps that slip most'});
        // Only steps that were ever late; latest first.
        const rows = chart.querySelectorAll('[data-testid^="lateness-"]');
        expect([...rows].map((r) => r.getAttribute('data-testid'))).toEqual(['lateness-rc-test', 'lateness-merge', 'lateness-cut-build']);
        const rc = within(chart).getByTestId('lateness-rc-test');
        expect(rc).toHaveTextContent('Test the release candidate (QA)');
        expect(rc).toHaveTextContent('median a day · worst 2 days');
        const width = (row: Element, cls: string) => Number(row.querySelector(`.${cls}`)?.getAttribute('width'));
        // The worst of all (48 h) spans the chart; its median (24 h) half of it; 3 h is 1/16.
        expect(width(rc, 'rc-chart-worst')).toBe(360);
        expect(width(rc, 'rc-chart-median')).toBe(180);
        expect(width(within(chart).getByTestId('lateness-merge'), 'rc-chart-worst')).toBe(22.5);
        expect(chart).toHaveAccessibleDescription(expect.stringContaining('Test the release candidate (QA): median a day · worst 2 days, 3 of 4 late.'));
    });

    it('draws lateness by role, phases against plan and the trend over releases', async () => {
        await openHistory();
        const roles = screen.getByRole('img', {name: 'Lateness by role'});
        expect(within(roles).getByTestId('lateness-qa')).toHaveTextContent('QAmedian a day · worst 2 days');
        const phases = screen.getByRole('img', {name: 'Phase duration: planned and actual'});
        const b = within(phases).getByTestId('phase-b');
        expect(b).toHaveTextContent('B. RC testing (T-1)plan 1 d · took 2 d');
        // Over plan by more than a quarter: drawn in the error colour; A is on plan.
        expect(b.querySelector('.rc-chart-over')).not.toBeNull();
        expect(within(phases).getByTestId('phase-a').querySelector('.rc-chart-actual')).not.toBeNull();
        const trend = screen.getByRole('img', {name: 'Late steps per release'});
        const bars = ['1.0.1', '1.0.2', '1.0.3', '1.0.4'].map((v) => within(trend).getByTestId(`trend-${v}`));
        expect(bars.map((g) => g.querySelector('text')?.textContent)).toEqual(['2', '0', '2', '1']);
        expect(bars.map((g) => Number(g.querySelector('rect')?.getAttribute('height')))).toEqual([94, 0, 94, 47]);
        expect(trend).toHaveAccessibleDescription(expect.stringContaining('1.0.4: 1 of 4 late.'));
    });

    it('says when no release of the template has finished yet', async () => {
        await openHistory(summarizeHistory(run.templateId, 'Security release', []));
        expect(screen.getByText(/No finished release of this template yet/)).toBeInTheDocument();
        expect(screen.queryByRole('img')).toBeNull();
    });

    it('arrow keys move across the three tabs', async () => {
        await openHistory();
        const history = screen.getByRole('tab', {name: 'History'});
        fireEvent.keyDown(history, {key: 'ArrowRight'});
        expect(screen.getByRole('tab', {name: 'Checklist'})).toHaveAttribute('aria-selected', 'true');
        fireEvent.keyDown(screen.getByRole('tab', {name: 'Checklist'}), {key: 'ArrowLeft'});
        expect(screen.getByRole('tab', {name: 'History'})).toHaveAttribute('aria-selected', 'true');
        await screen.findByRole('img', {name: 'Late steps per release'});
    });
});

describe('the History tab when the server refuses', () => {
    it('shows the error with a retry that asks again', async () => {
        let calls = 0;
        const summary = summarizeHistory(run.templateId, 'Security release', fixtureRuns());
        const server = serverForRun(run).on(HISTORY, () => (++calls === 1 ? {status: 403, body: {error: 'you are not a member of this channel'}} : {body: summary}));
        renderInHost(<RhsView/>, {server, userId: DEV});
        fireEvent.click(await screen.findByRole('tab', {name: 'History'}));
        expect(await screen.findByText(/you are not a member of this channel/)).toBeInTheDocument();
        fireEvent.click(screen.getByRole('button', {name: 'Try again'}));
        await screen.findByRole('heading', {name: 'Release history of Security release'});
        expect(calls).toBe(2);
    });
});
