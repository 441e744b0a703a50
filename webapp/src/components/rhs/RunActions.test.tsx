import {screen, waitFor, within} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import type {Run} from '../../api/types';
import {DEV, ME, RM, makeRun, makeStep} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {serverForRun} from '../../testing/run-server';
import type {MockServer} from '../../testing/server';

import {RhsView} from './RhsView';
import {roleOfField} from './RunRoles';

const NOW = Date.parse('2030-01-03T12:00:00.000Z');

beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
});
afterEach(() => {
    jest.restoreAllMocks();
});

function serverWith(run: Run): MockServer {
    return serverForRun(run).
        on('GET /api/v4/users/autocomplete', {users: [{id: 'user-ann', username: 'ann'}], out_of_channel: []});
}

async function openManage() {
    await userEvent.click(await screen.findByRole('button', {name: 'Manage release'}));
    return screen.getByRole('region', {name: 'Manage release'});
}

describe('moving the release day', () => {
    const step = makeStep({id: 'rc', title: 'Cut RC1', dueAt: '2030-01-03T17:00:00.000Z'});
    const closed = makeStep({id: 'old', title: 'Code freeze', dueAt: '2030-01-02T17:00:00.000Z', state: 'done'});
    const run = makeRun({releaseDay: '2030-01-07'}, [step, closed]);

    it('sends the new day, shows the server\'s day and the open steps\' new due times', async () => {
        const server = serverWith(run);
        server.on('POST /runs/run-1/move', () => ({body: {...run, revision: 2, releaseDay: '2030-01-14', steps: [{...step, dueAt: '2030-01-10T17:00:00.000Z'}, closed]}}));
        renderInHost(<RhsView/>, {server, userId: RM});
        const panel = await openManage();
        const input = within(panel).getByLabelText('New release day (T-0)');
        expect(input).toHaveValue('2030-01-07');
        expect(within(panel).getByRole('button', {name: 'Move release day'})).toBeDisabled();
        expect(screen.getByRole('region', {name: 'Due today'})).toHaveTextContent('Cut RC1');

        await userEvent.clear(input);
        await userEvent.type(input, '2030-01-14');
        await userEvent.click(within(panel).getByRole('button', {name: 'Move release day'}));

        expect(await within(panel).findByRole('status')).toHaveTextContent('The release day is now Mon, Jan 14, 2030');
        expect(server.callsTo('POST', '/runs/run-1/move')[0].body).toEqual({releaseDay: '2030-01-14', source: 'rhs'});
        expect(screen.getByText(/Release day: Mon, Jan 14, 2030/)).toBeInTheDocument();
        expect(input).toHaveValue('2030-01-14');
        // The open step follows T-0: no longer due today; the done step keeps its time.
        expect(screen.queryByRole('region', {name: 'Due today'})).toBeNull();
        expect(document.querySelector('[data-step-id="rc"] time')).toHaveAttribute('dateTime', '2030-01-10T17:00:00.000Z');
        expect(document.querySelector('[data-step-id="old"] time')).toHaveAttribute('dateTime', '2030-01-02T17:00:00.000Z');
    });

    it('says so when the server settled on another day than the one asked', async () => {
        const server = serverWith(run);
        server.on('POST /runs/run-1/move', () => ({body: {...run, revision: 2, releaseDay: '2030-01-14'}}));
        renderInHost(<RhsView/>, {server, userId: RM});
        const panel = await openManage();
        const input = within(panel).getByLabelText('New release day (T-0)');
        await userEvent.clear(input);
        await userEvent.type(input, '2030-01-12');
        await userEvent.click(within(panel).getByRole('button', {name: 'Move release day'}));
        expect(await within(panel).findByRole('status')).toHaveTextContent('The server set the release day to Mon, Jan 14, 2030 instead of Sat, Jan 12, 2030.');
        expect(input).toHaveValue('2030-01-14');
    });

    it('shows the server\'s refusal as is and keeps the run as it was', async () => {
        // The view may be stale (the roles changed elsewhere): the server has the last word.
        const server = serverWith(run);
        server.on('POST /runs/run-1/move', () => ({status: 403, body: {error: 'only the Release Manager, the person who started the run, or a system admin may do this'}}));
        renderInHost(<RhsView/>, {server, userId: RM});
        const panel = await openManage();
        const input = within(panel).getByLabelText('New release day (T-0)');
        await userEvent.clear(input);
        await userEvent.type(input, '2030-01-14');
        await userEvent.click(within(panel).getByRole('button', {name: 'Move release day'}));
        expect(await within(panel).findByRole('alert')).toHaveTextContent('only the Release Manager');
        expect(input).toHaveAttribute('aria-invalid', 'true');
        expect(screen.getByText(/Release day: Mon, Jan 7, 2030/)).toBeInTheDocument();
    });

    it('refuses an empty day without asking the server', async () => {
        const server = serverWith(run);
        renderInHost(<RhsView/>, {server, userId: RM});
        const panel = await openManage();
        await userEvent.clear(within(panel).getByLabelText('New release day (T-0)'));
        await userEvent.click(within(panel).getByRole('button', {name: 'Move release day'}));
        expect(within(panel).getByRole('alert')).toHaveTextContent('Pick a date.');
        expect(server.callsTo('POST', '/runs/run-1/move')).toHaveLength(0);
    });
});

