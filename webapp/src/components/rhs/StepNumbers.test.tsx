import {screen} from '@testing-library/react';
import React from 'react';

import {scriptedRun} from '../../../../server-bridge/src/product/report/test-fixtures';
import {stepNumbers} from '../../model/numbers';
import {CHANNEL, makeRun, makeStep, summaryOf} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {MockServer} from '../../testing/server';

import {RhsView} from './RhsView';

function render(run = makeRun()) {
    const server = new MockServer().
        on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(run)], currentRunId: run.id}).
        on(`GET /runs/${run.id}`, run);
    return renderInHost(<RhsView/>, {server});
}

/** The "#n" shown in a step's row, read from its own title line. */
function shownNumber(stepId: string): string | null {
    const row = Array.from(document.querySelectorAll<HTMLElement>('[data-step-id]')).find((el) => el.dataset.stepId === stepId);
    return row?.querySelector(':scope > .rc-step-main .rc-step-num')?.textContent ?? null;
}

describe('step numbers in the RHS', () => {
    it('match /release list on the scripted run, sub-steps included', async () => {
        const run = makeRun({steps: scriptedRun().steps});
        render(run);
        await screen.findByRole('progressbar', {name: 'Progress'});
        const numbers = stepNumbers(run);
        expect(numbers.size).toBe(run.steps.length);
        expect([...numbers.values()].some((n) => n.includes('.'))).toBe(true);
        for (const step of run.steps) {
            expect([step.id, shownNumber(step.id)]).toEqual([step.id, `#${numbers.get(step.id)}`]);
        }
    });

    it('follow run order even when roles group the steps differently', async () => {
        // Step 1 is QA's, step 2 Dev's, step 3 QA's again: grouped by role, QA's list shows 1 and 3.
        const run = makeRun({}, [
            makeStep({id: 'q1', title: 'Test RC1', role: 'qa'}),
            makeStep({id: 'd1', title: 'Fix bugs', role: 'dev'}),
            makeStep({id: 'q2', title: 'Test RC2', role: 'qa'}),
            makeStep({id: 'q2a', title: 'Smoke test', role: 'qa', parentId: 'q2'}),
        ]);
        render(run);
        await screen.findByRole('button', {name: 'Mark “Test RC1” done'});
        expect(['q1', 'd1', 'q2', 'q2a'].map(shownNumber)).toEqual(['#1', '#2', '#3', '#3.1']);
        // The number is not part of the tick's name: names stay stable.
        expect(screen.getByRole('button', {name: 'Mark “Test RC2” done'})).toBeInTheDocument();
    });
});
