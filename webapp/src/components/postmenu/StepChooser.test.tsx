import {act, screen, waitFor} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import {chooserOpened} from '../../state/actions';
import {CHANNEL, makeRun, makeStep, summaryOf} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {MockServer} from '../../testing/server';

import {StepChooserRoot} from './StepChooser';

function setup() {
    const run = makeRun({}, [
        makeStep({id: 'tag', title: 'Tag the release', role: 'qa'}),
        makeStep({id: 'notes', title: 'Write the release notes', role: 'dev'}),
    ]);
    const server = new MockServer().
        on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(run)], currentRunId: run.id}).
        on('GET /runs/run-1', run);
    const h = renderInHost(
        <div>
            <button type='button'>{'Post menu'}</button>
            <button type='button'>{'Elsewhere'}</button>
            <StepChooserRoot/>
        </div>,
        {server, posts: {p1: {id: 'p1', channel_id: CHANNEL}}},
    );
    return h;
}

async function openFrom(opener: HTMLElement, store: {dispatch: (a: never) => unknown}) {
    opener.focus();
    act(() => {
        store.dispatch(chooserOpened('p1', 'done') as never);
    });
    const dialog = await screen.findByRole('dialog', {name: 'Mark a step done with this post as evidence'});
    await screen.findByRole('button', {name: 'Tag the release'});
    return dialog;
}

describe('step chooser dialog: focus', () => {
    it('starts in the search field and keeps Tab and Shift+Tab inside the dialog', async () => {
        const h = setup();
        const dialog = await openFrom(screen.getByRole('button', {name: 'Post menu'}), h.store);
        const search = screen.getByRole('searchbox', {name: 'Search steps'});
        await waitFor(() => expect(search).toHaveFocus());
        const close = screen.getByRole('button', {name: 'Close'});

        // Forward through every control, then around to the first again.
        const seen: Element[] = [];
        for (let i = 0; i < 4; i++) {
            await userEvent.tab();
            seen.push(document.activeElement as Element);
            expect(dialog).toContainElement(document.activeElement as HTMLElement);
        }
        expect(seen.map((el) => el.textContent || el.getAttribute('aria-label') || el.tagName)).toEqual([
            expect.stringContaining('Tag the release'), expect.stringContaining('Write the release notes'), 'Close', 'INPUT',
        ]);
        expect(search).toHaveFocus();

        await userEvent.tab({shift: true});
        expect(close).toHaveFocus();
        await userEvent.tab({shift: true});
        expect(screen.getByRole('button', {name: 'Write the release notes'})).toHaveFocus();
    });

    it('brings focus back when it escapes the dialog', async () => {
        const h = setup();
        const dialog = await openFrom(screen.getByRole('button', {name: 'Post menu'}), h.store);
        act(() => screen.getByRole('button', {name: 'Elsewhere'}).focus());
        expect(dialog).toContainElement(document.activeElement as HTMLElement);
    });

    it('closes on Escape and returns focus to where it was', async () => {
        const h = setup();
        const opener = screen.getByRole('button', {name: 'Post menu'});
        const dialog = await openFrom(opener, h.store);
        await userEvent.keyboard('{Escape}');
        expect(dialog).not.toBeInTheDocument();
        expect(opener).toHaveFocus();
    });

    it('returns focus after the Close button and after a step was chosen', async () => {
        const h = setup();
        const opener = screen.getByRole('button', {name: 'Elsewhere'});
        let dialog = await openFrom(opener, h.store);
        await userEvent.click(screen.getByRole('button', {name: 'Close'}));
        expect(dialog).not.toBeInTheDocument();
        expect(opener).toHaveFocus();

        h.server.on('POST /runs/run-1/steps/tag/done', () => ({body: makeRun({revision: 2}, [makeStep({id: 'tag', title: 'Tag the release', role: 'qa', state: 'done'})])}));
        dialog = await openFrom(opener, h.store);
        const tag = screen.getByRole('button', {name: 'Tag the release'});
        expect(tag).toHaveAccessibleDescription(/QA/);
        await userEvent.click(tag);
        await waitFor(() => expect(dialog).not.toBeInTheDocument());
        expect(opener).toHaveFocus();
    });
});
