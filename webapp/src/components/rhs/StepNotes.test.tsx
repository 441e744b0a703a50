// A step carries only its latest notes: the RHS says how many earlier ones there are and pages
// them in, oldest first above the latest, until the first note is shown.
import {screen, within} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import type {NumberedNote} from '../../api/types';
import {DEV, RM, makeRun, makeStep} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {serverForRun} from '../../testing/run-server';

import {RhsView} from './RhsView';

const COUNT = 60;
const note = (seq: number): NumberedNote => ({seq, userId: seq % 2 ? DEV : RM, at: new Date(Date.parse('2030-01-01T08:00:00.000Z') + seq * 60_000).toISOString(), text: `note ${seq}`});
const range = (from: number, to: number): number[] => Array.from({length: to - from}, (_, i) => from + i);
const latest = range(COUNT - 5, COUNT).map(note).map(({seq: _seq, ...n}) => n);

beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2030-01-03T12:00:00.000Z'));
});
afterEach(() => {
    jest.restoreAllMocks();
});

function notesOf(stepId: string): string[] {
    const list = within(document.getElementById(`rc-step-${stepId}`)!).getByRole('list', {name: 'Notes'});
    return within(list).getAllByRole('listitem').map((li) => li.textContent!.match(/note \d+/)![0]);
}

describe('earlier notes in the RHS', () => {
    it('shows the latest notes, then pages the earlier ones in on request', async () => {
        const run = makeRun({}, [makeStep({id: 'rc', title: 'Cut RC1', notes: latest, noteCount: COUNT}), makeStep({id: 'few', title: 'Few notes', notes: latest.slice(0, 2)})]);
        const server = serverForRun(run)
            .on('GET /runs/run-1/steps/rc/notes?before=55&limit=50', {notes: range(5, 55).map(note), nextBefore: 5, noteCount: COUNT})
            .on('GET /runs/run-1/steps/rc/notes?before=5&limit=50', {notes: range(0, 5).map(note), nextBefore: null, noteCount: COUNT});
        renderInHost(<RhsView/>, {server});
        await screen.findByRole('button', {name: 'Show earlier notes (55)'});
        const step = document.getElementById('rc-step-rc')!;
        expect(notesOf('rc')).toEqual(range(55, 60).map((i) => `note ${i}`));
        // A step with all its notes at hand offers nothing more.
        expect(within(document.getElementById('rc-step-few')!).queryByRole('button', {name: /Show earlier notes/})).toBeNull();

        await userEvent.click(within(step).getByRole('button', {name: 'Show earlier notes (55)'}));
        expect(await within(step).findByRole('button', {name: 'Show earlier notes (5)'})).toBeInTheDocument();
        expect(notesOf('rc')).toEqual(range(5, 60).map((i) => `note ${i}`));

        await userEvent.click(within(step).getByRole('button', {name: 'Show earlier notes (5)'}));
        await screen.findByText('note 0');
        expect(within(step).queryByRole('button', {name: /Show earlier notes/})).toBeNull();
        expect(notesOf('rc')).toEqual(range(0, 60).map((i) => `note ${i}`));
        expect(server.calls.filter((c) => c.path.includes('/notes')).map((c) => c.path)).toEqual([
            '/runs/run-1/steps/rc/notes?before=55&limit=50', '/runs/run-1/steps/rc/notes?before=5&limit=50',
        ]);
    });

    it('says why when the earlier notes cannot be loaded, and keeps the button', async () => {
        const run = makeRun({}, [makeStep({id: 'rc', title: 'Cut RC1', notes: latest, noteCount: COUNT})]);
        const server = serverForRun(run).on('GET /runs/run-1/steps/rc/notes?before=55&limit=50', () => ({status: 403, body: {error: 'you cannot see this run'}}));
        renderInHost(<RhsView/>, {server});
        await userEvent.click(await screen.findByRole('button', {name: 'Show earlier notes (55)'}));
        expect(await screen.findByRole('alert')).toHaveTextContent('you cannot see this run');
        expect(screen.getByRole('button', {name: 'Show earlier notes (55)'})).toBeEnabled();
        expect(notesOf('rc')).toEqual(range(55, 60).map((i) => `note ${i}`));
    });
});
