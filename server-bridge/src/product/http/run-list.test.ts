// GET /runs?channel_id= pages with limit and offset (oldest first) and says how many there are.
import {createHttpHandler} from './handler';
import {call} from '../testing/http-client';
import {CHANNEL, DEV, RM, makeHarness, startInput} from '../testing/service-harness';

describe('channel run list pages', () => {
    it('answers limit runs from offset with the total, and the whole list without them', async () => {
        const h = makeHarness();
        const handler = createHttpHandler({api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now});
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) {
            ids.push((await h.service.startRun(RM, startInput({version: `1.${i}.0`}), 'rhs')).id);
        }
        const all = await call(handler, 'GET', `/api/v1/runs?channel_id=${CHANNEL}`, {userId: DEV});
        expect((all.json as {runs: Array<{id: string}>}).runs.map((r) => r.id)).toEqual(ids);
        expect(all.json).not.toHaveProperty('total');
        const page = await call(handler, 'GET', `/api/v1/runs?channel_id=${CHANNEL}&limit=2&offset=1`, {userId: DEV});
        expect(page.json).toEqual({runs: [expect.objectContaining({id: ids[1], version: '1.1.0'}), expect.objectContaining({id: ids[2]})], currentRunId: ids[4], total: 5});
        const bad = await call(handler, 'GET', `/api/v1/runs?channel_id=${CHANNEL}&limit=0`, {userId: DEV});
        expect(bad.json).toEqual({error: 'limit must be a whole number from 1 to 500', field: 'limit'});
        expect(bad.status).toBe(400);
    });
});
