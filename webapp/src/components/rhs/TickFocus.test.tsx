import {screen, waitFor} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import {CHANNEL, DEV, makeRun, makeStep, summaryOf} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {MockServer} from '../../testing/server';

import {RhsView} from './RhsView';

const step = makeStep({id: 'cut', title: 'Cut RC1'});
const other = makeStep({id: 'test', title: 'Test RC1'});
const run = makeRun({}, [step, other]);

/** A server whose answer to the tick waits until the test releases it. */
function slowServer() {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
        release = resolve;
    });
    const server = new MockServer().
        on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(run)], currentRunId: run.id}).
        on(`GET /runs/${run.id}`, run).
        on('POST /runs/run-1/steps/cut/done', async () => {
            await gate;
            return {body: {...run, revision: 2, steps: [{...step, state: 'done'}, other]}};
        });
    return {server, release};
}

describe('ticking a step from the keyboard', () => {
    it('keeps focus on the tick while saving and after the update', async () => {
        const {server, release} = slowServer();
        renderInHost(<RhsView/>, {server, userId: DEV});
        const tick = await screen.findByRole('button', {name: 'Mark “Cut RC1” done'});
        tick.focus();
        await userEvent.keyboard(' ');
        await waitFor(() => expect(server.callsTo('POST', '/runs/run-1/steps/cut/done')).toHaveLength(1));
        // A disabled button would lose focus in a browser: it stays focusable, marked busy.
        expect(tick).toBeEnabled();
        expect(tick).toHaveAttribute('aria-disabled', 'true');
        expect(tick).toHaveFocus();
        release();
        const undo = await screen.findByRole('button', {name: 'Undo “Cut RC1”'});
        expect(undo).toHaveFocus();
        expect(undo).toHaveAttribute('aria-pressed', 'true');
    });

    it('puts focus back on the same step when the re-render dropped it', async () => {
        const {server, release} = slowServer();
        renderInHost(<RhsView/>, {server, userId: DEV});
        const tick = await screen.findByRole('button', {name: 'Mark “Cut RC1” done'});
        tick.focus();
        await userEvent.keyboard(' ');
        await waitFor(() => expect(server.callsTo('POST', '/runs/run-1/steps/cut/done')).toHaveLength(1));
        // What a browser does when the focused control goes away under it.
        tick.blur();
        expect(document.body).toHaveFocus();
        release();
        await waitFor(() => expect(screen.getByRole('button', {name: 'Undo “Cut RC1”'})).toHaveFocus());
        expect(document.querySelector('[data-step-id="cut"] .rc-check')).toBe(document.activeElement);
    });

    it('leaves focus alone when the user moved on', async () => {
        const {server, release} = slowServer();
        renderInHost(<RhsView/>, {server, userId: DEV});
        const tick = await screen.findByRole('button', {name: 'Mark “Cut RC1” done'});
        tick.focus();
        await userEvent.keyboard(' ');
        const next = screen.getByRole('button', {name: 'Mark “Test RC1” done'});
        next.focus();
        release();
        await screen.findByRole('button', {name: 'Undo “Cut RC1”'});
        expect(next).toHaveFocus();
    });
});
