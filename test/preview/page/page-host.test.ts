/**
 * @jest-environment jsdom
 */
// The page's host pieces on their own: the Markdown renderer never turns user text into
// markup, and the registry reads arguments the way the web app does.
import {render as mount} from '@testing-library/react';
import React from 'react';

import {formatText, messageHtmlToComponent} from './markdown';
import {createRegistry, registrations, rhsAction, runSlashCommandHooks, visibleHeaderButtons} from './registry';

function render(text: string): string {
    const {container, unmount} = mount(React.createElement('div', null, messageHtmlToComponent(formatText(text))));
    const html = container.innerHTML;
    unmount();
    return html;
}

describe('PostUtils', () => {
    test('Markdown becomes safe elements', () => {
        expect(render('**done** see [the post](https://example.com/core/pl/abc)')).toContain('<strong>done</strong>');
        expect(render('[x](https://example.com)')).toContain('href="https://example.com"');
    });

    test.each([
        '<img src=x onerror="alert(1)">',
        '<script>alert(1)</script>',
        '<a href="javascript:alert(1)">x</a>',
        '<iframe src="https://evil.example"></iframe>',
    ])('raw HTML in %j stays text', (text) => {
        const html = render(text);
        expect(html).not.toMatch(/<(img|script|iframe)\b/);
        expect(html).not.toMatch(/<a [^>]*href="javascript/);
        // Shown as the characters the person typed.
        expect(html).toContain('&lt;');
    });

    test('links with unsafe schemes lose their href', () => {
        expect(render('[click](javascript:alert(1))')).not.toContain('href=');
        expect(render('[data](data:text/html;base64,PHNjcmlwdD4=)')).not.toContain('href=');
    });
});

describe('registry', () => {
    const host = {store: {} as never, mountPluginReducer: jest.fn()};

    test('positional and object forms register the same post action', () => {
        const registry = createRegistry('p1', host);
        const action = jest.fn();
        registry.registerPostDropdownMenuAction('Positional', action, () => true);
        registry.registerPostDropdownMenuAction({text: 'Object', action, filter: () => true});
        const mine = registrations().postActions.filter((a) => a.pluginId === 'p1');
        expect(mine.map((a) => a.text)).toEqual(['Positional', 'Object']);
        mine[1].action('post1');
        expect(action).toHaveBeenCalledWith('post1');
    });

    test('an object with a key the host does not know falls back to positional, as in the web app', () => {
        const registry = createRegistry('p2', host);
        registry.registerPostDropdownMenuAction({text: 'New', action: jest.fn(), filter: () => true, newerKey: 1});
        const entry = registrations().postActions.find((a) => a.pluginId === 'p2')!;
        expect(typeof entry.text).toBe('object');
        expect(entry.action).toBeUndefined();
    });

    test('an RHS registration hands back the actions that show, hide and toggle it', () => {
        const registry = createRegistry('p3', host);
        const rhs = registry.registerRightHandSidebarComponent(() => null, 'Title');
        expect(rhs.toggleRHSPlugin).toEqual(rhsAction(rhs.id, 'toggle'));
        expect(registrations().rhs.some((r) => r.id === rhs.id && r.title === 'Title')).toBe(true);
    });

    test('one websocket handler per event name and plugin', () => {
        const registry = createRegistry('p4', host);
        const first = jest.fn();
        const second = jest.fn();
        registry.registerWebSocketEventHandler('custom_p4_x', first);
        registry.registerWebSocketEventHandler('custom_p4_x', second);
        expect(registrations().wsHandlers.get('p4 custom_p4_x')).toBe(second);
    });

    test('an app bar registration with an RHS hands back that RHS registration, as the web app does', () => {
        const registry = createRegistry('p5', host);
        const out = registry.registerAppBarComponent('data:,', undefined, 'Tip', null, () => null, 'Title') as {id: string; rhsComponent: {id: string; toggleRHSPlugin: unknown}};
        expect(registrations().appBar.find((a) => a.id === out.id)?.rhsId).toBe(out.rhsComponent.id);
        expect(out.rhsComponent.toggleRHSPlugin).toEqual(rhsAction(out.rhsComponent.id, 'toggle'));
        expect(typeof registry.registerAppBarComponent('data:,', () => undefined, 'Tip')).toBe('string');
    });

    test('with the app bar on, header buttons of plugins that have an app bar component are dropped', () => {
        const withAppBar = createRegistry('p6', host);
        withAppBar.registerAppBarComponent('data:,', undefined, 'Tip', null, () => null, 'Title');
        withAppBar.registerChannelHeaderButtonAction('icon', jest.fn(), 'Six', 'Six');
        createRegistry('p7', host).registerChannelHeaderButtonAction('icon', jest.fn(), 'Seven', 'Seven');
        const shown = (on: boolean) => visibleHeaderButtons(registrations(), on).filter((b) => ['p6', 'p7'].includes(b.pluginId)).map((b) => b.pluginId);
        expect(shown(true)).toEqual(['p7']);
        expect(shown(false)).toEqual(['p6', 'p7']);
    });

    test('slash command hooks run as in the web app: no answer passes, a rewrite chains, {} swallows and stops, an error rejects', async () => {
        const args = {channel_id: 'c', team_id: 't', root_id: ''};
        const later = jest.fn((message: string, a: unknown) => ({message: `${message}!`, args: a}));
        createRegistry('h1', host).registerSlashCommandWillBePostedHook(() => undefined);
        createRegistry('h2', host).registerSlashCommandWillBePostedHook((message: string, a: unknown) => (message === '/swallow' ? {} : message === '/bad' ? {error: {message: 'nope'}} : {message, args: a}));
        createRegistry('h3', host).registerSlashCommandWillBePostedHook(later);
        await expect(runSlashCommandHooks('/echo hi', args)).resolves.toEqual({message: '/echo hi!', args});
        later.mockClear();
        await expect(runSlashCommandHooks('/swallow', args)).resolves.toEqual({swallowed: true});
        expect(later).not.toHaveBeenCalled();
        await expect(runSlashCommandHooks('/bad', args)).resolves.toEqual({error: 'nope'});
        for (const id of ['h1', 'h2', 'h3']) {
            registrations().commandHooks.delete(id);
        }
    });
});
