import {screen, waitFor, within} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import type {Run} from '../../api/types';
import {RM, makeRun, makeStep} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {serverForRun} from '../../testing/run-server';
import type {MockServer} from '../../testing/server';

import {RhsView} from './RhsView';

function serverWith(run: Run): MockServer {
    return serverForRun(run).on(`GET /runs/${run.id}/events?limit=50`, {events: [], nextBefore: null});
}

describe('the run\'s reminder choices in the manage panel', () => {
    const run = makeRun({}, [makeStep({id: 'a', title: 'Cut RC'})]);

    it('turns the digest buttons on for this run, and sends the reminders now', async () => {
        const server = serverWith(run);
        server.on('POST /runs/run-1/settings', () => ({body: {...run, revision: 2, settings: {channelButtons: true}}}));
        server.on('POST /runs/run-1/remind', () => ({body: {sent: 3}}));
        renderInHost(<RhsView/>, {server, userId: RM});
        await userEvent.click(await screen.findByRole('button', {name: 'Manage release'}));
        const panel = screen.getByRole('region', {name: 'Manage release'});
        const box = within(panel).getByRole('checkbox', {name: /buttons on the channel’s daily digest/});
        expect(box).not.toBeChecked();
        await userEvent.click(box);
        expect(server.callsTo('POST', '/runs/run-1/settings')[0].body).toEqual({channelButtons: true, source: 'rhs'});
        await waitFor(() => expect(within(screen.getByRole('region', {name: 'Manage release'})).getByRole('checkbox', {name: /daily digest/})).toBeChecked());

        await userEvent.click(within(panel).getByRole('button', {name: 'Send reminders now'}));
        expect(await within(panel).findByRole('status')).toHaveTextContent('Sent 3 reminders.');
        expect(server.callsTo('POST', '/runs/run-1/remind')).toHaveLength(1);
    });

    it('shows the server\'s refusal where the choice was made', async () => {
        const server = serverWith(run);
        server.on('POST /runs/run-1/remind', () => ({status: 409, body: {error: 'this run is finished; reminders are for active runs'}}));
        renderInHost(<RhsView/>, {server, userId: RM});
        await userEvent.click(await screen.findByRole('button', {name: 'Manage release'}));
        const panel = screen.getByRole('region', {name: 'Manage release'});
        await userEvent.click(within(panel).getByRole('button', {name: 'Send reminders now'}));
        expect(await within(panel).findByRole('alert')).toHaveTextContent(/reminders are for active runs/);
    });
});
