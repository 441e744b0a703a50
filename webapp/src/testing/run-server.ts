// The plugin API of a channel whose one release is the given run, as the RHS first reads it;
// tests chain .on(...) for what else their run needs.
import type {Run} from '../api/types';

import {CHANNEL, summaryOf} from './fixtures';
import {MockServer} from './server';

export function serverForRun(run: Run): MockServer {
    return new MockServer().
        on(`GET /runs?channel_id=${CHANNEL}`, {runs: [summaryOf(run)], currentRunId: run.id}).
        on(`GET /runs/${run.id}`, run);
}
