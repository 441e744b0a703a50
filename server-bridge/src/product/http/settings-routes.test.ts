import path from 'path';
import {createProduct} from '../index';
import {MemoryPlatform} from '../testing/memory-platform';
import {call} from '../testing/http-client';

const bundleRoot = path.resolve(__dirname, '../../../..');

function product() {
    const api = new MemoryPlatform({
        users: [{id: 'admin', username: 'admin'}, {id: 'dev', username: 'dev'}],
        channels: [{id: 'annc', name: 'announcements', members: ['admin']}],
        admins: ['admin'],
    });
    return createProduct(api, {bundleRoot, now: () => new Date('2026-03-02T12:00:00Z')});
}

describe('POST /settings/check', () => {
    it('answers each problem by setting key and console label, the bad holiday line alone', async () => {
        const p = product();
        const res = await call(p.serveHTTP, 'POST', '/api/v1/settings/check', {userId: 'admin', body: {settings: {
            holidays: '2026-12-24\n2026-13-01', defaulttimezone: 'Mars/Base', workingdays: 'Mon-Fri',
            announcementchannel: 'team-one/announcements', installerschannel: 'team-one/nowhere', releasediscussionchannel: 'not a channel',
        }}});
        expect(res.status).toBe(200);
        expect((res.json as {problems: unknown[]}).problems).toEqual([
            {key: 'DefaultTimeZone', message: 'Default time zone: "Mars/Base" is not a time zone; using America/Los_Angeles'},
            {key: 'Holidays', message: expect.stringMatching(/^Holidays: line 2, "2026-13-01" is not accepted/)},
            {key: 'ReleaseDiscussionChannel', message: expect.stringMatching(/^Release discussion channel: "not a channel" is neither/)},
            {key: 'InstallersChannel', message: expect.stringMatching(/^Installers and images channel: there is no channel "team-one\/nowhere"/)},
        ]);
    });

    it('answers no problems for good settings, and refuses non-admins and bodies without settings', async () => {
        const p = product();
        const good = await call(p.serveHTTP, 'POST', '/api/v1/settings/check', {userId: 'admin', body: {settings: {Holidays: '2026-12-25', AnnouncementChannel: 'team-one/announcements'}}});
        expect(good.json).toEqual({problems: []});
        expect((await call(p.serveHTTP, 'POST', '/api/v1/settings/check', {userId: 'dev', body: {settings: {}}})).status).toBe(403);
        expect((await call(p.serveHTTP, 'POST', '/api/v1/settings/check', {userId: 'admin', body: {settings: 'x'}})).status).toBe(400);
    });
});
