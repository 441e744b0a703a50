import {screen} from '@testing-library/react';
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

const steps = () => [
    makeStep({id: 'open', title: 'Cut RC1', dueAt: '2030-01-10T17:00:00.000Z'}),
    makeStep({id: 'late', title: 'Test RC1', dueAt: '2030-01-02T17:00:00.000Z'}),
    makeStep({id: 'ann', title: 'Announce', announcement: {channelSetting: 'AnnouncementChannel', message: 'v{{version}}'}}),
];

describe('a run that is no longer active', () => {
    it.each(['finished', 'archived'] as const)('is read-only when %s, and says why', async (status) => {
        renderInHost(<RhsView/>, {server: serverForRun(makeRun({status}, steps())), userId: DEV});
        const note = await screen.findByText(`This release is ${status}: its checklist is read-only.`);
        const tick = screen.getByRole('button', {name: 'Mark “Cut RC1” done'});
        expect(tick).toBeDisabled();
        expect(tick).toHaveAccessibleDescription(note.textContent ?? '');
        expect(screen.getByRole('button', {name: 'More actions for “Cut RC1”'})).toBeDisabled();
        expect(screen.queryByRole('button', {name: 'Post the announcement for “Announce”'})).toBeNull();
        expect(screen.queryByText(/^Due /)).toBeNull();
        expect(screen.queryByRole('region', {name: 'Overdue'})).toBeNull();
        expect(document.querySelector('[data-step-id="open"] time')).toHaveAttribute('dateTime', '2030-01-10T17:00:00.000Z');
    });

    it('an active run stays editable', async () => {
        renderInHost(<RhsView/>, {server: serverForRun(makeRun({}, steps())), userId: DEV});
        const tick = await screen.findByRole('button', {name: 'Mark “Cut RC1” done'});
        expect(tick).toBeEnabled();
        expect(screen.getByRole('button', {name: 'More actions for “Cut RC1”'})).toBeEnabled();
        expect(screen.getByText('Due in 7 days')).toBeInTheDocument();
        expect(screen.queryByText(/read-only/)).toBeNull();
    });
});
