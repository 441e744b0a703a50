// Times say their zone; notes keep their line breaks and say who and when; the note box
// shows its length limit.
import {fireEvent, screen, within} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import {DEV, makeRun, makeStep} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {serverForRun} from '../../testing/run-server';

import {RhsView} from './RhsView';

const NOW = Date.parse('2030-01-03T12:00:00.000Z');

beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
});
afterEach(() => {
    jest.restoreAllMocks();
});

describe('times and notes in the RHS', () => {
    const note = {userId: DEV, at: '2030-01-02T14:05:00.000Z', text: 'RC1 is on rc.test\nRC2 follows tomorrow'};
    const run = makeRun({timeZone: 'America/Los_Angeles'}, [makeStep({id: 'rc', title: 'Cut RC1', dueAt: '2030-01-03T17:00:00.000Z', notes: [note]})]);

    it('says which zone the times are in: the viewer\'s, and the release\'s when it differs', async () => {
        renderInHost(<RhsView/>, {server: serverForRun(run)});
        expect(await screen.findByText('Times in your time zone, UTC; this release runs on America/Los_Angeles time.')).toBeInTheDocument();
        // Every shown due time carries its zone, in the attention list too.
        expect(within(screen.getByRole('region', {name: 'Due today'})).getByRole('listitem')).toHaveTextContent(/5:00 PM UTC/);
        expect(document.querySelector('[data-step-id="rc"] .rc-step-meta')).toHaveTextContent(/5:00 PM UTC/);
    });

    it('shows who wrote a note and when, keeping its line breaks', async () => {
        renderInHost(<RhsView/>, {server: serverForRun(run)});
        const notes = await screen.findByRole('list', {name: 'Notes'});
        const item = within(notes).getByRole('listitem');
        expect(item).toHaveTextContent('dev · Jan 2, 14:05');
        expect(within(item).getByText((_, el) => el?.classList.contains('rc-pre') === true && el.textContent === note.text)).toBeInTheDocument();
    });

    it('shows the note box\'s limit and how much is used', async () => {
        renderInHost(<RhsView/>, {server: serverForRun(run), userId: DEV});
        await userEvent.click(await screen.findByRole('button', {name: 'More actions for “Cut RC1”'}));
        await userEvent.click(screen.getByRole('button', {name: 'Add note'}));
        const box = screen.getByLabelText('Note');
        expect(box).toHaveAttribute('maxLength', '2000');
        expect(box).toHaveAccessibleDescription('0 of at most 2000 characters');
        fireEvent.change(box, {target: {value: 'merged\nall three'}});
        expect(box).toHaveAccessibleDescription('16 of at most 2000 characters');
    });
});
