import {fireEvent, screen, waitFor, within} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import type {StartRun} from '../../api/types';
import {CHANNEL, RM, makeRun} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {MockServer} from '../../testing/server';

import {StartForm} from './StartForm';

const template = {
    schemaVersion: 1,
    id: 'sec',
    name: 'Security release',
    roles: [{id: 'release-manager', name: 'Release Manager'}, {id: 'qa', name: 'QA'}],
    conditions: [{id: 'regular', question: 'Does the dot release coincide with a regular release?'}],
    phases: [],
};

function server(): MockServer {
    return new MockServer().
        on('GET /defaults', {timeZone: 'America/Toronto', workingDays: [1, 2, 3, 4, 5], holidays: [], roles: {'release-manager': [RM]}, templates: [{id: 'sec', name: 'Security release'}]}).
        on('GET /templates/sec', template).
        on('POST /runs/preview', (body) => ({body: {
            releaseDay: (body as StartRun).releaseDay,
            warnings: ['T-4 falls on a holiday; moved to the previous working day.'],
            steps: [
                {id: 'cut', phaseId: 'A', title: 'Cut the release branch', role: 'build', dueAt: '2030-01-01T22:00:00.000Z', applies: true},
                {id: 'mug', phaseId: 'D', title: 'Send a mug', role: 'logistics', dueAt: '2030-01-07T22:00:00.000Z', applies: false},
            ],
        }}));
}

const QUESTION = 'Does the dot release coincide with a regular release?';

async function answer(yes: boolean) {
    await userEvent.click(within(screen.getByRole('radiogroup', {name: QUESTION})).getByRole('radio', {name: yes ? 'Yes' : 'No'}));
}

async function fillValid(yes = false) {
    await userEvent.type(screen.getByLabelText('Version'), '1.1.1');
    fireEvent.change(screen.getByLabelText('Release day (T-0)'), {target: {value: '2030-01-07'}});
    await answer(yes);
}

