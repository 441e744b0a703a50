import {act, screen, waitFor, within} from '@testing-library/react';
import React from 'react';

import type {AdminSettingProps} from '../../host';
import {renderInHost} from '../../testing/host';
import {MockServer} from '../../testing/server';

import {RoleAssignmentsSetting} from './RoleAssignmentsSetting';

type SaveAction = () => Promise<{error?: {message: string}}>;

function props(over: Partial<AdminSettingProps> = {}): AdminSettingProps {
    return {
        id: 'DefaultRoleAssignments', label: 'Default role assignments:', helpText: '', value: '', disabled: false, setByEnv: false,
        onChange: jest.fn(), setSaveNeeded: jest.fn(), registerSaveAction: jest.fn(), unRegisterSaveAction: jest.fn(), ...over,
    };
}

const BASE = {timeZone: 'America/Los_Angeles', workingDays: [1, 2, 3, 4, 5], holidays: [], roles: {}, templates: []};
const ZONE = 'Default time zone: "Mars/Base" is not a time zone; using America/Los_Angeles';
const DAYS = 'Working days: "Funday" is not accepted; using Mon,Tue,Wed,Thu,Fri';

describe('System Console: settings the server ignored', () => {
    it('lists them in an alert at the top of the first custom setting', async () => {
        const server = new MockServer().on('GET /defaults', {...BASE, settingsProblems: [ZONE, DAYS]});
        renderInHost(<RoleAssignmentsSetting {...props()}/>, {server});
        const box = await screen.findByRole('alert', {name: 'Some plugin settings are not used'});
        const items = within(box).getAllByRole('listitem').map((li) => li.textContent);
        expect(items).toEqual([ZONE, DAYS]);
        expect(box).toHaveTextContent('Correct it on this page and save.');
    });

    it('shows nothing when the list is empty, absent, or cannot be fetched', async () => {
        for (const route of [{...BASE, settingsProblems: []}, BASE]) {
            const server = new MockServer().on('GET /defaults', route);
            const {unmount} = renderInHost(<RoleAssignmentsSetting {...props()}/>, {server});
            await waitFor(() => expect(server.callsTo('GET', '/defaults').length).toBeGreaterThan(0));
            expect(screen.queryByRole('alert')).toBeNull();
            unmount();
        }
        const failing = new MockServer().on('GET /defaults', () => ({status: 500, body: {error: 'boom'}}));
        renderInHost(<RoleAssignmentsSetting {...props()}/>, {server: failing});
        await waitFor(() => expect(failing.callsTo('GET', '/defaults')).toHaveLength(1));
        expect(screen.queryByRole('alert')).toBeNull();
    });

    it('refetches after a save through the registered save action, and unregisters it on unmount', async () => {
        let problems = [ZONE];
        const server = new MockServer().on('GET /defaults', () => ({body: {...BASE, settingsProblems: problems}}));
        const p = props();
        const {unmount} = renderInHost(<RoleAssignmentsSetting {...p}/>, {server});
        expect(await screen.findByRole('alert')).toHaveTextContent('Mars/Base');
        const save = (p.registerSaveAction as jest.Mock).mock.calls.at(-1)?.[0] as SaveAction;
        expect(typeof save).toBe('function');

        problems = [];
        await act(async () => {
            expect(await save()).toEqual({});
        });
        await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());

        unmount();
        expect(p.unRegisterSaveAction).toHaveBeenCalledWith(save);
    });

    it('works on hosts that pass no save hooks', async () => {
        const server = new MockServer().on('GET /defaults', {...BASE, settingsProblems: [DAYS]});
        const p = props({registerSaveAction: undefined as unknown as AdminSettingProps['registerSaveAction'], unRegisterSaveAction: undefined as unknown as AdminSettingProps['unRegisterSaveAction']});
        const {unmount} = renderInHost(<RoleAssignmentsSetting {...p}/>, {server});
        expect(await screen.findByRole('alert')).toHaveTextContent('Funday');
        unmount();
    });
});
