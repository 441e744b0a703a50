import {act, screen, waitFor, within} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import type {AdminSettingProps} from '../../host';
import {PLUGIN_ID} from '../../manifest';
import {renderInHost} from '../../testing/host';
import {MockServer} from '../../testing/server';

import {RoleAssignmentsSetting} from './RoleAssignmentsSetting';
import {VALIDATED_SETTINGS} from './ValidatedSetting';

type SaveAction = () => Promise<{error?: {message: string}}>;

const setting = (key: string) => VALIDATED_SETTINGS.find(([k]) => k === key)![1];
const Holidays = setting('Holidays');
const TimeZone = setting('DefaultTimeZone');
const Announcements = setting('AnnouncementChannel');

function config(values: Record<string, unknown>) {
    return {PluginSettings: {Plugins: {[PLUGIN_ID]: values}}};
}

function props(key: string, over: Partial<AdminSettingProps> = {}): AdminSettingProps {
    return {
        id: `PluginSettings.Plugins.com+mattermost+release-checklist.${key.toLowerCase()}`, label: `${key}:`, helpText: '', value: '', disabled: false,
        setByEnv: false, onChange: jest.fn(), setSaveNeeded: jest.fn(), registerSaveAction: jest.fn(), unRegisterSaveAction: jest.fn(), ...over,
    };
}

/** Answers the check as the server would for the few values these tests use. */
function checkingServer(): MockServer {
    return new MockServer().on('POST /settings/check', (body) => {
        const s = (body as {settings: Record<string, unknown>}).settings;
        const problems = [];
        if (s.reminderhour === 24) {
            problems.push({key: 'ReminderHour', message: 'Reminder hour: 24 is not a whole hour from 0 to 23; using 9'});
        }
        if (s.announcementchannel === 'core/nowhere') {
            problems.push({key: 'AnnouncementChannel', message: 'Announcements channel: there is no channel "core/nowhere"'});
        }
        return {body: {problems}};
    });
}

describe('System Console: validated settings', () => {
    it('shows a bad holiday line under the field as it is typed, never hands it to the console, and refuses the save', async () => {
        const p = props('Holidays', {label: 'Holidays:', value: '2026-12-24'});
        renderInHost(<Holidays {...p}/>, {server: checkingServer()});
        const field = screen.getByRole('textbox', {name: 'Holidays:'});
        await userEvent.type(field, '{enter}2026-13-01');

        const error = document.getElementById(field.getAttribute('aria-describedby')!)!;
        expect(error).toHaveAttribute('aria-live', 'polite');
        expect(error).toHaveTextContent('Line 2: Holiday \'2026-13-01\' is not a date in the form YYYY-MM-DD.');
        expect(error).toHaveTextContent('Not saved until this is corrected.');
        expect(field).toHaveAttribute('aria-invalid', 'true');
        expect((p.onChange as jest.Mock).mock.calls.map((c) => c[1])).not.toContain('2026-12-24\n2026-13-01');
        expect(p.setSaveNeeded).toHaveBeenCalled();
        const save = (p.registerSaveAction as jest.Mock).mock.calls.at(-1)![0] as SaveAction;
        expect(await save()).toEqual({error: {message: expect.stringMatching(/^Holidays: Line 2: .*Not saved: correct it, then save again\.$/)}});

        await userEvent.type(field, '{backspace}{backspace}{backspace}{backspace}{backspace}12-31');
        expect(field).not.toHaveAttribute('aria-invalid');
        expect(screen.queryByText(/Line 2/)).toBeNull();
        expect(p.onChange).toHaveBeenLastCalledWith(p.id, '2026-12-24\n2026-12-31');
        expect(await save()).toEqual({});
    });

    it('checks a time zone, working days and a channel name by the server\'s rules', async () => {
        renderInHost(<TimeZone {...props('DefaultTimeZone', {label: 'Default time zone:'})}/>, {server: checkingServer()});
        await userEvent.type(screen.getByRole('textbox', {name: 'Default time zone:'}), 'Mars/Base');
        expect(screen.getByText(/"Mars\/Base" is not a time zone/)).toBeInTheDocument();

        const Days = setting('WorkingDays');
        renderInHost(<Days {...props('WorkingDays', {label: 'Working days:'})}/>, {server: checkingServer()});
        await userEvent.type(screen.getByRole('textbox', {name: 'Working days:'}), 'Mon,Funday');
        expect(screen.getByText(/Working day 'Funday' is not a weekday/)).toBeInTheDocument();

        renderInHost(<Announcements {...props('AnnouncementChannel', {label: 'Announcements channel:'})}/>, {server: checkingServer()});
        await userEvent.type(screen.getByRole('textbox', {name: 'Announcements channel:'}), 'town square');
        expect(screen.getByText(/"town square" is neither team-name\/channel-name nor a channel id/)).toBeInTheDocument();
    });

    it('shows what the server finds in the saved value under its field: a channel that does not exist', async () => {
        const values = {announcementchannel: 'core/nowhere'};
        renderInHost(<Announcements {...props('AnnouncementChannel', {label: 'Announcements channel:', value: 'core/nowhere', config: config(values)})}/>, {server: checkingServer()});
        const field = screen.getByRole('textbox', {name: 'Announcements channel:'});
        await waitFor(() => expect(document.getElementById(field.getAttribute('aria-describedby') ?? '')).toHaveTextContent('there is no channel "core/nowhere"'));
    });
});

describe('System Console: settings the server ignores', () => {
    it('lists the ones without a field of ours in a box at the top of the page, from the values on the page, and drops it once fixed', async () => {
        const server = checkingServer();
        const p = props('DefaultTimeZone', {config: config({reminderhour: 24, defaulttimezone: 'Europe/Berlin'})});
        const {rerender} = renderInHost(<TimeZone {...p}/>, {server});
        const box = await screen.findByRole('alert', {name: 'Some plugin settings are not used'});
        expect(within(box).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Reminder hour: 24 is not a whole hour from 0 to 23; using 9']);
        expect(box).toHaveTextContent('Correct it on this page and save.');

        // A save changes the host's config: the box follows it without a reload.
        act(() => rerender(<TimeZone {...p} config={config({reminderhour: 7, defaulttimezone: 'Europe/Berlin'})}/>));
        await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
        expect(server.callsTo('POST', '/settings/check').map((c) => (c.body as {settings: {reminderhour: number}}).settings.reminderhour)).toEqual([24, 7]);
    });

    it('asks once for a page of fields with the same values, and shows nothing when the check fails or the host passes no config', async () => {
        const server = checkingServer();
        const c = config({reminderhour: 24});
        renderInHost(<><TimeZone {...props('DefaultTimeZone', {config: c})}/><Holidays {...props('Holidays', {config: c})}/><RoleAssignmentsSetting {...props('DefaultRoleAssignments', {config: c})}/></>, {server});
        await screen.findByRole('alert', {name: 'Some plugin settings are not used'});
        expect(server.callsTo('POST', '/settings/check')).toHaveLength(1);

        const failing = new MockServer().on('POST /settings/check', () => ({status: 500, body: {error: 'boom'}}));
        renderInHost(<TimeZone {...props('DefaultTimeZone', {config: config({reminderhour: 25})})}/>, {server: failing});
        await waitFor(() => expect(failing.callsTo('POST', '/settings/check')).toHaveLength(1));
        const bare = new MockServer();
        renderInHost(<TimeZone {...props('DefaultTimeZone')}/>, {server: bare});
        expect(bare.calls).toHaveLength(0);
        expect(screen.getAllByRole('alert')).toHaveLength(1);
    });
});