describe('changing the role assignments', () => {
    const run = makeRun({roles: {'release-manager': [RM], dev: [DEV], qa: [ME]}});

    it('sends only the roles that changed and shows the new owners', async () => {
        const server = serverWith(run);
        server.on('POST /runs/run-1/roles', (body) => ({body: {...run, revision: 2, roles: {...run.roles, ...(body as {roles: Run['roles']}).roles}}}));
        renderInHost(<RhsView/>, {server, userId: RM});
        const panel = await openManage();
        const save = within(panel).getByRole('button', {name: 'Save role assignments'});
        expect(save).toBeDisabled();
        await userEvent.type(within(panel).getByLabelText('QA'), 'ann');
        await userEvent.click(await within(panel).findByRole('button', {name: '@ann'}));
        await userEvent.click(save);
        expect(await within(panel).findByRole('status')).toHaveTextContent('Role assignments saved.');
        expect(server.callsTo('POST', '/runs/run-1/roles')[0].body).toEqual({roles: {qa: [ME, 'user-ann']}, source: 'rhs'});
        expect(within(panel).getByRole('button', {name: 'Remove @ann'})).toBeInTheDocument();
        expect(save).toBeDisabled();
    });

    it('shows and edits a role whose id is an Object.prototype name (a template may call a role Constructor)', async () => {
        const odd = makeRun({roles: {'release-manager': [RM], constructor: [DEV]}, roleNames: {'release-manager': 'Release Manager', constructor: 'Constructor'}});
        const server = serverWith(odd);
        server.on('POST /runs/run-1/roles', (body) => ({body: {...odd, revision: 2, roles: {...odd.roles, ...(body as {roles: Run['roles']}).roles}}}));
        renderInHost(<RhsView/>, {server, userId: RM});
        const panel = await openManage();
        await userEvent.type(within(panel).getByLabelText('Constructor'), 'ann');
        await userEvent.click(await within(panel).findByRole('button', {name: '@ann'}));
        await userEvent.click(within(panel).getByRole('button', {name: 'Save role assignments'}));
        expect(await within(panel).findByRole('status')).toHaveTextContent('Role assignments saved.');
        expect(server.callsTo('POST', '/runs/run-1/roles')[0].body).toEqual({roles: {constructor: [DEV, 'user-ann']}, source: 'rhs'});
    });

    it('shows a field error under the role the server named, and a refusal', async () => {
        const server = serverWith(run);
        server.on('POST /runs/run-1/roles', () => ({status: 400, body: {error: 'no active user with id \'user-ann\'', field: 'roles.qa.1'}}));
        renderInHost(<RhsView/>, {server, userId: RM});
        const panel = await openManage();
        await userEvent.type(within(panel).getByLabelText('QA'), 'ann');
        await userEvent.click(await within(panel).findByRole('button', {name: '@ann'}));
        await userEvent.click(within(panel).getByRole('button', {name: 'Save role assignments'}));
        const alert = await within(panel).findByRole('alert');
        expect(alert).toHaveTextContent('no active user');
        // Under the QA picker, right after its search field.
        expect(within(panel).getByLabelText('QA').compareDocumentPosition(alert) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
        expect(within(panel).getByLabelText('Logistics').compareDocumentPosition(alert) & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy();

        server.on('POST /runs/run-1/roles', () => ({status: 403, body: {error: 'only the Release Manager may do this'}}));
        await userEvent.click(within(panel).getByRole('button', {name: 'Save role assignments'}));
        expect(await within(panel).findByText('only the Release Manager may do this')).toBeInTheDocument();
        expect(roleOfField('roles.release-manager.0')).toBe('release-manager');
        expect(roleOfField('releaseDay')).toBeNull();
    });
});

describe('archiving', () => {
    it('archives a finished run after a confirmation; active runs offer finish instead', async () => {
        const finished = makeRun({status: 'finished', finishedAt: '2030-01-08T00:00:00.000Z'});
        const server = serverWith(finished);
        server.on('POST /runs/run-1/archive', () => ({body: {...finished, revision: 2, status: 'archived'}}));
        renderInHost(<RhsView/>, {server, userId: RM});
        await userEvent.click(await screen.findByRole('button', {name: 'Archive release'}));
        expect(screen.queryByRole('button', {name: 'Manage release'})).toBeNull();
        const group = screen.getByRole('group', {name: 'Archive release'});
        expect(group).toHaveTextContent('Archive release 1.1.1?');
        expect(server.callsTo('POST', '/runs/run-1/archive')).toHaveLength(0);
        await userEvent.click(within(group).getByRole('button', {name: 'Yes, archive it'}));
        expect(await screen.findByRole('heading', {name: /Release 1\.1\.1\s*archived/})).toBeInTheDocument();
        expect(server.callsTo('POST', '/runs/run-1/archive')[0].body).toEqual({source: 'rhs'});
        expect(screen.queryByRole('button', {name: 'Archive release'})).toBeNull();
    });

    it('shows the server\'s refusal', async () => {
        const finished = makeRun({status: 'finished'});
        const server = serverWith(finished);
        server.on('POST /runs/run-1/archive', () => ({status: 403, body: {error: 'only the Release Manager may archive'}}));
        renderInHost(<RhsView/>, {server, userId: RM});
        await userEvent.click(await screen.findByRole('button', {name: 'Archive release'}));
        await userEvent.click(screen.getByRole('button', {name: 'Yes, archive it'}));
        expect(await screen.findByRole('alert')).toHaveTextContent('only the Release Manager may archive');
        await waitFor(() => expect(screen.getByRole('heading', {name: /Release 1\.1\.1\s*finished/})).toBeInTheDocument());
    });

    it('offers no archive on an active run', async () => {
        renderInHost(<RhsView/>, {server: serverWith(makeRun()), userId: RM});
        expect(await screen.findByRole('button', {name: 'Finish release'})).toBeInTheDocument();
        expect(screen.queryByRole('button', {name: 'Archive release'})).toBeNull();
    });
});

describe('who is offered the run actions', () => {
    const offered = () => ({
        finish: screen.queryByRole('button', {name: 'Finish release'}) !== null,
        manage: screen.queryByRole('button', {name: 'Manage release'}) !== null,
    });

    it('hides finish and manage from people the server would refuse', async () => {
        renderInHost(<RhsView/>, {server: serverWith(makeRun({createdBy: RM})), userId: DEV});
        await screen.findByRole('heading', {name: /Release 1\.1\.1/});
        expect(screen.getByRole('link', {name: 'Download report'})).toBeInTheDocument();
        expect(offered()).toEqual({finish: false, manage: false});
    });

    it('hides archive on a finished run from them too', async () => {
        renderInHost(<RhsView/>, {server: serverWith(makeRun({status: 'finished', createdBy: RM})), userId: DEV});
        await screen.findByRole('heading', {name: /Release 1\.1\.1/});
        expect(screen.queryByRole('button', {name: 'Archive release'})).toBeNull();
    });

    it.each([
        ['the Release Manager', {createdBy: DEV}, RM, undefined],
        ['the run\'s starter', {createdBy: ME, roles: {'release-manager': [RM]}}, ME, undefined],
        ['a system admin', {createdBy: RM}, 'user-admin', 'system_user system_admin'],
    ])('offers them to %s', async (_who, over, userId, roles) => {
        const profiles = roles ? {[userId]: {id: userId, username: 'admin', roles}} : undefined;
        renderInHost(<RhsView/>, {server: serverWith(makeRun(over)), userId, profiles});
        await screen.findByRole('heading', {name: /Release 1\.1\.1/});
        expect(offered()).toEqual({finish: true, manage: true});
    });

    it('shows a server refusal of finishing without "Something went wrong"', async () => {
        const server = serverWith(makeRun());
        server.on('POST /runs/run-1/finish', () => ({status: 403, body: {error: 'only the Release Manager, the person who started the run, or a system admin may do this'}}));
        renderInHost(<RhsView/>, {server, userId: RM});
        await userEvent.click(await screen.findByRole('button', {name: 'Finish release'}));
        await userEvent.click(screen.getByRole('button', {name: 'Yes, finish it'}));
        const alert = await screen.findByRole('alert');
        expect(alert).toHaveTextContent(/^only the Release Manager, the person who started the run, or a system admin may do this$/);
    });

    it('still labels a server fault as one', async () => {
        const server = serverWith(makeRun());
        server.on('POST /runs/run-1/finish', () => ({status: 500, body: {error: 'store unavailable'}}));
        renderInHost(<RhsView/>, {server, userId: RM});
        await userEvent.click(await screen.findByRole('button', {name: 'Finish release'}));
        await userEvent.click(screen.getByRole('button', {name: 'Yes, finish it'}));
        expect(await screen.findByRole('alert')).toHaveTextContent('Something went wrong: store unavailable');
    });
});
