// Every interactive element of every surface has a non-empty accessible name, and the
// names docs/webapp.md promises ("Accessible names") are there: the browser tests find
// controls by role and name, so these names are part of the webapp's contract.
import {act, screen, waitFor, within} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {computeAccessibleName} from 'dom-accessibility-api';
import React from 'react';

import {RoleAssignmentsSetting} from './components/console/RoleAssignmentsSetting';
import {TemplatesSetting} from './components/console/TemplatesSetting';
import {VALIDATED_SETTINGS} from './components/console/ValidatedSetting';
import {StepChooserRoot} from './components/postmenu/StepChooser';
import {RhsView} from './components/rhs/RhsView';
import type {AdminSettingProps} from './host';
import {chooserOpened} from './state/actions';
import {CHANNEL, ME, RM, makeRun, makeStep, summaryOf} from './testing/fixtures';
import {renderInHost} from './testing/host';
import {MockServer} from './testing/server';

const NOW = Date.parse('2030-01-03T12:00:00.000Z');
beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
});
afterEach(() => {
    jest.restoreAllMocks();
});

const INTERACTIVE = 'button, a[href], input, select, textarea, [role="tab"], [role="dialog"], [role="progressbar"], [role="group"], [role="region"], section[aria-label]';

/** Elements without a name, described so a failure says which one. */
function unnamed(root: ParentNode = document.body): string[] {
    const all = Array.from(root.querySelectorAll<HTMLElement>(INTERACTIVE));
    if (all.length === 0) {
        return ['(nothing interactive rendered)'];
    }
    return all.filter((el) => computeAccessibleName(el).trim() === '').map((el) => el.outerHTML.slice(0, 120));
}

const steps = [
    makeStep({id: 'over', title: 'Cut RC1', dueAt: '2030-01-02T17:00:00.000Z'}),
    makeStep({id: 'today', title: 'Test RC1', dueAt: '2030-01-03T17:00:00.000Z', role: 'qa'}),
    makeStep({id: 'ok', title: 'Approve the RC', approval: true, role: 'release-manager'}),
    // The viewer's role (qa): its owners may post the announcement.
    makeStep({id: 'ann', title: 'Announce the release', role: 'qa', announcement: {channelSetting: 'AnnouncementChannel', message: 'v{{version}}'}}),
    makeStep({id: 'done', title: 'Tag the release', state: 'done', evidence: [{postId: 'p9', userId: RM, at: '2030-01-02T10:00:00.000Z'}],
        notes: [{userId: RM, at: '2030-01-02T10:00:00.000Z', text: 'tagged'}]}),
];
// Started by the viewer, so the run actions (finish, archive, manage) are offered.
const runA = makeRun({id: 'run-a', version: '1.1.1', createdBy: ME}, steps);
const runB = makeRun({id: 'run-b', version: '1.2.0', status: 'finished', createdBy: ME}, [makeStep({id: 'b1', title: 'Old step', state: 'done'})]);

function rhsServer(): MockServer {
    return new MockServer().
        on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(runB), summaryOf(runA)], currentRunId: 'run-a'}).
        on('GET /runs/run-a', runA).
        on('GET /runs/run-b', runB).
        on('GET /runs/run-a/events', {events: [
            {schemaVersion: 1, seq: 0, runId: 'run-a', type: 'run-created', userId: RM, at: '2030-01-01T11:00:00.000Z', source: 'rhs'},
        ], nextBefore: 0}).
        on('GET /api/v4/users/autocomplete', {users: [{id: 'user-ann', username: 'ann'}], out_of_channel: []}).
        on('GET /defaults', {timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], holidays: [], roles: {}, templates: [{id: 'sec', name: 'Security release'}]}).
        on('GET /templates/sec', {schemaVersion: 1, id: 'sec', name: 'Security release', roles: [{id: 'qa', name: 'QA'}], conditions: [{id: 'mug', question: 'Does the researcher need a mug?'}], phases: []});
}

