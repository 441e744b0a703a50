import {act, screen, waitFor, within} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import {chooserOpened} from '../../state/actions';
import {CHANNEL, ME, makeRun, makeStep, summaryOf} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {MockServer} from '../../testing/server';

import {StepChooserRoot} from './StepChooser';

const current = makeRun({id: 'run-cur', version: '1.1.2'}, [
    makeStep({id: 'tag', title: 'Tag the release', role: 'qa'}),
    makeStep({id: 'notes', title: 'Write the release notes', role: 'dev'}),
    makeStep({id: 'cut', title: 'Cut the build', role: 'build'}),
]);
const other = makeRun({id: 'run-old', version: '1.0.9'}, [makeStep({id: 'mug', title: 'Send the mug', role: 'logistics'})]);
const finished = makeRun({id: 'run-done', version: '1.0.8', status: 'finished'}, [makeStep({id: 'x', title: 'Old'})]);

function setup(runs = [other, current, finished], currentRunId = 'run-cur') {
    const server = new MockServer().on(`GET /runs?channel_id=${CHANNEL}`, {runs: runs.map(summaryOf), currentRunId});
    for (const run of runs) {
        server.on(`GET /runs/${run.id}`, run);
    }
    const h = renderInHost(<StepChooserRoot/>, {server, posts: {p1: {id: 'p1', channel_id: CHANNEL}}});
    act(() => {
        h.store.dispatch(chooserOpened('p1', 'evidence') as never);
    });
    return h;
}

describe('step chooser: which release', () => {
    it('names the release it acts on and lets the user pick another active one', async () => {
        const h = setup();
        const dialog = await screen.findByRole('dialog', {name: 'Attach this post as evidence to a step'});
        await screen.findByRole('button', {name: 'Tag the release'});
        expect(dialog).toHaveTextContent('Release 1.1.2 · channel’s current release');
        const picker = within(dialog).getByRole('combobox', {name: 'Release'});
        expect(picker).toHaveValue('run-cur');
        // Only active runs are offered.
        expect(within(picker).getAllByRole('option').map((o) => (o as HTMLOptionElement).value)).toEqual(['run-old', 'run-cur']);

        await userEvent.selectOptions(picker, 'run-old');
        const mug = await screen.findByRole('button', {name: 'Send the mug'});
        expect(dialog).toHaveTextContent('Release 1.0.9 · another active release');
        expect(screen.queryByRole('button', {name: 'Tag the release'})).toBeNull();

        h.server.on('POST /runs/run-old/steps/mug/evidence', () => ({body: {...other, revision: 2}}));
        await userEvent.click(mug);
        await waitFor(() => expect(h.server.callsTo('POST', '/runs/run-old/steps/mug/evidence')).toHaveLength(1));
        expect(h.server.callsTo('POST', '/runs/run-cur/')).toHaveLength(0);
    });

    it('offers no picker when the channel has one active run', async () => {
        setup([current, finished]);
        const dialog = await screen.findByRole('dialog');
        await screen.findByRole('button', {name: 'Tag the release'});
        expect(within(dialog).queryByRole('combobox')).toBeNull();
        expect(dialog).toHaveTextContent('Release 1.1.2 · channel’s current release');
    });
});

describe('step chooser: keyboard in the search field', () => {
    it('moves through the list with the arrows and picks with Enter', async () => {
        const h = setup([current]);
        await screen.findByRole('button', {name: 'Tag the release'});
        const search = screen.getByRole('searchbox', {name: 'Search steps'});
        await waitFor(() => expect(search).toHaveFocus());
        const list = screen.getByRole('list', {name: 'Open steps'});
        const buttons = within(list).getAllByRole('button');
        await userEvent.keyboard('{ArrowDown}');
        expect(search).toHaveAttribute('aria-activedescendant', buttons[0].id);
        await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
        expect(search).toHaveAttribute('aria-activedescendant', buttons[1].id);
        expect(buttons[1]).toHaveAttribute('aria-current', 'true');

        const stepId = current.steps.find((s) => s.title === buttons[1].textContent?.split('·')[0].trim())?.id;
        h.server.on(`POST /runs/run-cur/steps/${stepId}/evidence`, () => ({body: {...current, revision: 2}}));
        await userEvent.keyboard('{Enter}');
        await waitFor(() => expect(h.server.callsTo('POST', `/runs/run-cur/steps/${stepId}/evidence`)).toHaveLength(1));
        expect(h.server.callsTo('POST', '/runs/run-cur/steps/')).toHaveLength(1);
    });

    it('Enter with nothing highlighted chooses nothing', async () => {
        const h = setup([current]);
        await screen.findByRole('button', {name: 'Tag the release'});
        await userEvent.type(screen.getByRole('searchbox', {name: 'Search steps'}), 'notes{Enter}');
        expect(h.server.callsTo('POST', '/runs/')).toHaveLength(0);
        expect(screen.getByRole('dialog')).toBeInTheDocument();
    });
});

describe('step chooser: the "yours" badge', () => {
    it('sits with the role in one group and is never an empty box', async () => {
        setup([makeRun({id: 'run-cur', roles: {dev: [ME]}}, [makeStep({id: 'd', title: 'Fix it', role: 'dev'})])]);
        const fix = await screen.findByRole('button', {name: 'Fix it'});
        expect(fix).toHaveAccessibleDescription('· Dev yours');
        const badge = fix.querySelector('.rc-badge');
        expect(badge?.textContent).toBe('yours');
        expect(badge?.parentElement).toHaveClass('rc-chooser-tag');
        expect(badge?.parentElement).toHaveTextContent(/^· Devyours$/);
        expect(Array.from(fix.querySelectorAll('span')).filter((el) => el.textContent?.trim() === '')).toEqual([]);
    });
});