describe('start a release form', () => {
    it('fills in the defaults and shows inline errors as fields are edited', async () => {
        renderInHost(<StartForm channelId={CHANNEL} onCreated={jest.fn()}/>, {server: server()});
        expect(await screen.findByLabelText('Time zone')).toHaveValue('America/Toronto');
        expect(await screen.findByText('Does the dot release coincide with a regular release?')).toBeInTheDocument();
        const version = screen.getByLabelText('Version');
        await userEvent.type(version, '1.1');
        expect(screen.getByText('Use a version such as 1.1.1.')).toBeInTheDocument();
        expect(version).toHaveAttribute('aria-invalid', 'true');
        await userEvent.type(version, '.1');
        expect(screen.queryByText('Use a version such as 1.1.1.')).toBeNull();

        await userEvent.type(screen.getByLabelText('Security issues (one link per line)'), 'https://example.com/MM-1{enter}not a link');
        expect(screen.getByText('Line 2 is not a link.')).toBeInTheDocument();

        await userEvent.clear(screen.getByLabelText('Time zone'));
        await userEvent.type(screen.getByLabelText('Time zone'), 'Mars/Olympus');
        expect(screen.getByText('Unknown time zone.')).toBeInTheDocument();
    });

    it('refuses to submit an incomplete form and says why', async () => {
        const srv = server();
        const onCreated = jest.fn();
        renderInHost(<StartForm channelId={CHANNEL} onCreated={onCreated}/>, {server: srv});
        await userEvent.click(await screen.findByRole('button', {name: 'Start release'}));
        expect(screen.getByText('Use a version such as 1.1.1.')).toBeInTheDocument();
        expect(screen.getByText('Pick the release day.')).toBeInTheDocument();
        expect(srv.callsTo('POST', '/runs')).toHaveLength(0);
        expect(onCreated).not.toHaveBeenCalled();
    });

    it('shows the computed schedule from the preview route once the form is valid', async () => {
        const srv = server();
        renderInHost(<StartForm channelId={CHANNEL} onCreated={jest.fn()}/>, {server: srv});
        await screen.findByText('Does the dot release coincide with a regular release?');
        await fillValid(true);
        const preview = await screen.findByRole('region', {name: 'Schedule preview'});
        expect(preview).toHaveTextContent('Cut the release branch');
        expect(preview).toHaveTextContent('does not apply');
        expect(preview).toHaveTextContent('T-4 falls on a holiday');
        // Its times are in the release's zone, and it says so.
        expect(preview).toHaveTextContent('Times in America/Toronto, the time zone of this release.');
        await waitFor(() => expect(srv.callsTo('POST', '/runs/preview').at(-1)?.body).toEqual({
            channelId: CHANNEL,
            templateId: 'sec',
            version: '1.1.1',
            releaseDay: '2030-01-07',
            timeZone: 'America/Toronto',
            roles: {'release-manager': [RM]},
            conditions: {regular: true},
            issues: [],
        }));
    });

    it('asks each question as Yes / No with nothing chosen, and neither previews nor submits until it is answered', async () => {
        const srv = server();
        const onCreated = jest.fn();
        srv.on('POST /runs', () => ({status: 201, body: makeRun({id: 'new-run'})}));
        renderInHost(<StartForm channelId={CHANNEL} onCreated={onCreated}/>, {server: srv});
        const group = await screen.findByRole('radiogroup', {name: QUESTION});
        expect(within(group).getAllByRole('radio').map((r) => [r.getAttribute('value'), (r as HTMLInputElement).checked])).toEqual([['yes', false], ['no', false]]);
        await userEvent.type(screen.getByLabelText('Version'), '1.1.1');
        fireEvent.change(screen.getByLabelText('Release day (T-0)'), {target: {value: '2030-01-07'}});
        await userEvent.click(screen.getByRole('button', {name: 'Start release'}));
        expect(group).toHaveAttribute('aria-invalid', 'true');
        expect(group).toHaveAccessibleDescription('Answer Yes or No.');
        expect(srv.callsTo('POST', '/runs')).toHaveLength(0);
        expect(onCreated).not.toHaveBeenCalled();

        await answer(false);
        expect(group).not.toHaveAttribute('aria-invalid');
        await waitFor(() => expect(srv.callsTo('POST', '/runs/preview').at(-1)?.body).toMatchObject({conditions: {regular: false}}));
        await userEvent.click(screen.getByRole('button', {name: 'Start release'}));
        await waitFor(() => expect(onCreated).toHaveBeenCalled());
        expect(srv.calls.find((c) => c.method === 'POST' && c.path === '/runs')?.body).toMatchObject({conditions: {regular: false}});
    });

    it('shows a field error from the server next to its field', async () => {
        const srv = server();
        srv.on('POST /runs/preview', () => ({status: 400, body: {error: 'The release day is a holiday.', field: 'releaseDay'}}));
        renderInHost(<StartForm channelId={CHANNEL} onCreated={jest.fn()}/>, {server: srv});
        await screen.findByText('Does the dot release coincide with a regular release?');
        await fillValid();
        expect(await screen.findByText('The release day is a holiday.')).toBeInTheDocument();
        expect(screen.getByLabelText('Release day (T-0)')).toHaveAttribute('aria-invalid', 'true');
    });

    it('creates the run and hands it back', async () => {
        const srv = server();
        const created = makeRun({id: 'new-run'});
        srv.on('POST /runs', () => ({status: 201, body: created}));
        const onCreated = jest.fn();
        renderInHost(<StartForm channelId={CHANNEL} onCreated={onCreated}/>, {server: srv});
        await screen.findByText('Does the dot release coincide with a regular release?');
        await fillValid();
        await userEvent.click(screen.getByRole('button', {name: 'Start release'}));
        await waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
        expect(srv.callsTo('POST', '/runs')[0].body).toMatchObject({version: '1.1.1', releaseDay: '2030-01-07'});
    });

    it('shows admins the plugin settings the server ignored, and nothing when the field is absent', async () => {
        const problem = 'Default time zone: "Mars/Base" is not a time zone; using America/Los_Angeles';
        const srv = server();
        srv.on('GET /defaults', {timeZone: 'America/Los_Angeles', workingDays: [1, 2, 3, 4, 5], holidays: [], roles: {}, templates: [{id: 'sec', name: 'Security release'}], settingsProblems: [problem]});
        const {unmount} = renderInHost(<StartForm channelId={CHANNEL} onCreated={jest.fn()}/>, {server: srv});
        const notice = await screen.findByRole('region', {name: 'Plugin settings ignored (shown to system admins only)'});
        expect(within(notice).getByRole('listitem')).toHaveTextContent(problem);
        expect(notice).toHaveTextContent('System Console > Plugins > Release Checklist');
        unmount();

        renderInHost(<StartForm channelId={CHANNEL} onCreated={jest.fn()}/>, {server: server()});
        expect(await screen.findByLabelText('Time zone')).toHaveValue('America/Toronto');
        expect(screen.queryByRole('region', {name: /Plugin settings ignored/})).toBeNull();
    });

    it('shows why the defaults could not be loaded', async () => {
        const srv = new MockServer().on('GET /defaults', () => ({status: 403, body: {error: 'not a member of this channel'}}));
        renderInHost(<StartForm channelId={CHANNEL} onCreated={jest.fn()}/>, {server: srv});
        expect(await screen.findByRole('alert')).toHaveTextContent('not a member of this channel');
    });
});

