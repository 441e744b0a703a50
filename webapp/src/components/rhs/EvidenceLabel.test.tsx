import {screen} from '@testing-library/react';
import React from 'react';

import {CHANNEL, DEV, RM, makeRun, makeStep, summaryOf} from '../../testing/fixtures';
import {renderInHost} from '../../testing/host';
import {MockServer, SITE_URL} from '../../testing/server';

import {RhsView} from './RhsView';

describe('evidence links', () => {
    it('are named by who posted and when, and still open the permalink', async () => {
        const step = makeStep({id: 'tag', title: 'Tag', state: 'done', evidence: [
            {postId: 'post-a', userId: DEV, at: '2030-12-11T14:02:00.000Z'},
            {postId: 'post-b', userId: RM, at: '2030-12-12T09:30:00.000Z'},
        ]});
        const run = makeRun({}, [step]);
        const server = new MockServer().
            on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(run)], currentRunId: run.id}).
            on(`GET /runs/${run.id}`, run).
            on('POST /api/v4/users/ids', () => ({body: [{id: DEV, username: 'dan'}, {id: RM, username: 'rita'}]}));
        renderInHost(<RhsView/>, {server});
        const dan = await screen.findByRole('link', {name: 'Post by @dan · Dec 11, 14:02'});
        expect(dan).toHaveAttribute('href', `${SITE_URL}/core/pl/post-a`);
        expect(screen.getByRole('link', {name: 'Post by @rita · Dec 12, 09:30'})).toHaveAttribute('href', `${SITE_URL}/core/pl/post-b`);
        expect(screen.queryByRole('link', {name: /Evidence post/})).toBeNull();
    });
});
