import {fireEvent, screen, waitFor} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import type {AdminSettingProps} from '../../host';
import {RM} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {MockServer} from '../../testing/server';

import {RoleAssignmentsSetting, parseAssignments} from './RoleAssignmentsSetting';
import {TemplatesSetting, offsetOfLine} from './TemplatesSetting';

function props(over: Partial<AdminSettingProps> = {}): AdminSettingProps {
    return {
        id: 'PluginSettings.Plugins.com+mattermost+release-checklist.defaultroleassignments',
        label: 'Default role assignments:',
        helpText: '',
        value: '',
        disabled: false,
        setByEnv: false,
        onChange: jest.fn(),
        setSaveNeeded: jest.fn(),
        registerSaveAction: jest.fn(),
        unRegisterSaveAction: jest.fn(),
        ...over,
    };
}

const parsedTemplate = {
    schemaVersion: 1,
    id: 'sec',
    name: 'Security release',
    roles: [{id: 'build', name: 'Build'}],
    conditions: [],
    phases: [{id: 'a', label: 'A', title: 'Code complete', offset: {unit: 'working', days: -4}, steps: [
        {id: 'cut', title: 'Cut the branch', role: 'build', substeps: [], approval: true},
    ]}],
};

describe('System Console: default role assignments', () => {
    it('picks people per role and stores the JSON value', async () => {
        const server = new MockServer().on('GET /api/v4/users/autocomplete', {users: [{id: 'user-ann', username: 'ann'}], out_of_channel: []});
        const p = props({value: JSON.stringify({'release-manager': [RM]})});
        renderInHost(<RoleAssignmentsSetting {...p}/>, {server});
        expect(await screen.findByText('@rm')).toBeInTheDocument();
        await userEvent.type(screen.getByLabelText('QA'), 'ann');
        await userEvent.click(await screen.findByRole('button', {name: /@ann/}));
        expect(p.onChange).toHaveBeenCalledWith(p.id, JSON.stringify({'release-manager': [RM], qa: ['user-ann']}));
        expect(p.setSaveNeeded).toHaveBeenCalled();
    });

    it('shows a stored value that does not parse instead of dropping it', () => {
        renderInHost(<RoleAssignmentsSetting {...props({value: '{"qa": "bob"'})}/>);
        expect(screen.getByRole('alert')).toHaveTextContent('not valid JSON');
        expect(screen.getByRole('alert')).toHaveTextContent('{"qa": "bob"');
        expect(parseAssignments('{"qa": "bob"}').error).toMatch(/Role "qa"/);
        expect(parseAssignments({qa: ['u1']})).toEqual({roles: {qa: ['u1']}, error: null});
    });
});

