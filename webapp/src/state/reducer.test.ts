import {makeRun, makeStep, summaryOf} from '../testing/fixtures';
import {readRunEvent} from '../websocket';

import {channelRunsReceived, chooserClosed, chooserOpened, runCreatedSeen, runDeltaReceived, runReceived, syncFailed} from './actions';
import {initialState, reducer} from './reducer';
import {channelHasActiveRun, getShownRunId} from './selectors';

const wrap = (s: typeof initialState) => ({'plugins-com.mattermost.release-checklist': s});

describe('plugin reducer', () => {
    it('tracks which channels have an active run', () => {
        const active = makeRun({id: 'a'});
        const finished = makeRun({id: 'f', status: 'finished'});
        let s = reducer(initialState, channelRunsReceived('c1', {runs: [summaryOf(active)], currentRunId: 'a'}));
        s = reducer(s, channelRunsReceived('c2', {runs: [summaryOf(finished)], currentRunId: 'f'}));
        expect(channelHasActiveRun(wrap(s), 'c1')).toBe(true);
        expect(channelHasActiveRun(wrap(s), 'c2')).toBe(false);
        expect(channelHasActiveRun(wrap(s), 'c3')).toBe(false);
        s = reducer(s, runCreatedSeen('c3'));
        expect(channelHasActiveRun(wrap(s), 'c3')).toBe(true);
    });

    it('never replaces a run with an older revision and updates the channel summary', () => {
        const step = makeStep({id: 's'});
        const v2 = makeRun({revision: 2}, [{...step, state: 'done'}]);
        let s = reducer(initialState, channelRunsReceived('channel-1', {runs: [summaryOf(makeRun({}, [step]))], currentRunId: 'run-1'}));
        s = reducer(s, runReceived(v2));
        s = reducer(s, runReceived(makeRun({revision: 1}, [step])));
        expect(s.runs['run-1'].revision).toBe(2);
        expect(s.channels['channel-1'].runs[0].progress).toEqual({done: 1, skipped: 0, open: 0, total: 1});
        expect(getShownRunId(wrap(s), 'channel-1')).toBe('run-1');
    });

    it('applies a delta only right after the revision shown', () => {
        const a = makeStep({id: 'a'});
        const b = makeStep({id: 'b'});
        const run = makeRun({revision: 2}, [a, b]);
        let s = reducer(initialState, channelRunsReceived('channel-1', {runs: [summaryOf(run)], currentRunId: 'run-1'}));
        s = reducer(s, runReceived(run));
        const delta = (revision: number, steps: typeof run.steps) => runDeltaReceived({
            runId: 'run-1', channelId: 'channel-1', revision, status: 'active', progress: {done: 1, skipped: 0, open: 1, total: 2}, steps,
        });
        // A gap (revision 4 after 2) and a stale one (2) leave the state as it is.
        expect(reducer(s, delta(4, [{...b, state: 'done'}]))).toBe(s);
        expect(reducer(s, delta(2, [{...b, state: 'done'}]))).toBe(s);
        s = reducer(s, delta(3, [{...b, state: 'done'}]));
        expect(s.runs['run-1'].revision).toBe(3);
        expect(s.runs['run-1'].steps.map((x) => [x.id, x.state])).toEqual([['a', 'open'], ['b', 'done']]);
        expect(s.runs['run-1'].steps[0]).toBe(run.steps[0]);
        expect(s.channels['channel-1'].runs[0].progress).toEqual({done: 1, skipped: 0, open: 1, total: 2});
    });

    it('records and clears sync errors and the chooser', () => {
        let s = reducer(initialState, syncFailed('c', 'offline'));
        expect(s.syncErrors).toEqual({c: 'offline'});
        s = reducer(s, syncFailed('c', null));
        expect(s.syncErrors).toEqual({});
        s = reducer(s, chooserOpened('p', 'evidence'));
        expect(s.chooser).toEqual({postId: 'p', mode: 'evidence'});
        expect(reducer(s, chooserClosed()).chooser).toBeNull();
    });
});

describe('websocket payloads', () => {
    it('accepts well-formed run events and drops malformed ones', () => {
        expect(readRunEvent({event: 'e', data: {runId: 'r', channelId: 'c', revision: 3}})).toEqual({runId: 'r', channelId: 'c', revision: 3});
        expect(readRunEvent({event: 'e', data: {runId: 'r', channelId: 'c', revision: '4'}})).toEqual({runId: 'r', channelId: 'c', revision: 4});
        expect(readRunEvent({event: 'e', data: {runId: 'r', channelId: 'c', revision: 'x'}})).toEqual({runId: 'r', channelId: 'c', revision: undefined});
        expect(readRunEvent({event: 'e', data: null})).toBeNull();
        expect(readRunEvent({event: 'e', data: {runId: 5, channelId: 'c'}})).toBeNull();
        expect(readRunEvent(undefined)).toBeNull();
    });
});
