// What the product sees of a forwarded request, and what Implemented answers.
import {HOOK_IDS} from './rpc-contract';
import {IMPLEMENTED_HOOKS, toProductRequest} from './hooks-dispatch';
import {EMPTY_BODY} from './request-body';

test('headers are lower-cased and merged; the URL is Mattermost\'s forwarded path and query', () => {
    const req = toProductRequest({
        Method: 'POST', URL: '/api/v1/runs?channel_id=c1', RequestURI: '/plugins/x/api/v1/runs?channel_id=c1',
        Header: new Map<string, unknown>([['Mattermost-User-Id', ['u1']], ['X-Multi', ['a']], ['x-multi', ['b']], ['Bad', 'not a list']]),
    }, EMPTY_BODY);
    expect(req).toMatchObject({method: 'POST', url: '/api/v1/runs?channel_id=c1', headers: {'mattermost-user-id': ['u1'], 'x-multi': ['a', 'b']}});
    expect(req.headers.bad).toBeUndefined();
});

test('a request without fields still gives the product a usable request', () => {
    expect(toProductRequest(null, EMPTY_BODY)).toMatchObject({method: 'GET', url: '/', headers: {}});
    expect(toProductRequest({RequestURI: '/x'}, EMPTY_BODY).url).toBe('/x');
});

test('every hook named by Implemented is a Mattermost hook', () => {
    for (const name of IMPLEMENTED_HOOKS) {
        expect(HOOK_IDS[name]).toEqual(expect.any(Number));
    }
});