describe('accessible names', () => {
    it('the sweep finds controls without a name', () => {
        document.body.innerHTML = '<button type="button"><span aria-hidden="true">×</span></button><label>Ok <input></label>';
        expect(unnamed()).toEqual([expect.stringContaining('<button')]);
        document.body.innerHTML = '';
        expect(unnamed()).toEqual(['(nothing interactive rendered)']);
    });

    it('names every control of the RHS checklist, its step actions and the manage panel', async () => {
        renderInHost(<RhsView/>, {server: rhsServer(), userId: ME});
        await screen.findByRole('heading', {name: /Release 1\.1\.1/});

        // The names docs/webapp.md lists.
        expect(screen.getByRole('combobox', {name: 'Release'})).toBeInTheDocument();
        expect(screen.getByRole('button', {name: 'Start a release'})).toBeInTheDocument();
        expect(screen.getByRole('tab', {name: 'Checklist'})).toBeInTheDocument();
        expect(screen.getByRole('tab', {name: 'Timeline'})).toBeInTheDocument();
        expect(screen.getByRole('tabpanel', {name: 'Checklist'})).toBeInTheDocument();
        expect(screen.getByRole('progressbar', {name: 'Progress'})).toBeInTheDocument();
        expect(screen.getByRole('region', {name: 'Overdue'})).toHaveTextContent('Cut RC1');
        expect(screen.getByRole('region', {name: 'Due today'})).toHaveTextContent('Test RC1');
        expect(screen.getByRole('link', {name: 'Download report'})).toBeInTheDocument();
        expect(screen.getByRole('button', {name: 'Finish release'})).toBeInTheDocument();
        expect(screen.getByRole('button', {name: 'Mark “Cut RC1” done'})).toBeInTheDocument();
        expect(screen.getByRole('button', {name: 'Undo “Tag the release”'})).toBeInTheDocument();
        expect(screen.getByRole('button', {name: 'Post the announcement for “Announce the release”'})).toBeInTheDocument();
        expect(screen.getByRole('link', {name: /^Post by \S+ · Jan 2, 10:00$/})).toBeInTheDocument();
        expect(screen.getByRole('list', {name: 'Notes'})).toBeInTheDocument();
        expect(unnamed()).toEqual([]);

        await userEvent.click(screen.getByRole('button', {name: 'More actions for “Cut RC1”'}));
        const actions = screen.getByRole('group', {name: 'Actions for “Cut RC1”'});
        for (const name of ['Skip', 'Reassign', 'Due time', 'Add note']) {
            await userEvent.click(within(actions).getByRole('button', {name}));
            expect(unnamed()).toEqual([]);
        }
        await userEvent.click(within(actions).getByRole('button', {name: 'Skip'}));
        expect(within(actions).getByRole('textbox', {name: 'Reason for skipping'})).toBeInTheDocument();
        expect(within(actions).getByRole('button', {name: 'Skip step'})).toBeInTheDocument();

        await userEvent.click(screen.getByRole('button', {name: 'Manage release'}));
        const manage = screen.getByRole('region', {name: 'Manage release'});
        expect(within(manage).getByLabelText('New release day (T-0)')).toBeInTheDocument();
        expect(within(manage).getByRole('button', {name: 'Move release day'})).toBeInTheDocument();
        expect(within(manage).getByRole('group', {name: 'Role assignments'})).toBeInTheDocument();
        expect(within(manage).getByRole('searchbox', {name: 'Release Manager'})).toBeInTheDocument();
        expect(within(manage).getByRole('button', {name: 'Remove @rm'})).toBeInTheDocument();
        await userEvent.type(within(manage).getByRole('searchbox', {name: 'QA'}), 'ann');
        expect(await within(manage).findByRole('button', {name: '@ann'})).toBeInTheDocument();
        expect(within(manage).getByRole('list', {name: 'Search people'})).toBeInTheDocument();
        expect(within(manage).getByRole('button', {name: 'Save role assignments'})).toBeInTheDocument();
        expect(unnamed()).toEqual([]);

        await userEvent.click(screen.getByRole('button', {name: 'Finish release'}));
        expect(screen.getByRole('group', {name: 'Finish release'})).toBeInTheDocument();
        expect(screen.getByRole('button', {name: 'Yes, finish it'})).toBeInTheDocument();
        expect(unnamed()).toEqual([]);
    });

    it('names the timeline, a finished run\'s actions and the start form', async () => {
        renderInHost(<RhsView/>, {server: rhsServer()});
        await screen.findByRole('heading', {name: /Release 1\.1\.1/});
        await userEvent.click(screen.getByRole('tab', {name: 'Timeline'}));
        expect(await screen.findByRole('button', {name: 'Load older events'})).toBeInTheDocument();
        expect(unnamed()).toEqual([]);

        await userEvent.click(screen.getByRole('tab', {name: 'Checklist'}));
        await userEvent.selectOptions(screen.getByRole('combobox', {name: 'Release'}), 'run-b');
        await screen.findByRole('heading', {name: /Release 1\.2\.0/});
        expect(screen.getByRole('button', {name: 'Make this the channel’s current release'})).toBeInTheDocument();
        expect(screen.getByRole('button', {name: 'Archive release'})).toBeInTheDocument();
        expect(unnamed()).toEqual([]);

        await userEvent.click(screen.getByRole('button', {name: 'Start a release'}));
        const form = await screen.findByRole('form', {name: 'Start a release'});
        await within(form).findByText('Does the researcher need a mug?');
        for (const label of ['Template', 'Version', 'Release day (T-0)', 'Time zone', 'QA', 'Extra holiday', 'Security issues (one link per line)']) {
            expect(within(form).getByLabelText(label)).toBeInTheDocument();
        }
        const question = within(form).getByRole('radiogroup', {name: 'Does the researcher need a mug?'});
        expect(within(question).getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual(['yes', 'no']);
        expect(within(question).getByRole('radio', {name: 'Yes'})).not.toBeChecked();
        expect(within(form).getByRole('button', {name: 'Add holiday'})).toBeInTheDocument();
        expect(within(form).getByRole('button', {name: 'Start release'})).toBeInTheDocument();
        expect(within(form).getByRole('button', {name: 'Cancel'})).toBeInTheDocument();
        expect(unnamed()).toEqual([]);
    });

    it('names the step chooser dialog and its controls', async () => {
        const server = rhsServer();
        const h = renderInHost(<StepChooserRoot/>, {server, posts: {p1: {id: 'p1', channel_id: CHANNEL}}});
        act(() => {
            h.store.dispatch(chooserOpened('p1', 'evidence'));
        });
        const dialog = await screen.findByRole('dialog', {name: 'Attach this post as evidence to a step'});
        expect(await within(dialog).findByRole('button', {name: 'Cut RC1'})).toBeInTheDocument();
        expect(within(dialog).getByRole('searchbox', {name: 'Search steps'})).toBeInTheDocument();
        expect(within(dialog).getByRole('list', {name: 'Open steps'})).toBeInTheDocument();
        expect(within(dialog).getByRole('button', {name: 'Close'})).toBeInTheDocument();
        expect(unnamed()).toEqual([]);
    });

    it('names the System Console settings', async () => {
        const props = (over: Partial<AdminSettingProps>): AdminSettingProps => ({
            id: 'X', label: 'X', helpText: null, value: '', disabled: false, setByEnv: false,
            onChange: jest.fn(), setSaveNeeded: jest.fn(), registerSaveAction: jest.fn(), unRegisterSaveAction: jest.fn(), ...over,
        });
        const server = new MockServer().
            on('GET /templates', [{id: 'sec', name: 'Security release'}]).
            on('GET /templates/sec/export', () => ({body: '# Security release\n\n## A. Code complete (T-x)\n- Cut the branch'})).
            on('POST /templates/parse', {template: null, errors: [{line: 3, message: 'Offset must look like T-4 or T+1.'}]});
        renderInHost(
            <div>
                <RoleAssignmentsSetting {...props({id: 'DefaultRoleAssignments', value: JSON.stringify({qa: [RM]})})}/>
                <TemplatesSetting {...props({id: 'Templates'})}/>
                {VALIDATED_SETTINGS.map(([key, Setting]) => <Setting key={key} {...props({id: key, label: `${key}:`})}/>)}
            </div>,
            {server},
        );
        expect(await screen.findByRole('textbox', {name: 'Template Markdown'})).toBeInTheDocument();
        await waitFor(() => expect(screen.getByRole('region', {name: 'Problems'})).toHaveTextContent('Line 3'));
        expect(screen.getByRole('combobox', {name: 'Template'})).toBeInTheDocument();
        expect(screen.getByRole('button', {name: 'Save template'})).toBeInTheDocument();
        expect(screen.getByRole('searchbox', {name: 'Release Manager'})).toBeInTheDocument();
        expect(screen.getByRole('textbox', {name: 'Holidays:'})).toBeInTheDocument();
        expect(unnamed()).toEqual([]);
    });
});
