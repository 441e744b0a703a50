import path from 'path';
import {createProduct} from './index';
import {MemoryPlatform} from './testing/memory-platform';
import {call} from './testing/http-client';
import type {Run} from './model';

const bundleRoot = path.resolve(__dirname, '../../..');

function platform(config: Record<string, unknown>): MemoryPlatform {
    return new MemoryPlatform({
        users: [{id: 'rm', username: 'rm'}, {id: 'dev', username: 'dev'}],
        channels: [{id: 'chan', members: ['rm', 'dev']}],
        config,
    });
}

describe('createProduct', () => {
    it('activates: settings, bot, /release, and serves the API with the default template seeded from the bundle', async () => {
        const api = platform({DefaultTimeZone: 'Europe/Berlin', ReleaseDayOnHoliday: 'next'});
        const product = createProduct(api, {bundleRoot, now: () => new Date('2026-03-02T12:00:00Z')});
        await product.onActivate();
        expect(api.botUserId).not.toBeNull();
        expect(api.commands.map((c) => c.trigger)).toEqual(['release']);

        const defaults = await call(product.serveHTTP, 'GET', '/api/v1/defaults', {userId: 'dev'});
        expect(defaults.json).toMatchObject({timeZone: 'Europe/Berlin', templates: [{id: expect.any(String)}]});
        const templateId = (defaults.json as {templates: Array<{id: string}>}).templates[0].id;
        const template = (await call(product.serveHTTP, 'GET', `/api/v1/templates/${templateId}`, {userId: 'dev'})).json as {conditions: Array<{id: string}>};
        const conditions = Object.fromEntries(template.conditions.map((c) => [c.id, false]));
        const created = await call(product.serveHTTP, 'POST', '/api/v1/runs', {userId: 'rm', body: {
            channelId: 'chan', templateId, version: '2.0.1', releaseDay: '2026-03-14', timeZone: 'Europe/Berlin',
            roles: {'release-manager': ['rm']}, conditions, issues: [],
        }});
        expect(created.status).toBe(201);
        // Saturday moves to Monday under the "next" policy read from the settings.
        expect((created.json as Run).releaseDay).toBe('2026-03-16');
        expect(api.published.map((p) => p.event)).toContain('run_created');

        const status = await product.executeCommand({command: '/release status', userId: 'dev', channelId: 'chan', teamId: 'team1'});
        expect(status.text).toContain('2.0.1');
        await product.onDeactivate();
    });

    it('logs bad settings clearly, keeps the good ones and uses defaults for the rest', async () => {
        const api = platform({DefaultTimeZone: 'Nowhere/Land', WorkingDays: 'Sun-Thu', ReminderHour: 99, DefaultRoleAssignments: '{nope'});
        const product = createProduct(api, {bundleRoot});
        await product.onConfigurationChange();
        const errors = api.logs.filter((l) => l.level === 'error').map((l) => l.message);
        expect(errors).toEqual([
            expect.stringContaining('DefaultTimeZone'),
            expect.stringContaining('ReminderHour'),
            expect.stringContaining('DefaultRoleAssignments'),
        ]);
        const defaults = await call(product.serveHTTP, 'GET', '/api/v1/defaults', {userId: 'dev'});
        expect(defaults.json).toMatchObject({timeZone: 'America/Los_Angeles', workingDays: [1, 2, 3, 4, 7], roles: {}});
    });
});

describe('createProduct serveHTTP', () => {
    it('answers odd request URLs (including the autocomplete routes) with 4xx, never 5xx, and logs no error', async () => {
        const api = platform({});
        const product = createProduct(api, {bundleRoot});
        await product.onActivate();
        const urls = ['//[', 'http://[', '/\\[x', '//a:b@/x', '/api/v1/autocomplete/steps?channel_id=%', '/api/v1/autocomplete/steps?channel_id=chan&parsed=%E0',
            '/api/v1/autocomplete/roles?channel_id=' + 'x'.repeat(5000), '/api/v1/autocomplete/steps/../roles'];
        for (const url of urls) {
            for (const method of ['GET', 'POST']) {
                const r = await call(product.serveHTTP, method, url, {userId: 'dev'});
                expect([method, url, r.status < 500]).toEqual([method, url, true]);
            }
            expect((await call(product.serveHTTP, 'GET', url, {})).status).toBe(401);
        }
        expect(api.logs.filter((l) => l.level === 'error')).toEqual([]);
        await product.onDeactivate();
    });
});
