import path from 'path';
import {createProduct} from '../index';
import {MemoryPlatform} from '../testing/memory-platform';
import {call} from '../testing/http-client';

const bundleRoot = path.resolve(__dirname, '../../../..');

async function product(config: Record<string, unknown>) {
    const api = new MemoryPlatform({
        users: [{id: 'admin', username: 'admin'}, {id: 'dev', username: 'dev'}],
        channels: [{id: 'chan', members: ['admin', 'dev']}],
        admins: ['admin'],
        config,
    });
    const p = createProduct(api, {bundleRoot, now: () => new Date('2026-03-02T12:00:00Z')});
    await p.onConfigurationChange();
    return {api, p};
}

describe('GET /defaults settingsProblems', () => {
    it('lists the ignored settings for an admin and leaves the field out for a member', async () => {
        const {p} = await product({DefaultTimeZone: 'Mars/Base', WorkingDays: 'Funday', ReminderHour: '7'});
        const admin = await call(p.serveHTTP, 'GET', '/api/v1/defaults', {userId: 'admin'});
        expect(admin.status).toBe(200);
        const problems = (admin.json as {settingsProblems: string[]}).settingsProblems;
        expect(problems).toEqual([
            'Default time zone: "Mars/Base" is not a time zone; using America/Los_Angeles',
            expect.stringMatching(/^Working days: "Funday" .*; using Mon,Tue,Wed,Thu,Fri$/),
        ]);
        expect(admin.json).toMatchObject({timeZone: 'America/Los_Angeles', workingDays: [1, 2, 3, 4, 5]});

        const member = await call(p.serveHTTP, 'GET', '/api/v1/defaults', {userId: 'dev'});
        expect(member.status).toBe(200);
        expect(member.json).toMatchObject({timeZone: 'America/Los_Angeles'});
        expect(member.json).not.toHaveProperty('settingsProblems');
    });

    it('gives an admin an empty list for good settings, and follows a fix after a configuration change', async () => {
        const {api, p} = await product({DefaultTimeZone: 'Europe/Berlin', WorkingDays: 'Mon-Thu'});
        const good = await call(p.serveHTTP, 'GET', '/api/v1/defaults', {userId: 'admin'});
        expect(good.json).toMatchObject({timeZone: 'Europe/Berlin', settingsProblems: []});

        api.config = {DefaultTimeZone: 'Mars/Base'};
        await p.onConfigurationChange();
        const bad = await call(p.serveHTTP, 'GET', '/api/v1/defaults', {userId: 'admin'});
        expect((bad.json as {settingsProblems: string[]}).settingsProblems).toHaveLength(1);

        api.config = {DefaultTimeZone: 'Asia/Tokyo'};
        await p.onConfigurationChange();
        const fixed = await call(p.serveHTTP, 'GET', '/api/v1/defaults', {userId: 'admin'});
        expect(fixed.json).toMatchObject({timeZone: 'Asia/Tokyo', settingsProblems: []});
    });
});
