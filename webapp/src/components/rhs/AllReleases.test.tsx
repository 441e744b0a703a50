// "All my releases" in the sidebar: the view switch, each release's day, progress, health and
// my next step as GET /all answers them, more pages on demand, and opening a release: its
// channel is opened and the sidebar shows that run. The calendar links of the run view too.
import {screen, within} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import type {AllReleases, ReleaseOverview} from '../../api/types';
import {CHANNEL, DEV, makeRun, makeStep} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {serverForRun} from '../../testing/run-server';
import {MockServer, SITE_URL} from '../../testing/server';
import {pluginState} from '../../state/selectors';

import {RhsView} from './RhsView';

function release(over: Partial<ReleaseOverview>): ReleaseOverview {
    return {
        runId: 'run-x', channelId: 'chan-x', channelName: 'x-release', channelDisplayName: 'X Release', teamName: 'core', version: '0.0.1',
        releaseDay: '2030-01-10', timeZone: 'UTC', progress: {done: 1, skipped: 1, open: 2, total: 4}, health: 'on-track', overdue: 0, nextStep: null, ...over,
    };
}

const mobile = release({
    runId: 'run-9', channelId: 'chan-9', channelName: 'mobile-release', channelDisplayName: 'Mobile Release', teamName: 'apps', version: '2.0.1',
    releaseDay: '2030-01-04', health: 'at-risk', overdue: 2, progress: {done: 3, skipped: 0, open: 3, total: 6},
    nextStep: {id: 'tag', number: '4', title: 'Tag the build', role: 'dev', roleName: 'Dev', dueAt: '2030-01-02T17:00:00.000Z', attention: 'overdue'},
});
const here = release({runId: 'run-1', channelId: CHANNEL, channelName: 'web-release', channelDisplayName: 'Web Release', version: '1.1.1', releaseDay: '2030-01-07'});
const late = release({runId: 'run-7', channelId: 'chan-7', channelName: 'desktop', channelDisplayName: 'Desktop', version: '5.0.0', releaseDay: '2029-12-20', health: 'late', overdue: 5});

function serverWith(pages: AllReleases[]): MockServer {
    const run = makeRun({}, [makeStep({id: 'fix', title: 'Merge the fixes', role: 'dev'})]);
    return serverForRun(run).on('GET /all', (_body, c) => {
        const offset = Number(new URL(c.url).searchParams.get('offset') ?? '0');
        return {body: pages.find((p) => p.offset === offset)};
    });
}

async function openAll() {
    await userEvent.click(screen.getByRole('button', {name: 'All my releases'}));
    return screen.findByRole('region', {name: 'All my releases'});
}

beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2030-01-03T12:00:00.000Z'));
});
afterEach(() => {
    jest.restoreAllMocks();
    delete window.WebappUtils;
});

