import {screen, waitFor, within} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import type {Run} from '../../api/types';
import {DEV, RM, makeRun, makeStep} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {serverForRun} from '../../testing/run-server';
import type {MockServer} from '../../testing/server';

import {RhsView} from './RhsView';

const QUESTION = 'Is the reporting security researcher still without a researcher mug from us?';

function serverWith(run: Run): MockServer {
    return serverForRun(run).
        on(`GET /runs/${run.id}/events?limit=50`, {events: [], nextBefore: null});
}

describe('the run\'s answers to its questions', () => {
    const mug = makeStep({id: 'mug', title: 'Order a mug', role: 'logistics', condition: 'mug', state: 'skipped', skipReason: `Does not apply: "${QUESTION}" was answered no.`});
    const run = makeRun({conditions: {mug: false}, conditionQuestions: {mug: QUESTION}}, [makeStep({id: 'a', title: 'Cut RC'}), mug]);

    it('shows each answer to everyone, and lets the Release Manager change it: the question\'s steps join the release', async () => {
        const server = serverWith(run);
        const answered = {...run, revision: 2, conditions: {mug: true}, steps: [run.steps[0], {...mug, state: 'open' as const, skipReason: undefined}]};
        server.on('POST /runs/run-1/conditions', () => ({body: answered}));
        renderInHost(<RhsView/>, {server, userId: RM});
        const shown = await screen.findByRole('region', {name: 'Conditions'});
        expect(shown).toHaveTextContent(`${QUESTION} No`);
        expect(screen.queryByText('Order a mug')).toBeNull();

        await userEvent.click(screen.getByRole('button', {name: 'Manage release'}));
        const panel = screen.getByRole('region', {name: 'Manage release'});
        const group = within(panel).getByRole('radiogroup', {name: QUESTION});
        expect(within(group).getByRole('radio', {name: 'No'})).toBeChecked();
        expect(within(panel).getByRole('button', {name: 'Save answers'})).toBeDisabled();
        await userEvent.click(within(group).getByRole('radio', {name: 'Yes'}));
        await userEvent.click(within(panel).getByRole('button', {name: 'Save answers'}));
        expect(await within(panel).findByRole('status')).toHaveTextContent('Answers saved.');
        expect(server.callsTo('POST', '/runs/run-1/conditions')[0].body).toEqual({conditions: {mug: true}, source: 'rhs'});
        await waitFor(() => expect(screen.getByRole('region', {name: 'Conditions'})).toHaveTextContent(`${QUESTION} Yes`));
        expect(screen.getByRole('button', {name: 'Mark “Order a mug” done'})).toBeInTheDocument();
    });

    it('offers no change to someone who may not manage the run', async () => {
        renderInHost(<RhsView/>, {server: serverWith(run), userId: DEV});
        await screen.findByRole('region', {name: 'Conditions'});
        expect(screen.queryByRole('button', {name: 'Manage release'})).toBeNull();
    });

    it('says the change in the timeline', async () => {
        const server = serverWith(run).on(`GET /runs/${run.id}/events?limit=50`, {events: [
            {schemaVersion: 1, seq: 3, runId: run.id, type: 'condition-changed', userId: RM, at: '2030-01-02T10:00:00.000Z', source: 'rhs', data: {condition: 'mug', question: QUESTION, from: false, to: true}},
        ], nextBefore: null});
        renderInHost(<RhsView/>, {server, userId: RM});
        await userEvent.click(await screen.findByRole('tab', {name: 'Timeline'}));
        expect(await screen.findByText(new RegExp(`answered “${QUESTION.replace('?', '\\?')}” Yes`))).toBeInTheDocument();
    });
});
