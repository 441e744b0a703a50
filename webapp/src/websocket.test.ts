import {ApiClient} from './api/client';
import {PLUGIN_STATE_KEY} from './manifest';
import {channelRunsReceived, runReceived} from './state/actions';
import {RunOps} from './state/ops';
import {CHANNEL, makeRun, summaryOf} from './testing/fixtures';
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
});