describe('start form: errors are seen', () => {
    afterEach(() => {
        delete (HTMLElement.prototype as Partial<HTMLElement>).scrollIntoView;
    });

    it('moves focus (and scroll) to the first field in error on a refused submit, and announces each error', async () => {
        const scrolled: string[] = [];
        // jsdom has no layout: record what the form scrolls to instead.
        HTMLElement.prototype.scrollIntoView = function scrollIntoView(this: HTMLElement) {
            scrolled.push(this.id || this.getAttribute('value') || this.tagName);
        };
        const srv = server();
        renderInHost(<StartForm channelId={CHANNEL} onCreated={jest.fn()}/>, {server: srv});
        await screen.findByRole('radiogroup', {name: QUESTION});
        await userEvent.click(screen.getByRole('button', {name: 'Start release'}));
        const version = screen.getByLabelText('Version');
        expect(version).toHaveFocus();
        expect(scrolled).toEqual([version.id]);
        // Every error sits in a live region the field points to; the summary is an alert.
        const error = document.getElementById(version.getAttribute('aria-describedby')!)!;
        expect(error).toHaveAttribute('aria-live', 'polite');
        expect(error).toHaveTextContent('Use a version such as 1.1.1.');
        expect(screen.getByRole('alert')).toHaveTextContent('The release was not started. Complete: Version, Release day (T-0), answer the question.');

        await userEvent.type(version, '1.1.1');
        fireEvent.change(screen.getByLabelText('Release day (T-0)'), {target: {value: '2030-01-07'}});
        await userEvent.click(screen.getByRole('button', {name: 'Start release'}));
        // Next in error: the unanswered question; its first radio takes the focus.
        expect(within(screen.getByRole('radiogroup', {name: QUESTION})).getByRole('radio', {name: 'Yes'})).toHaveFocus();
        expect(screen.getByRole('alert')).toHaveTextContent('Complete: answer the question.');
    });

    it('focuses the field the server refused after a submit', async () => {
        const srv = server();
        srv.on('POST /runs', () => ({status: 400, body: {error: 'The release day 2030-01-05 is a Saturday.', field: 'releaseDay'}}));
        renderInHost(<StartForm channelId={CHANNEL} onCreated={jest.fn()}/>, {server: srv});
        await screen.findByRole('radiogroup', {name: QUESTION});
        await fillValid();
        await userEvent.click(screen.getByRole('button', {name: 'Start release'}));
        await waitFor(() => expect(screen.getByLabelText('Release day (T-0)')).toHaveFocus());
        expect(screen.getByLabelText('Release day (T-0)')).toHaveAccessibleDescription('The release day 2030-01-05 is a Saturday.');
    });

    it('names what is still missing for the schedule preview, and drops the hint once it is filled in', async () => {
        const srv = server();
        renderInHost(<StartForm channelId={CHANNEL} onCreated={jest.fn()}/>, {server: srv});
        await screen.findByRole('radiogroup', {name: QUESTION});
        expect(screen.getByText('To see the schedule, complete: Version, Release day (T-0), answer the question.')).toBeInTheDocument();
        await userEvent.type(screen.getByLabelText('Version'), '1.1.1');
        expect(screen.getByText('To see the schedule, complete: Release day (T-0), answer the question.')).toBeInTheDocument();
        fireEvent.change(screen.getByLabelText('Release day (T-0)'), {target: {value: '2030-01-07'}});
        await answer(true);
        await screen.findByRole('region', {name: 'Schedule preview'});
        expect(screen.queryByText(/To see the schedule/)).toBeNull();
    });
});

