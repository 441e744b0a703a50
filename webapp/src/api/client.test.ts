import Client4 from '@mattermost/client/lib/client4';

import {ApiClient, checkRun} from './client';
import {ApiError} from './errors';
import {siteUrlFrom} from './site_url';

function fakeResponse(status: number, text: string) {
    return {ok: status >= 200 && status < 300, status, statusText: 'x', text: async () => text} as unknown as Response;
}

describe('ApiClient', () => {
    it('calls the plugin route under the site URL subpath with the host headers', async () => {
        document.cookie = 'MMCSRF=csrf-token-1';
        const fetchFn = jest.fn(async () => fakeResponse(200, JSON.stringify({runs: [], currentRunId: null})));
        const api = new ApiClient(() => 'https://chat.example.com/mm', fetchFn as unknown as typeof fetch, new Client4());
        await api.stepAction('r 1', 'phase/sub', 'skip', {reason: 'n/a'}, 'rhs').catch(() => undefined);
        const [url, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit & {headers: Record<string, string>}];
        expect(url).toBe('https://chat.example.com/mm/plugins/com.mattermost.release-checklist/api/v1/runs/r%201/steps/phase%2Fsub/skip');
        expect(init.method).toBe('POST');
        expect(init.headers['X-Requested-With']).toBe('XMLHttpRequest');
        expect(init.headers['X-CSRF-Token']).toBe('csrf-token-1');
        expect(init.credentials).toBe('include');
        expect(JSON.parse(String(init.body))).toEqual({reason: 'n/a', source: 'rhs'});
    });

    it('turns error answers into ApiErrors with the server message and field', async () => {
        const api = new ApiClient(() => 'http://h', (async () => fakeResponse(400, '{"error":"version is required","field":"version"}')) as unknown as typeof fetch);
        const err = await api.preview({} as never).catch((e) => e);
        expect(err).toBeInstanceOf(ApiError);
        expect(err).toMatchObject({message: 'version is required', field: 'version', status: 400});

        const text = new ApiClient(() => 'http://h', (async () => fakeResponse(502, 'Bad gateway')) as unknown as typeof fetch);
        await expect(text.templates()).rejects.toMatchObject({message: 'Bad gateway', status: 502});

        const down = new ApiClient(() => 'http://h', (async () => {
            throw new TypeError('Failed to fetch');
        }) as unknown as typeof fetch);
        await expect(down.templates()).rejects.toThrow('Could not reach the server: Failed to fetch');

        const junk = new ApiClient(() => 'http://h', (async () => fakeResponse(200, '<html>')) as unknown as typeof fetch);
        await expect(junk.templates()).rejects.toThrow('not JSON');
    });

    it('sends move, roles and current in the shapes of the server routes, and checks the answers', async () => {
        const run = {id: 'r', channelId: 'c', revision: 2, phases: [], steps: []};
        const answers: string[] = [JSON.stringify(run), JSON.stringify(run), '{"currentRunId":"r"}', '{"current":"r"}'];
        const fetchFn = jest.fn(async () => fakeResponse(200, answers.shift() ?? ''));
        const api = new ApiClient(() => 'http://h', fetchFn as unknown as typeof fetch);
        await expect(api.moveReleaseDay('r', '2030-01-14', 'rhs')).resolves.toEqual(run);
        await expect(api.setRoles('r', {qa: ['u1']}, 'rhs')).resolves.toEqual(run);
        await expect(api.makeCurrent('r')).resolves.toEqual({currentRunId: 'r'});
        await expect(api.makeCurrent('r')).rejects.toThrow('unexpected shape');
        const sent = (fetchFn.mock.calls as unknown as Array<[string, RequestInit]>).map(([url, init]) => [url.replace('http://h/plugins/com.mattermost.release-checklist/api/v1', ''), JSON.parse(String(init.body))]);
        expect(sent).toEqual([
            ['/runs/r/move', {releaseDay: '2030-01-14', source: 'rhs'}],
            ['/runs/r/roles', {roles: {qa: ['u1']}, source: 'rhs'}],
            ['/runs/r/current', {}],
            ['/runs/r/current', {}],
        ]);
    });

    it('refuses a run that lacks its core shape', () => {
        expect(() => checkRun({id: 'r'})).toThrow('unexpected shape');
        expect(() => checkRun(null)).toThrow('unexpected shape');
        expect(() => checkRun({id: 'r', channelId: 'c', revision: 1, phases: [], steps: [{id: 's'}]})).toThrow('unexpected shape');
        const ok = {id: 'r', channelId: 'c', revision: 1, phases: [], steps: []};
        expect(checkRun(ok)).toBe(ok);
    });
});

describe('siteUrlFrom', () => {
    const win = {location: {origin: 'https://chat.example.com'} as Location, basename: '/mm'};
    it('uses the configured SiteURL without a trailing slash', () => {
        expect(siteUrlFrom({entities: {general: {config: {SiteURL: 'https://a.example.com/sub/'}}}}, win)).toBe('https://a.example.com/sub');
    });
    it('falls back to the page origin plus the host basename', () => {
        expect(siteUrlFrom({entities: {general: {config: {SiteURL: ''}}}}, win)).toBe('https://chat.example.com/mm');
        expect(siteUrlFrom({}, {location: win.location})).toBe('https://chat.example.com');
    });
});
