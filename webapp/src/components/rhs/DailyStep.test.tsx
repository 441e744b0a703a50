// The daily merge-back in the RHS: listed under Due today on each working day of its span until
// ticked for that day, its checkbox showing the day's state, not tickable before its first day,
// and "done for <day>" in the timeline.
import {screen, waitFor, within} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import type {Run} from '../../api/types';
import {DEV, makeRun, makeStep} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {serverForRun} from '../../testing/run-server';
import type {MockServer} from '../../testing/server';

import {RhsView} from './RhsView';

const TITLE = 'Merge the release branch back';
// Release Monday 7 January 2030 (UTC): phase A (T-4) is Tuesday 1 January; the step is daily until T-0.
const merge = makeStep({id: 'merge-back', title: TITLE, phaseId: 'a', role: 'dev', recurring: 'daily', due: {offset: {unit: 'working', days: 0}}, dueAt: '2030-01-07T17:00:00.000Z'});

function serverWith(run: Run): MockServer {
    return serverForRun(run).
        on(`GET /runs/${run.id}/events?limit=50`, {events: [
            {schemaVersion: 1, seq: 4, runId: run.id, type: 'step-done', userId: DEV, at: '2030-01-02T10:00:00.000Z', source: 'rhs', stepId: 'merge-back', data: {recurring: true, day: '2030-01-02', closed: false}},
        ], nextBefore: null});
}

function at(iso: string) {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse(iso));
}

afterEach(() => {
    jest.restoreAllMocks();
});

describe('the daily step in the RHS', () => {
    it('is under Due today on two different working days, at that day\'s time', async () => {
        for (const day of ['2030-01-02', '2030-01-03']) {
            at(`${day}T09:00:00.000Z`);
            const {unmount} = renderInHost(<RhsView/>, {server: serverWith(makeRun({releaseDay: '2030-01-07'}, [merge]))});
            const today = await screen.findByRole('region', {name: 'Due today'});
            expect(within(today).getByRole('link', {name: TITLE})).toBeInTheDocument();
            expect(within(today).getByText(/Due in 8 hours/)).toBeInTheDocument();
            unmount();
            jest.restoreAllMocks();
        }
    });

    it('shows "done for today" once ticked for the day, ticks and takes back only the day', async () => {
        at('2030-01-02T09:00:00.000Z');
        const ticked = {...merge, ticks: [{day: '2030-01-02', userId: DEV, at: '2030-01-02T09:30:00.000Z'}]};
        const run = makeRun({releaseDay: '2030-01-07'}, [merge]);
        const server = serverWith(run);
        server.on('POST /runs/run-1/steps/merge-back/done', () => ({body: {...run, revision: 2, steps: [ticked]}}));
        server.on('POST /runs/run-1/steps/merge-back/undo', () => ({body: {...run, revision: 3, steps: [merge]}}));
        renderInHost(<RhsView/>, {server, userId: DEV});
        const tick = await screen.findByRole('button', {name: `Mark “${TITLE}” done for today`});
        expect(tick).toHaveAttribute('aria-pressed', 'false');
        await userEvent.click(tick);
        const undo = await screen.findByRole('button', {name: `Undo “${TITLE}” for today`});
        expect(undo).toHaveAttribute('aria-pressed', 'true');
        expect(within(document.getElementById('rc-step-merge-back')!).getByText('Done for today')).toBeInTheDocument();
        // The day's tick reads among the step's notes, with who and when.
        expect(within(within(document.getElementById('rc-step-merge-back')!).getByRole('list', {name: 'Notes'})).getByRole('listitem')).toHaveTextContent(/Done for 2030-01-02/);
        expect(screen.queryByRole('region', {name: 'Due today'})).toBeNull();
        await userEvent.click(undo);
        await screen.findByRole('button', {name: `Mark “${TITLE}” done for today`});
        expect(server.callsTo('POST', '/runs/run-1/steps/merge-back').map((c) => c.path.split('/').pop())).toEqual(['done', 'undo']);
    });

    it('cannot be ticked before its first day, and says from when', async () => {
        at('2029-12-28T09:00:00.000Z');
        renderInHost(<RhsView/>, {server: serverWith(makeRun({releaseDay: '2030-01-07'}, [merge])), userId: DEV});
        const tick = await screen.findByRole('button', {name: `Mark “${TITLE}” done for today`});
        expect(tick).toBeDisabled();
        expect(tick).toHaveAccessibleDescription('A daily step: it can be ticked from Tue, Jan 1, 2030 on.');
        expect(screen.queryByRole('region', {name: 'Due today'})).toBeNull();
    });

    it('says "done for <day>" in the timeline', async () => {
        at('2030-01-02T12:00:00.000Z');
        renderInHost(<RhsView/>, {server: serverWith(makeRun({releaseDay: '2030-01-07'}, [merge])), userId: DEV});
        await userEvent.click(await screen.findByRole('tab', {name: 'Timeline'}));
        await waitFor(() => expect(screen.getByText(`marked “${TITLE}” done for Wed, Jan 2, 2030`, {exact: false})).toBeInTheDocument());
    });
});