describe('System Console: template editor', () => {
    function server() {
        return new MockServer().
            on('GET /templates', [{id: 'sec', name: 'Security release'}]).
            on('GET /templates/sec/export', () => ({body: '# Security release\n\n## A. Code complete (T-4)\n- Cut the branch'})).
            on('POST /templates/parse', (body) => {
                const md = (body as {markdown: string}).markdown;
                return {body: md.includes('(T-x)') ?
                    {template: null, errors: [{line: 3, message: 'Offset must look like T-4 or T+1.'}]} :
                    {template: parsedTemplate, errors: []}};
            });
    }

    it('previews the parsed template and lists line-numbered errors live', async () => {
        renderInHost(<TemplatesSetting {...props({id: 'templates'})}/>, {server: server()});
        const editor = await screen.findByLabelText('Template Markdown');
        const parsed = await screen.findByRole('region', {name: 'Parsed template'});
        expect(parsed).toHaveTextContent('A. Code complete (T-4)');
        expect(parsed).toHaveTextContent('Cut the branch');
        expect(parsed).toHaveTextContent('Approval');
        expect(screen.getByText('No problems found.')).toBeInTheDocument();

        fireEvent.change(editor, {target: {value: '# Security release\n\n## A. Code complete (T-x)\n- Cut the branch'}});
        const error = await screen.findByRole('button', {name: 'Line 3: Offset must look like T-4 or T+1.'});
        expect(screen.getByRole('button', {name: 'Save template'})).toBeDisabled();
        await userEvent.click(error);
        expect(editor).toHaveFocus();
        expect((editor as HTMLTextAreaElement).selectionStart).toBe(offsetOfLine((editor as HTMLTextAreaElement).value, 3));
    });

    it('saves through the admin route and shows the errors the server returns', async () => {
        const srv = server();
        let accept = false;
        srv.on('PUT /templates/sec', () => (accept ? {body: parsedTemplate} : {status: 400, body: {error: 'template has errors', errors: [{line: 4, message: 'Unknown role "Chef".'}]}}));
        renderInHost(<TemplatesSetting {...props({id: 'templates'})}/>, {server: srv});
        await screen.findByText('No problems found.');
        await userEvent.click(screen.getByRole('button', {name: 'Save template'}));
        expect(await screen.findByRole('button', {name: 'Line 4: Unknown role "Chef".'})).toBeInTheDocument();
        expect(screen.getByRole('alert')).toHaveTextContent('template has errors');
        accept = true;
        fireEvent.change(screen.getByLabelText('Template Markdown'), {target: {value: '# Security release\n\n## A. Code complete (T-4)\n- Cut the branch\n'}});
        await screen.findByText('No problems found.');
        await userEvent.click(screen.getByRole('button', {name: 'Save template'}));
        expect(await screen.findByText('Template saved.')).toBeInTheDocument();
        await waitFor(() => expect(srv.callsTo('PUT', '/templates/sec').at(-1)?.body).toEqual({markdown: '# Security release\n\n## A. Code complete (T-4)\n- Cut the branch\n'}));
    });

    it('creates a new template from a copy under a valid id', async () => {
        const srv = server();
        let saved = false;
        srv.on('PUT /templates/hotfix', () => {
            saved = true;
            return {body: {...parsedTemplate, id: 'hotfix'}};
        });
        srv.on('GET /templates/hotfix/export', () => ({body: '# Hotfix\n\n## A. Code complete (T-4)\n- Cut the branch'}));
        srv.on('GET /templates', () => ({body: saved ? [{id: 'sec', name: 'Security release'}, {id: 'hotfix', name: 'Hotfix'}] : [{id: 'sec', name: 'Security release'}]}));
        renderInHost(<TemplatesSetting {...props({id: 'templates'})}/>, {server: srv});
        await screen.findByText('No problems found.');
        fireEvent.change(screen.getByLabelText('Template'), {target: {value: '__new__'}});
        expect(screen.getByLabelText('Template Markdown')).toHaveValue('# Security release\n\n## A. Code complete (T-4)\n- Cut the branch');
        await userEvent.type(screen.getByLabelText('New template id'), 'Hot Fix');
        expect(screen.getByText('Use 1 to 64 characters: a-z, 0-9 and -.')).toBeInTheDocument();
        expect(screen.getByRole('button', {name: 'Save template'})).toBeDisabled();
        await userEvent.clear(screen.getByLabelText('New template id'));
        await userEvent.type(screen.getByLabelText('New template id'), 'hotfix');
        await userEvent.click(screen.getByRole('button', {name: 'Save template'}));
        expect(await screen.findByText('Template saved.')).toBeInTheDocument();
        expect(screen.getByLabelText('Template')).toHaveValue('hotfix');
        expect(srv.callsTo('PUT', '/templates/')).toHaveLength(1);
    });

    it('offsetOfLine finds the start of each line', () => {
        expect(offsetOfLine('ab\ncd\nef', 1)).toBe(0);
        expect(offsetOfLine('ab\ncd\nef', 3)).toBe(6);
        expect(offsetOfLine('ab', 9)).toBe(2);
    });
});