describe('start form: contract details', () => {
    it('sends only the chosen template\'s roles, even when the defaults name others', async () => {
        const srv = server();
        srv.on('GET /defaults', {
            timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], holidays: [],
            roles: {'release-manager': [RM], marketing: ['user-mkt'], 'other-template-role': ['user-x']},
            templates: [{id: 'sec', name: 'Security release'}],
        });
        const onCreated = jest.fn();
        srv.on('POST /runs', () => ({status: 201, body: makeRun({id: 'new-run'})}));
        renderInHost(<StartForm channelId={CHANNEL} onCreated={onCreated}/>, {server: srv});
        await screen.findByText('Does the dot release coincide with a regular release?');
        await fillValid();
        await userEvent.click(screen.getByRole('button', {name: 'Start release'}));
        await waitFor(() => expect(onCreated).toHaveBeenCalled());
        const create = srv.calls.find((c) => c.method === 'POST' && c.path === '/runs');
        expect((create?.body as StartRun).roles).toEqual({'release-manager': [RM]});
        for (const call of srv.callsTo('POST', '/runs/preview')) {
            expect(Object.keys((call.body as StartRun).roles)).toEqual(['release-manager']);
        }
    });
});

describe('start form: extra holidays', () => {
    it('adds and removes days, sends them sorted, and asks for a new preview', async () => {
        const srv = server();
        srv.on('POST /runs', () => ({status: 201, body: makeRun({id: 'new-run'})}));
        renderInHost(<StartForm channelId={CHANNEL} onCreated={jest.fn()}/>, {server: srv});
        await screen.findByText('Does the dot release coincide with a regular release?');
        await fillValid();
        await waitFor(() => expect(srv.callsTo('POST', '/runs/preview')).toHaveLength(1));
        expect(srv.callsTo('POST', '/runs/preview')[0].body).not.toHaveProperty('holidays');

        const input = screen.getByLabelText('Extra holiday');
        fireEvent.change(input, {target: {value: '2030-01-03'}});
        await userEvent.click(screen.getByRole('button', {name: 'Add holiday'}));
        fireEvent.change(input, {target: {value: '2030-01-01'}});
        fireEvent.keyDown(input, {key: 'Enter'});
        fireEvent.change(input, {target: {value: '2030-01-02'}});
        await userEvent.click(screen.getByRole('button', {name: 'Add holiday'}));
        await userEvent.click(screen.getByRole('button', {name: 'Remove holiday 2030-01-02'}));
        expect(screen.getByRole('list', {name: 'Extra holidays for this release'}).querySelectorAll('time')).toHaveLength(2);
        await waitFor(() => expect(srv.callsTo('POST', '/runs/preview').at(-1)?.body).toMatchObject({holidays: ['2030-01-01', '2030-01-03']}));

        await userEvent.click(screen.getByRole('button', {name: 'Start release'}));
        const creates = () => srv.calls.filter((c) => c.method === 'POST' && c.path === '/runs');
        await waitFor(() => expect(creates()).toHaveLength(1));
        expect(creates()[0].body).toMatchObject({holidays: ['2030-01-01', '2030-01-03']});
    });

    it('refuses an empty or repeated day, and shows the server\'s error for the field', async () => {
        const srv = server();
        renderInHost(<StartForm channelId={CHANNEL} onCreated={jest.fn()}/>, {server: srv});
        await screen.findByText('Does the dot release coincide with a regular release?');
        await userEvent.click(screen.getByRole('button', {name: 'Add holiday'}));
        expect(screen.getByText('Pick a date to add.')).toBeInTheDocument();
        const input = screen.getByLabelText('Extra holiday');
        expect(input).toHaveAttribute('aria-invalid', 'true');
        fireEvent.change(input, {target: {value: '2030-01-03'}});
        await userEvent.click(screen.getByRole('button', {name: 'Add holiday'}));
        fireEvent.change(input, {target: {value: '2030-01-03'}});
        await userEvent.click(screen.getByRole('button', {name: 'Add holiday'}));
        expect(screen.getByText('That day is already in the list.')).toBeInTheDocument();

        srv.on('POST /runs/preview', () => ({status: 400, body: {error: 'holidays.0: a holiday must be a date in the form YYYY-MM-DD', field: 'holidays.0'}}));
        fireEvent.change(input, {target: {value: ''}});
        await fillValid();
        expect(await screen.findByText('holidays.0: a holiday must be a date in the form YYYY-MM-DD')).toBeInTheDocument();
        expect(input).toHaveAccessibleDescription('holidays.0: a holiday must be a date in the form YYYY-MM-DD');
    });
});