describe('All my releases', () => {
    it('lists each release with its channel, release day, progress, health and my next step', async () => {
        renderInHost(<RhsView/>, {server: serverWith([{releases: [late, mobile, here], total: 3, offset: 0, more: false}]), userId: DEV});
        const switcher = screen.getByRole('group', {name: 'Show'});
        expect(within(switcher).getByRole('button', {name: 'This channel'})).toHaveAttribute('aria-pressed', 'true');
        const view = await openAll();
        expect(within(switcher).getByRole('button', {name: 'All my releases'})).toHaveAttribute('aria-pressed', 'true');
        expect(view).toHaveTextContent('3 active releases in your channels');
        const items = await within(view).findAllByRole('listitem');
        expect(items.map((li) => within(li).getByRole('heading').textContent)).toEqual(['Release 5.0.0', 'Release 2.0.1', 'Release 1.1.1']);
        const m = items[1];
        expect(m).toHaveTextContent('Mobile Release · apps');
        expect(m).toHaveTextContent('Release day Fri, Jan 4, 2030');
        expect(m).toHaveTextContent('At risk: 2 steps overdue');
        expect(within(m).getByRole('progressbar', {name: 'Progress of release 2.0.1'})).toHaveAttribute('aria-valuenow', '50');
        expect(m).toHaveTextContent('3 of 6 steps closed (50%)');
        expect(m).toHaveTextContent('Your next step: #4 Tag the build · Overdue · ');
        expect(items[0]).toHaveTextContent('Late: the release day has passed');
        expect(items[2]).toHaveTextContent('On track');
        expect(items[2]).toHaveTextContent('No open step of yours.');
        expect(within(view).queryByRole('button', {name: /Show more/})).toBeNull();
    });

    it('opens a release of another channel there and shows that run in the sidebar', async () => {
        const history = {push: jest.fn()};
        window.WebappUtils = {browserHistory: history};
        const {store} = renderInHost(<RhsView/>, {server: serverWith([{releases: [mobile, here], total: 2, offset: 0, more: false}]), userId: DEV});
        const view = await openAll();
        await userEvent.click(await within(view).findByRole('button', {name: 'Open release 2.0.1'}));
        expect(history.push).toHaveBeenCalledWith('/apps/channels/mobile-release');
        expect(pluginState(store.getState()).selectedRun['chan-9']).toBe('run-9');
        expect(screen.queryByRole('region', {name: 'All my releases'})).toBeNull();
        expect(screen.getByRole('button', {name: 'This channel'})).toHaveAttribute('aria-pressed', 'true');
    });

    it("opens a release of this channel without navigating, on that run's checklist", async () => {
        const history = {push: jest.fn()};
        window.WebappUtils = {browserHistory: history};
        renderInHost(<RhsView/>, {server: serverWith([{releases: [here], total: 1, offset: 0, more: false}]), userId: DEV});
        const view = await openAll();
        await userEvent.click(await within(view).findByRole('button', {name: 'Open release 1.1.1'}));
        expect(history.push).not.toHaveBeenCalled();
        expect(await screen.findByRole('heading', {name: /Release 1\.1\.1/})).toBeInTheDocument();
        expect(document.querySelector('li[data-step-id="fix"]')).toHaveTextContent('Merge the fixes');
    });

    it('loads the next page on demand and says how many are shown', async () => {
        const server = serverWith([
            {releases: [late, mobile], total: 3, offset: 0, more: true},
            {releases: [here], total: 3, offset: 2, more: false},
        ]);
        renderInHost(<RhsView/>, {server, userId: DEV});
        const view = await openAll();
        const more = await within(view).findByRole('button', {name: 'Show more (2 of 3)'});
        await userEvent.click(more);
        expect(await within(view).findByRole('heading', {name: 'Release 1.1.1'})).toBeInTheDocument();
        expect(within(view).getAllByRole('listitem')).toHaveLength(3);
        expect(within(view).queryByRole('button', {name: /Show more/})).toBeNull();
        expect(server.callsTo('GET', '/all').map((c) => c.path)).toEqual(['/all?offset=0', '/all?offset=2']);
    });

    it('says so when there is no release, and shows a failure with a retry', async () => {
        let fail = true;
        const server = serverForRun(makeRun()).on('GET /all', () => (fail ? {status: 500, body: {error: 'database on fire'}} : {body: {releases: [], total: 0, offset: 0, more: false}}));
        renderInHost(<RhsView/>, {server, userId: DEV});
        const view = await openAll();
        expect(await within(view).findByRole('alert')).toHaveTextContent('database on fire');
        fail = false;
        await userEvent.click(within(view).getByRole('button', {name: 'Try again'}));
        expect(await within(view).findByText('There is no active release in the channels you are in.')).toBeInTheDocument();
    });
});

describe('calendar links', () => {
    it("offer the run's milestones and my steps as .ics downloads", async () => {
        const run = makeRun();
        renderInHost(<RhsView/>, {server: serverForRun(run), userId: DEV});
        const group = await screen.findByRole('group', {name: 'Add to your calendar:'});
        const base = `${SITE_URL}/plugins/com.mattermost.release-checklist/api/v1/runs/${run.id}/calendar.ics`;
        expect(within(group).getByRole('link', {name: 'Milestones (.ics)'})).toHaveAttribute('href', base);
        expect(within(group).getByRole('link', {name: 'My steps (.ics)'})).toHaveAttribute('href', `${base}?mine=1`);
        for (const link of within(group).getAllByRole('link')) {
            expect(link).toHaveAttribute('download');
        }
    });
});
