// "My steps": focus lands in the RHS when it opens; the filter keeps the steps of roles I fill
// or assigned to me, marks mine under Overdue / Due today, and lists my steps of other releases
// of my channels, each linking to its channel.
import {screen, within} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import type {MyRun, Run} from '../../api/types';
import {CHANNEL, DEV, ME, makeRun, makeStep, summaryOf} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {MockServer, SITE_URL} from '../../testing/server';

import {RhsView} from './RhsView';

const NOW = Date.parse('2030-01-03T12:00:00.000Z');

beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
});
afterEach(() => {
    jest.restoreAllMocks();
});

const run = makeRun({}, [
    makeStep({id: 'fix', title: 'Merge the fixes', role: 'dev', dueAt: '2030-01-03T09:00:00.000Z'}),
    makeStep({id: 'rc', title: 'Cut the RC', role: 'build', dueAt: '2030-01-03T17:00:00.000Z'}),
    makeStep({id: 'gitlab', title: 'Ask GitLab', role: 'release-manager', assignee: DEV, dueAt: '2030-01-03T16:00:00.000Z'}),
    makeStep({id: 'notes', title: 'Write the notes', role: 'release-manager', dueAt: '2030-01-04T17:00:00.000Z'}),
]);

const elsewhere: MyRun = {
    runId: 'run-9', channelId: 'chan-9', channelName: 'mobile-release', channelDisplayName: 'Mobile Release', teamName: 'core', version: '2.0.1',
    releaseDay: '2030-01-10', timeZone: 'UTC', steps: [{id: 'tag', number: '4', title: 'Tag the build', role: 'dev', roleName: 'Dev', dueAt: '2030-01-09T17:00:00.000Z', attention: null}],
};

function serverWith(r: Run): MockServer {
    return new MockServer().
        on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(r)], currentRunId: r.id}).
        on(`GET /runs/${r.id}`, r).
        on('GET /mine', {runs: [{...elsewhere, runId: r.id, channelId: CHANNEL}, elsewhere]});
}

describe('My steps', () => {
    it('puts keyboard focus in the RHS when it opens', async () => {
        renderInHost(<RhsView/>, {server: serverWith(run), userId: DEV});
        expect(screen.getByRole('region', {name: 'Release Checklist'})).toHaveFocus();
        await screen.findByRole('heading', {name: /Release 1\.1\.1/});
    });

    it('shows only the steps of roles I fill or assigned to me, marks mine in the attention lists, and lists my other releases', async () => {
        const history = {push: jest.fn()};
        window.WebappUtils = {browserHistory: history};
        const server = serverWith(run);
        renderInHost(<RhsView/>, {server, userId: DEV});
        await screen.findByRole('heading', {name: /Release 1\.1\.1/});
        // Everything, with mine marked under Overdue / Due today.
        const overdue = screen.getByRole('region', {name: 'Overdue'});
        expect(within(overdue).getByRole('listitem')).toHaveTextContent('Merge the fixesyours');
        const today = screen.getByRole('region', {name: 'Due today'});
        expect(within(today).getAllByRole('listitem').map((li) => li.textContent?.includes('yours'))).toEqual([true, false]);

        const toggle = screen.getByRole('button', {name: 'My steps'});
        expect(toggle).toHaveAttribute('aria-pressed', 'false');
        await userEvent.click(toggle);
        expect(toggle).toHaveAttribute('aria-pressed', 'true');
        const rows = [...document.querySelectorAll<HTMLElement>('li[data-step-id]')].map((li) => li.dataset.stepId);
        expect(rows).toEqual(['gitlab', 'fix']);
        expect(within(screen.getByRole('region', {name: 'Due today'})).getAllByRole('link').map((a) => a.textContent)).toEqual(['Ask GitLab']);

        // My steps of the other releases of my channels, each linking to its channel (this run is not repeated).
        const others = await screen.findByRole('region', {name: 'Your steps in other releases'});
        const link = within(others).getByRole('link', {name: 'Release 2.0.1 in Mobile Release'});
        expect(link).toHaveAttribute('href', `${SITE_URL}/core/channels/mobile-release`);
        expect(others).toHaveTextContent('#4 Tag the build');
        expect(within(others).getAllByRole('link')).toHaveLength(1);
        await userEvent.click(link);
        expect(history.push).toHaveBeenCalledWith('/core/channels/mobile-release');
        delete window.WebappUtils;
    });

    it('says so when none of the run\'s open steps are mine', async () => {
        // QA fills no role with an open step here.
        renderInHost(<RhsView/>, {server: serverWith(run), userId: ME});
        await userEvent.click(await screen.findByRole('button', {name: 'My steps'}));
        expect(screen.getByText('None of this release’s open steps are yours.')).toBeInTheDocument();
    });
});