describe('start form: keyboard in the role pickers', () => {
    it('picks the highlighted person with ArrowDown and Enter, and never submits the form', async () => {
        const srv = server();
        srv.on('GET /api/v4/users/autocomplete', {users: [{id: 'user-rita', username: 'rita'}, {id: 'user-rick', username: 'rick'}], out_of_channel: []});
        srv.on('POST /runs', () => ({status: 201, body: makeRun({id: 'new-run'})}));
        const onCreated = jest.fn();
        renderInHost(<StartForm channelId={CHANNEL} onCreated={onCreated}/>, {server: srv});
        await screen.findByText('Does the dot release coincide with a regular release?');
        await fillValid();
        const qa = screen.getByRole('searchbox', {name: 'QA'});
        await userEvent.type(qa, 'ri');
        const results = await screen.findByRole('list', {name: 'Search people'});
        // Enter with nothing highlighted: still no submit.
        await userEvent.keyboard('{Enter}');
        await userEvent.keyboard('{ArrowDown}{ArrowDown}');
        const rick = within(results).getByRole('button', {name: '@rick'});
        expect(qa).toHaveAttribute('aria-activedescendant', rick.id);
        await userEvent.keyboard('{ArrowUp}');
        expect(qa).toHaveAttribute('aria-activedescendant', within(results).getByRole('button', {name: '@rita'}).id);
        await userEvent.keyboard('{Enter}');
        expect(await screen.findByRole('button', {name: 'Remove @rita'})).toBeInTheDocument();
        expect(qa).toHaveValue('');
        expect(srv.callsTo('POST', '/runs').filter((c) => c.path === '/runs')).toHaveLength(0);
        expect(onCreated).not.toHaveBeenCalled();
        await waitFor(() => expect(srv.callsTo('POST', '/runs/preview').at(-1)?.body).toMatchObject({roles: {qa: ['user-rita']}}));
    });
});
