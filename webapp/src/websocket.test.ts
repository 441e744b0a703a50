import {waitFor} from '@testing-library/react';

import {ApiClient} from './api/client';
import {PLUGIN_STATE_KEY} from './manifest';
import {channelRunsReceived, runReceived} from './state/actions';
import {RunOps} from './state/ops';
import type {Run, RunDelta, RunStep} from './api/types';
import {progressOf} from './model/steps';
import {CHANNEL, makeRun, makeStep, summaryOf} from './testing/fixtures';
import {makeHostStore} from './testing/host';
import {MockServer, SITE_URL} from './testing/server';
import {makeHandlers} from './websocket';

function setup() {
    const server = new MockServer();
    const store = makeHostStore({channelId: 'elsewhere'});
    const ops = new RunOps(new ApiClient(() => SITE_URL, server.fetch as unknown as typeof fetch), store);
    return {server, store, ops, handlers: makeHandlers(store, ops)};
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('websocket handlers', () => {
    it('run_created marks the channel active at once and refreshes a watched channel', async () => {
        const {server, store, handlers} = setup();
        const run = makeRun();
        store.dispatch(channelRunsReceived(CHANNEL, {runs: [], currentRunId: null}));
        server.on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(run)], currentRunId: run.id});
        handlers.runCreated({event: 'e', data: {runId: run.id, channelId: CHANNEL}});
        expect(store.getState()[PLUGIN_STATE_KEY].activeRunByChannel[CHANNEL]).toBe(true);
        await flush();
        expect(store.getState()[PLUGIN_STATE_KEY].channels[CHANNEL].runs).toHaveLength(1);
    });

    it('ignores events for channels and runs nobody is looking at', async () => {
        const {server, handlers} = setup();
        handlers.runUpdated({event: 'e', data: {runId: 'r9', channelId: 'c9', revision: 4}});
        handlers.runUpdated({event: 'e', data: 'garbage'});
        await flush();
        expect(server.calls).toHaveLength(0);
    });

    it('refetches every loaded channel and run after a reconnect, and shows a failure', async () => {
        const {server, store, handlers} = setup();
        const run = makeRun();
        store.dispatch(channelRunsReceived(CHANNEL, {runs: [summaryOf(run)], currentRunId: run.id}));
        store.dispatch(runReceived(run));
        server.on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(run)], currentRunId: run.id});
        server.on('GET /runs/run-1', makeRun({revision: 5}));
        handlers.reconnect();
        await flush();
        await flush();
        expect(store.getState()[PLUGIN_STATE_KEY].runs['run-1'].revision).toBe(5);

        server.on(`GET /runs?channel_id=${CHANNEL}`, () => ({status: 503, body: {error: 'server restarting'}}));
        handlers.reconnect();
        await flush();
        expect(store.getState()[PLUGIN_STATE_KEY].syncErrors[CHANNEL]).toBe('server restarting');
    });

    describe('run_updated costs one request where it can', () => {
        function loaded() {
            const env = setup();
            const run = makeRun({}, [makeStep({id: 'a'}), makeStep({id: 'b'})]);
            env.store.dispatch(channelRunsReceived(CHANNEL, {runs: [summaryOf(run)], currentRunId: run.id}));
            env.store.dispatch(runReceived(run));
            env.server.on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(run)], currentRunId: run.id});
            return {...env, run};
        }
        const plugin = (store: {getState(): unknown}) => (store.getState() as Record<string, never>)[PLUGIN_STATE_KEY] as {
            channels: Record<string, {runs: Array<{progress: {done: number}; status: string}>}>;
            runs: Record<string, {revision: number}>;
            activeRunByChannel: Record<string, boolean>;
            syncErrors: Record<string, string>;
        };

        it('refetches only the run when a step changes, and the list shows the new progress', async () => {
            const {server, store, handlers, run} = loaded();
            server.on('GET /runs/run-1', {...run, revision: 2, steps: [{...run.steps[0], state: 'done'}, run.steps[1]]});
            handlers.runUpdated({event: 'e', data: {runId: 'run-1', channelId: CHANNEL, revision: 2}});
            await waitFor(() => expect(plugin(store).runs['run-1'].revision).toBe(2));
            await flush();
            expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /runs/run-1']);
            expect(plugin(store).channels[CHANNEL].runs[0].progress.done).toBe(1);
        });

        it('also refetches the list when the run changed status, and the post menu learns the channel has no active run', async () => {
            const {server, store, handlers, run} = loaded();
            const finished = {...run, revision: 2, status: 'finished' as const};
            server.on('GET /runs/run-1', finished);
            server.on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(finished)], currentRunId: run.id});
            handlers.runUpdated({event: 'e', data: {runId: 'run-1', channelId: CHANNEL, revision: 2}});
            await waitFor(() => expect(server.calls).toHaveLength(2));
            expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /runs/run-1', `GET /runs?channel_id=${CHANNEL}`]);
            await waitFor(() => expect(plugin(store).activeRunByChannel[CHANNEL]).toBe(false));
        });

        it('refetches only the list for a run the viewer has not opened', async () => {
            const {server, store, handlers} = setup();
            const other = makeRun({id: 'run-2'});
            store.dispatch(channelRunsReceived(CHANNEL, {runs: [summaryOf(other)], currentRunId: 'run-2'}));
            server.on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(other)], currentRunId: 'run-2'});
            handlers.runUpdated({event: 'e', data: {runId: 'run-2', channelId: CHANNEL, revision: 7}});
            await flush();
            expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET /runs?channel_id=${CHANNEL}`]);
        });

        it('folds events that arrive while the run is being fetched into that request', async () => {
            const {server, store, handlers, run} = loaded();
            let answer = 4;
            server.on('GET /runs/run-1', () => ({body: {...run, revision: answer}}));
            handlers.runUpdated({event: 'e', data: {runId: 'run-1', channelId: CHANNEL, revision: 2}});
            handlers.runUpdated({event: 'e', data: {runId: 'run-1', channelId: CHANNEL, revision: 3}});
            handlers.runUpdated({event: 'e', data: {runId: 'run-1', channelId: CHANNEL, revision: 4}});
            await waitFor(() => expect(plugin(store).runs['run-1'].revision).toBe(4));
            await flush();
            expect(server.callsTo('GET', '/runs/run-1')).toHaveLength(1);

            // An answer older than the newest event announced is followed by one more request.
            answer = 5;
            server.on('GET /runs/run-1', () => ({body: {...run, revision: answer++}}));
            handlers.runUpdated({event: 'e', data: {runId: 'run-1', channelId: CHANNEL, revision: 5}});
            handlers.runUpdated({event: 'e', data: {runId: 'run-1', channelId: CHANNEL, revision: 6}});
            await waitFor(() => expect(plugin(store).runs['run-1'].revision).toBe(6));
            expect(server.callsTo('GET', '/runs/run-1')).toHaveLength(3);
        });

        it('shows a failed refetch as the channel\'s sync error', async () => {
            const {server, store, handlers} = loaded();
            server.on('GET /runs/run-1', () => ({status: 403, body: {error: 'you cannot see this run'}}));
            handlers.runUpdated({event: 'e', data: {runId: 'run-1', channelId: CHANNEL, revision: 2}});
            await waitFor(() => expect(plugin(store).syncErrors[CHANNEL]).toBe('you cannot see this run'));
        });
    });

    describe('run_updated with what changed (a step action)', () => {
        function loaded() {
            const env = setup();
            const run = makeRun({revision: 3}, [makeStep({id: 'a'}), makeStep({id: 'b'})]);
            env.store.dispatch(channelRunsReceived(CHANNEL, {runs: [summaryOf(run)], currentRunId: run.id}));
            env.store.dispatch(runReceived(run));
            return {...env, run};
        }
        const event = (delta: RunDelta) => ({event: 'e', data: {runId: delta.runId, channelId: delta.channelId, revision: delta.revision, delta: JSON.stringify(delta)}});
        const deltaOf = (run: Run, revision: number, steps: RunStep[]): RunDelta => {
            const after = {...run, steps: run.steps.map((s) => steps.find((c) => c.id === s.id) ?? s)};
            return {runId: run.id, channelId: run.channelId, revision, status: run.status, progress: progressOf(after), steps};
        };
        const state = (store: {getState(): unknown}) => (store.getState() as Record<string, never>)[PLUGIN_STATE_KEY] as {
            channels: Record<string, {runs: Array<{progress: {done: number}}>}>;
            runs: Record<string, Run>;
        };

        it('applies the next revision without a request, the list included', async () => {
            const {server, store, handlers, run} = loaded();
            const done = {...run.steps[1], state: 'done' as const};
            handlers.runUpdated(event(deltaOf(run, 4, [done])));
            await flush();
            expect(server.calls).toHaveLength(0);
            expect(state(store).runs[run.id].revision).toBe(4);
            expect(state(store).runs[run.id].steps.map((s) => s.state)).toEqual(['open', 'done']);
            expect(state(store).channels[CHANNEL].runs[0].progress.done).toBe(1);
            // The same change again (the action's own answer came first) changes nothing.
            const before = state(store);
            handlers.runUpdated(event(deltaOf(run, 4, [done])));
            expect(state(store)).toBe(before);
        });

        it('refetches the run when a revision was missed, and applies nothing out of order', async () => {
            const {server, store, handlers, run} = loaded();
            const latest = {...run, revision: 5, steps: [{...run.steps[0], state: 'done' as const}, {...run.steps[1], state: 'done' as const}]};
            server.on(`GET /runs/${run.id}`, latest);
            handlers.runUpdated(event(deltaOf(run, 5, [latest.steps[1]])));
            expect(state(store).runs[run.id].revision).toBe(3);
            await waitFor(() => expect(state(store).runs[run.id].revision).toBe(5));
            expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET /runs/${run.id}`]);
            expect(state(store).runs[run.id].steps.map((s) => s.state)).toEqual(['done', 'done']);
        });

        it('updates only the list summary of a run the viewer has not opened, without a request', async () => {
            const {server, store, handlers} = setup();
            const other = makeRun({id: 'run-2'});
            store.dispatch(channelRunsReceived(CHANNEL, {runs: [summaryOf(other)], currentRunId: 'run-2'}));
            handlers.runUpdated(event(deltaOf(other, other.revision + 1, [{...other.steps[0], state: 'done'}])));
            await flush();
            expect(server.calls).toHaveLength(0);
            expect(state(store).channels[CHANNEL].runs[0].progress.done).toBe(1);
        });

        it('ignores a delta that does not match its event', async () => {
            const {server, store, handlers, run} = loaded();
            server.on(`GET /runs/${run.id}`, {...run, revision: 4});
            const delta = deltaOf(run, 4, [{...run.steps[0], state: 'done'}]);
            handlers.runUpdated({event: 'e', data: {runId: run.id, channelId: CHANNEL, revision: 4, delta: JSON.stringify({...delta, runId: 'other'})}});
            // Without a usable delta the event is a plain notice: the run is refetched.
            await waitFor(() => expect(server.calls).toHaveLength(1));
            expect(state(store).runs[run.id].steps[0].state).toBe('open');
        });
    });

    describe('current_run_changed', () => {
        it('refetches the list of a watched channel whose current run is another one', async () => {
            const {server, store, handlers} = setup();
            const a = makeRun({id: 'run-a'});
            const b = makeRun({id: 'run-b'});
            store.dispatch(channelRunsReceived(CHANNEL, {runs: [summaryOf(a), summaryOf(b)], currentRunId: 'run-a'}));
            server.on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(a), summaryOf(b)], currentRunId: 'run-b'});
            handlers.currentRunChanged({event: 'e', data: {channelId: CHANNEL, currentRunId: 'run-b'}});
            await waitFor(() => expect(store.getState()[PLUGIN_STATE_KEY].channels[CHANNEL].currentRunId).toBe('run-b'));
            expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET /runs?channel_id=${CHANNEL}`]);
        });

        it('asks nothing when the list already names that run, for unwatched channels, or for malformed payloads', async () => {
            const {server, store, handlers} = setup();
            const a = makeRun({id: 'run-a'});
            store.dispatch(channelRunsReceived(CHANNEL, {runs: [summaryOf(a)], currentRunId: 'run-a'}));
            handlers.currentRunChanged({event: 'e', data: {channelId: CHANNEL, currentRunId: 'run-a'}});
            handlers.currentRunChanged({event: 'e', data: {channelId: 'not-watched', currentRunId: 'run-x'}});
            handlers.currentRunChanged({event: 'e', data: {channelId: CHANNEL, currentRunId: 42}});
            handlers.currentRunChanged({event: 'e', data: null});
            handlers.currentRunChanged({event: 'e', data: {currentRunId: 'run-a'}});
            await flush();
            expect(server.calls).toHaveLength(0);
        });
    });
});
