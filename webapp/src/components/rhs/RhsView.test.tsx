import {act, fireEvent, screen, waitFor, within} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import type {Run} from '../../api/types';
import {CHANNEL, DEV, ME, RM, bigRun, makeRun, makeStep, summaryOf} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {MockServer, SITE_URL} from '../../testing/server';
import {makeHandlers} from '../../websocket';

import {RhsView} from './RhsView';

const NOW = Date.parse('2030-01-03T12:00:00.000Z');

beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
});
afterEach(() => {
    jest.restoreAllMocks();
    delete window.WebappUtils;
});

function serverWith(runs: Run[], currentRunId: string | null = runs[0]?.id ?? null): MockServer {
    const server = new MockServer();
    server.on(`GET /runs?channel_id=${CHANNEL}`, {runs: runs.map(summaryOf), currentRunId});
    for (const run of runs) {
        server.on(`GET /runs/${run.id}`, run);
        server.on(`GET /runs/${run.id}/events`, {events: [], nextBefore: null});
    }
    return server;
}

describe('RHS', () => {
    it('shows the empty state and the start form in a channel without releases', async () => {
        const server = new MockServer().
            on(`GET /runs?channel_id=${CHANNEL}`, {runs: [], currentRunId: null}).
            on('GET /defaults', {timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], holidays: [], roles: {}, templates: [{id: 'sec', name: 'Security release'}]}).
            on('GET /templates/sec', {schemaVersion: 1, id: 'sec', name: 'Security release', roles: [], conditions: [], phases: []});
        renderInHost(<RhsView/>, {server});
        expect(await screen.findByText('No release in this channel yet')).toBeInTheDocument();
        expect(await screen.findByRole('form', {name: 'Start a release'})).toBeInTheDocument();
        expect(screen.getByLabelText('Template')).toHaveValue('sec');
    });

    it('tells the user when no channel is open', () => {
        renderInHost(<RhsView/>, {channelId: null});
        expect(screen.getByText('Open a channel to see its releases.')).toBeInTheDocument();
    });

    it('shows a server error instead of swallowing it, and retries on request', async () => {
        let fail = true;
        const run = makeRun();
        const server = serverWith([run]);
        server.on(`GET /runs?channel_id=${CHANNEL}`, () => (fail ? {status: 500, body: {error: 'store unavailable'}} : {body: {runs: [summaryOf(run)], currentRunId: run.id}}));
        renderInHost(<RhsView/>, {server});
        const alert = await screen.findByRole('alert');
        expect(alert).toHaveTextContent('store unavailable');
        fail = false;
        await userEvent.click(within(alert).getByRole('button', {name: 'Try again'}));
        expect(await screen.findByRole('heading', {name: /Release 1\.1\.1/})).toBeInTheDocument();
    });

    it('shows a run of 60 steps with its progress, phases and roles', async () => {
        const run = bigRun(60);
        renderInHost(<RhsView/>, {server: serverWith([run])});
        await screen.findByRole('heading', {name: /Release 1\.1\.1/});
        const rows = document.querySelectorAll('li[data-step-id]');
        expect(rows).toHaveLength(60);
        // 12 of 60 steps are done: 20%.
        expect(screen.getByRole('progressbar', {name: 'Progress'})).toHaveAttribute('aria-valuenow', '20');
        expect(screen.getByText('12 of 60 steps closed (20%)')).toBeInTheDocument();
        for (const title of ['A. Code complete', 'B. Release candidate cut', 'C. Release candidate testing', 'D. Release build cut']) {
            expect(screen.getByRole('heading', {name: new RegExp(title)})).toBeInTheDocument();
        }
        expect(screen.getAllByRole('heading', {name: 'Release Manager'}).length).toBeGreaterThan(0);
    });

    it('puts overdue steps first and due-today steps next, each in due order', async () => {
        const steps = [
            makeStep({id: 'later', title: 'Later this week', dueAt: '2030-01-05T17:00:00.000Z'}),
            makeStep({id: 'today-late', title: 'Today at five', dueAt: '2030-01-03T17:00:00.000Z'}),
            makeStep({id: 'over-new', title: 'Overdue since this morning', dueAt: '2030-01-03T09:00:00.000Z'}),
            makeStep({id: 'today-early', title: 'Today at two', dueAt: '2030-01-03T14:00:00.000Z'}),
            makeStep({id: 'over-old', title: 'Overdue since yesterday', dueAt: '2030-01-02T10:00:00.000Z'}),
            makeStep({id: 'closed', title: 'Closed long ago', dueAt: '2030-01-01T10:00:00.000Z', state: 'done'}),
        ];
        renderInHost(<RhsView/>, {server: serverWith([makeRun({}, steps)])});
        const overdue = await screen.findByRole('region', {name: 'Overdue'});
        const today = screen.getByRole('region', {name: 'Due today'});
        expect(within(overdue).getAllByRole('link').map((a) => a.textContent)).toEqual(['Overdue since yesterday', 'Overdue since this morning']);
        expect(within(today).getAllByRole('link').map((a) => a.textContent)).toEqual(['Today at two', 'Today at five']);
        // Overdue comes before due today, and both before the phase list.
        expect(overdue.compareDocumentPosition(today) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
        expect(screen.queryByText('Closed long ago', {selector: '.rc-attention a'})).toBeNull();
    });

    it('ticks a step and undoes it through the API', async () => {
        const step = makeStep({id: 'a/b', title: 'Merge the fix'});
        const run = makeRun({}, [step]);
        const server = serverWith([run]);
        server.on('POST /runs/run-1/steps/a%2Fb/done', () => ({body: makeRun({revision: 2}, [{...step, state: 'done', closedBy: ME}])}));
        server.on('POST /runs/run-1/steps/a%2Fb/undo', () => ({body: makeRun({revision: 3}, [{...step, state: 'open'}])}));
        renderInHost(<RhsView/>, {server});
        await userEvent.click(await screen.findByRole('button', {name: 'Mark “Merge the fix” done'}));
        const undo = await screen.findByRole('button', {name: 'Undo “Merge the fix”'});
        expect(undo).toHaveAttribute('aria-pressed', 'true');
        expect(server.callsTo('POST', '/runs/run-1/steps/a%2Fb/done')[0].body).toEqual({source: 'rhs'});
        expect(server.callsTo('POST', '/runs/run-1/steps/a%2Fb/done')[0].headers['X-Requested-With']).toBe('XMLHttpRequest');
        await userEvent.click(undo);
        expect(await screen.findByRole('button', {name: 'Mark “Merge the fix” done'})).toHaveAttribute('aria-pressed', 'false');
        expect(server.callsTo('POST', '/runs/run-1/steps/a%2Fb/undo')).toHaveLength(1);
    });

    it('shows the error when a tick fails and keeps the step open', async () => {
        const step = makeStep({id: 'x', title: 'Cut the build'});
        const server = serverWith([makeRun({}, [step])]);
        server.on('POST /runs/run-1/steps/x/done', () => ({status: 409, body: {error: 'the run is finished'}}));
        renderInHost(<RhsView/>, {server});
        await userEvent.click(await screen.findByRole('button', {name: 'Mark “Cut the build” done'}));
        expect(await screen.findByRole('alert')).toHaveTextContent('the run is finished');
        expect(screen.getByRole('button', {name: 'Mark “Cut the build” done'})).toBeEnabled();
    });

    it('will not skip a step without a reason', async () => {
        const step = makeStep({id: 'mug', title: 'Send the researcher a mug'});
        const server = serverWith([makeRun({}, [step])]);
        server.on('POST /runs/run-1/steps/mug/skip', (body) => ({body: makeRun({revision: 2}, [{...step, state: 'skipped', skipReason: (body as {reason: string}).reason}])}));
        renderInHost(<RhsView/>, {server});
        await userEvent.click(await screen.findByRole('button', {name: 'More actions for “Send the researcher a mug”'}));
        await userEvent.click(screen.getByRole('button', {name: 'Skip'}));
        await userEvent.click(screen.getByRole('button', {name: 'Skip step'}));
        expect(screen.getByRole('alert')).toHaveTextContent('A reason is required to skip a step.');
        expect(server.callsTo('POST', '/runs/run-1/steps/mug/skip')).toHaveLength(0);
        await userEvent.type(screen.getByLabelText('Reason for skipping'), 'already has one');
        await userEvent.click(screen.getByRole('button', {name: 'Skip step'}));
        expect(await screen.findByText('Skipped: already has one')).toBeInTheDocument();
        expect(server.callsTo('POST', '/runs/run-1/steps/mug/skip')[0].body).toEqual({reason: 'already has one', source: 'rhs'});
    });

    it('disables approval steps for anyone but the Release Manager, with the reason', async () => {
        const steps = [makeStep({id: 'ok', title: 'Approve the RC', approval: true})];
        const view = renderInHost(<RhsView/>, {server: serverWith([makeRun({}, steps)]), userId: DEV});
        const tick = await screen.findByRole('button', {name: 'Mark “Approve the RC” done'});
        expect(tick).toBeDisabled();
        expect(tick).toHaveAccessibleDescription('Approval step: only the Release Manager can close or reopen it.');
        view.unmount();
        renderInHost(<RhsView/>, {server: serverWith([makeRun({}, steps)]), userId: RM});
        expect(await screen.findByRole('button', {name: 'Mark “Approve the RC” done'})).toBeEnabled();
    });

    it('links evidence to the post permalink and navigates with the host router', async () => {
        const push = jest.fn();
        window.WebappUtils = {browserHistory: {push}};
        const step = makeStep({title: 'Post the announcement', state: 'done', evidence: [{postId: 'post-9', userId: ME, at: '2030-01-02T10:00:00.000Z'}]});
        renderInHost(<RhsView/>, {server: serverWith([makeRun({}, [step])])});
        // Named by who posted it and when (the viewer's zone is UTC in the host store).
        const link = await screen.findByRole('link', {name: 'Post by @me · Jan 2, 10:00'});
        expect(link).toHaveAttribute('href', `${SITE_URL}/core/pl/post-9`);
        await userEvent.click(link);
        expect(push).toHaveBeenCalledWith('/core/pl/post-9');
    });

    it('updates the list when a run_updated event arrives, and ignores stale ones', async () => {
        const step = makeStep({id: 'rc', title: 'Cut RC1'});
        const server = serverWith([makeRun({}, [step])]);
        const h = renderInHost(<RhsView/>, {server});
        await screen.findByRole('button', {name: 'Mark “Cut RC1” done'});
        const handlers = makeHandlers(h.store, h.ops);
        const fetchesBefore = server.calls.length;
        act(() => handlers.runUpdated({event: 'x', data: {runId: 'run-1', channelId: CHANNEL, revision: 1}}));
        expect(server.calls.length).toBe(fetchesBefore);

        server.on('GET /runs/run-1', makeRun({revision: 2}, [{...step, state: 'done'}]));
        act(() => handlers.runUpdated({event: 'x', data: {runId: 'run-1', channelId: CHANNEL, revision: 2}}));
        expect(await screen.findByRole('button', {name: 'Undo “Cut RC1”'})).toBeInTheDocument();
        expect(screen.getByText('1 of 1 steps closed (100%)')).toBeInTheDocument();
    });

    it('offers a run picker when the channel has several runs', async () => {
        const a = makeRun({id: 'run-a', version: '1.1.1'});
        const b = makeRun({id: 'run-b', version: '1.2.0', status: 'finished'});
        renderInHost(<RhsView/>, {server: serverWith([a, b], 'run-a'), userId: RM});
        expect(await screen.findByRole('heading', {name: /Release 1\.1\.1/})).toBeInTheDocument();
        fireEvent.change(screen.getByLabelText('Release'), {target: {value: 'run-b'}});
        expect(await screen.findByRole('heading', {name: /Release 1\.2\.0/})).toBeInTheDocument();
        expect(screen.getByRole('button', {name: 'Make this the channel’s current release'})).toBeInTheDocument();
    });

    it('offers making a run the channel\'s current one only to those who may manage it (the server refuses others)', async () => {
        const a = makeRun({id: 'run-a', version: '1.1.1'});
        const b = makeRun({id: 'run-b', version: '1.2.0'});
        renderInHost(<RhsView/>, {server: serverWith([a, b], 'run-a'), userId: ME});
        expect(await screen.findByRole('heading', {name: /Release 1\.1\.1/})).toBeInTheDocument();
        fireEvent.change(screen.getByLabelText('Release'), {target: {value: 'run-b'}});
        expect(await screen.findByRole('heading', {name: /Release 1\.2\.0/})).toBeInTheDocument();
        expect(screen.queryByRole('button', {name: 'Make this the channel’s current release'})).toBeNull();
    });

    it('shows the timeline of events', async () => {
        const run = makeRun({}, [makeStep({id: 'e1', title: 'Tag the release'})]);
        const server = serverWith([run]);
        server.on('GET /runs/run-1/events', {
            events: [
                {schemaVersion: 1, seq: 1, runId: 'run-1', type: 'step-done', userId: RM, at: '2030-01-03T11:00:00.000Z', source: 'post-menu', stepId: 'e1'},
                {schemaVersion: 1, seq: 0, runId: 'run-1', type: 'run-created', userId: RM, at: '2030-01-01T11:00:00.000Z', source: 'rhs'},
            ],
            nextBefore: null,
        });
        renderInHost(<RhsView/>, {server});
        await userEvent.click(await screen.findByRole('tab', {name: 'Timeline'}));
        const items = await screen.findAllByRole('listitem');
        expect(items[0]).toHaveTextContent('marked “Tag the release” done');
        expect(items[0]).toHaveTextContent('via post-menu');
        expect(items[1]).toHaveTextContent('started the release');
    });

    it('loads the profiles of the people it shows', async () => {
        const server = serverWith([makeRun()]);
        renderInHost(<RhsView/>, {server});
        await waitFor(() => expect(server.callsTo('POST', '/api/v4/users/ids')).toHaveLength(1));
        expect(new Set(server.callsTo('POST', '/api/v4/users/ids')[0].body as string[])).toEqual(new Set([RM, DEV]));
    });

    it('posts an announcement step through the server, which records the evidence', async () => {
        const step = makeStep({id: 'ann', title: 'Announce the release', announcement: {channelSetting: 'AnnouncementChannel', message: 'v{{version}}'}});
        const server = serverWith([makeRun({}, [step])]);
        server.on('POST /runs/run-1/steps/ann/announce', () => ({body: makeRun({revision: 2}, [{...step, state: 'done', evidence: [{postId: 'ann-post', userId: ME, at: '2030-01-03T12:00:00.000Z'}]}])}));
        // The step is the dev role's: its owner may post it.
        renderInHost(<RhsView/>, {server, userId: DEV});
        await userEvent.click(await screen.findByRole('button', {name: 'Post the announcement for “Announce the release”'}));
        expect(await screen.findByRole('link', {name: 'Post by @me · Jan 3, 12:00'})).toHaveAttribute('href', `${SITE_URL}/core/pl/ann-post`);
        expect(server.callsTo('POST', '/runs/run-1/steps/ann/announce')[0].body).toEqual({source: 'rhs'});
    });

    it('offers posting an announcement only to the step\'s owner, the Release Manager and admins, as the server allows', async () => {
        const step = makeStep({id: 'ann', title: 'Announce the release', announcement: {channelSetting: 'AnnouncementChannel', message: 'v{{version}}'}});
        const name = 'Post the announcement for “Announce the release”';
        for (const [userId, admin, offered] of [[ME, false, false], [DEV, false, true], [RM, false, true], [ME, true, true]] as const) {
            const profiles = admin ? {[userId]: {id: userId, username: 'me', roles: 'system_user system_admin'}} : undefined;
            const view = renderInHost(<RhsView/>, {server: serverWith([makeRun({}, [step])]), userId, profiles});
            await screen.findByRole('heading', {name: /Release 1\.1\.1/});
            expect([userId, admin, screen.queryByRole('button', {name}) !== null]).toEqual([userId, admin, offered]);
            view.unmount();
        }
    });

    it('lays the announcement button out on a line of its own in the step body, not beside the row', async () => {
        const title = 'Post the release announcement in the community channel with the list of fixes';
        const step = makeStep({id: 'ann', title, announcement: {channelSetting: 'AnnouncementChannel', message: 'v{{version}}'}});
        renderInHost(<RhsView/>, {server: serverWith([makeRun({}, [step])]), userId: RM});
        const button = await screen.findByRole('button', {name: `Post the announcement for “${title}”`});
        // Short visible text (the accessible name starts with it), so it fits the narrow RHS.
        expect(button).toHaveTextContent(/^Post the announcement$/);
        const row = button.closest('li')!;
        const main = row.querySelector('.rc-step-main')!;
        const body = main.querySelector('.rc-step-body')!;
        // In the body's flow, after the due-time line; the row keeps only tick, body and menu.
        expect(body).toContainElement(button);
        const meta = body.querySelector('.rc-step-meta')!;
        expect(meta.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
        expect([...main.children].map((c) => c.className)).toEqual(['rc-check', 'rc-step-body', 'rc-btn rc-btn--icon']);
    });

    it('counts phase progress over the steps that apply and shows the others as not applicable', async () => {
        const run = makeRun({conditions: {mug: false}, conditionQuestions: {mug: 'Does the researcher need a mug?'}}, [
            makeStep({id: 'done', title: 'Cut the branch', phaseId: 'a', state: 'done'}),
            makeStep({id: 'open', title: 'Tag the RC', phaseId: 'a'}),
            makeStep({id: 'mug', title: 'Send the mug', phaseId: 'a', condition: 'mug', state: 'skipped', skipReason: 'Does not apply: "Does the researcher need a mug?" was answered no.'}),
            makeStep({id: 'skip', title: 'Ping the blog team', phaseId: 'a', state: 'skipped', skipReason: 'no blog this time'}),
        ]);
        renderInHost(<RhsView/>, {server: serverWith([run])});
        const phase = await screen.findByRole('heading', {name: /^A\./});
        // Three steps apply (done, open, skipped by a person); two of them are closed.
        expect(phase).toHaveTextContent(/2\/3$/);
        expect(screen.getByRole('progressbar', {name: 'Progress'})).toHaveAttribute('aria-valuetext', expect.stringMatching(/^2 of 3 steps closed/));
        const rowOf = (id: string) => document.getElementById(`rc-step-${id}`)!;
        // Not part of the release: out of the checklist until asked for, then marked as such.
        expect(rowOf('mug')).toBeNull();
        const show = screen.getByRole('button', {name: 'Show the 1 step that does not apply'});
        expect(show).toHaveAttribute('aria-pressed', 'false');
        await userEvent.click(show);
        expect(within(rowOf('mug')).getByText('Not applicable')).toBeInTheDocument();
        expect(within(rowOf('mug')).queryByText('Skipped')).toBeNull();
        expect(within(rowOf('mug')).queryByText(/^Skipped:/)).toBeNull();
        expect(within(rowOf('skip')).getByText('Skipped')).toBeInTheDocument();
        expect(within(rowOf('skip')).getByText('Skipped: no blog this time')).toBeInTheDocument();
        expect(within(rowOf('open')).getByText('Open')).toBeInTheDocument();
    });

    it('offers the report download and finishes the run after a confirmation', async () => {
        const server = serverWith([makeRun()]);
        server.on('POST /runs/run-1/finish', () => ({body: makeRun({revision: 2, status: 'finished'})}));
        renderInHost(<RhsView/>, {server, userId: RM});
        expect(await screen.findByRole('link', {name: 'Download report'})).toHaveAttribute('href', `${SITE_URL}/plugins/com.mattermost.release-checklist/api/v1/runs/run-1/report?format=md`);
        await userEvent.click(screen.getByRole('button', {name: 'Finish release'}));
        expect(server.callsTo('POST', '/runs/run-1/finish')).toHaveLength(0);
        await userEvent.click(screen.getByRole('button', {name: 'Yes, finish it'}));
        expect(await screen.findByRole('heading', {name: /Release 1\.1\.1\s*finished/})).toBeInTheDocument();
        expect(screen.queryByRole('button', {name: 'Finish release'})).toBeNull();
    });

    it('switches to the run another user made current, and making one current here costs one request', async () => {
        const a = makeRun({id: 'run-a', version: '1.1.1'});
        const b = makeRun({id: 'run-b', version: '1.2.0'});
        const server = serverWith([a, b], 'run-a');
        const h = renderInHost(<RhsView/>, {server, userId: RM});
        expect(await screen.findByRole('heading', {name: /Release 1\.1\.1/})).toBeInTheDocument();

        // Someone else makes run-b current: the list is refetched and the RHS follows it.
        server.on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(a), summaryOf(b)], currentRunId: 'run-b'});
        act(() => makeHandlers(h.store, h.ops).currentRunChanged({event: 'x', data: {channelId: CHANNEL, currentRunId: 'run-b'}}));
        expect(await screen.findByRole('heading', {name: /Release 1\.2\.0/})).toBeInTheDocument();
        expect(screen.getByRole('combobox', {name: 'Release'})).toHaveValue('run-b');

        // Here: pick run-a and make it current; the answer is enough, the event that follows is dropped.
        fireEvent.change(screen.getByLabelText('Release'), {target: {value: 'run-a'}});
        server.on('POST /runs/run-a/current', {currentRunId: 'run-a'});
        const before = server.calls.length;
        await userEvent.click(await screen.findByRole('button', {name: 'Make this the channel’s current release'}));
        await waitFor(() => expect(screen.queryByRole('button', {name: 'Make this the channel’s current release'})).toBeNull());
        act(() => makeHandlers(h.store, h.ops).currentRunChanged({event: 'x', data: {channelId: CHANNEL, currentRunId: 'run-a'}}));
        await new Promise((r) => setTimeout(r, 0));
        expect(server.calls.slice(before).map((c) => `${c.method} ${c.path}`)).toEqual(['POST /runs/run-a/current']);
    });
});
