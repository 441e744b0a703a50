// Hostile keys in the request bodies that carry a map: every name Object.prototype answers
// to (`constructor`, `toString`, `__proto__`, ...) as a role, a condition or a dialog field.
// Unknown roles and conditions get a 400 naming them (never a 500, never silently dropped),
// and nothing reaches Object.prototype. Template ids that happen to be such names
// (`constructor` is a valid slug) work like any other.
import {createHttpHandler} from './handler';
import type {HttpHandler} from '../http-types';
import type {Run} from '../model';
import {encodeState} from '../dialogs/start-form';
import {parseTemplate} from '../template';
import {call} from '../testing/http-client';
import {ADMIN, CHANNEL, DEV, QA, RM, makeHarness, startInput, type Harness} from '../testing/service-harness';

/** Every member of Object.prototype, and `prototype` for good measure. */
export const PROTOTYPE_KEYS = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];

const USERS = [DEV, RM, ADMIN];

interface Case {
    route: string;
    path: (runId: string) => string;
    body: (key: string, runId: string) => unknown;
    /** The answer expected for a key the template does not know. */
    expect: (key: string) => {status: number; json?: unknown};
}

const unknownRole = (key: string) => ({
    status: 400,
    json: {error: expect.stringContaining(`unknown role '${key}'`), field: `roles.${key}`},
});
const unknownCondition = (key: string) => ({
    status: 400,
    json: {error: `unknown condition '${key}'`, field: `conditions.${key}`},
});

const CASES: Case[] = [
    ...(['/api/v1/runs/preview', '/api/v1/runs'] as const).flatMap((route): Case[] => [
        {route: `POST ${route} roles`, path: () => route, body: (k) => ({...startInput(), roles: {...startInput().roles, [k]: [DEV]}}), expect: unknownRole},
        {route: `POST ${route} roles (no users)`, path: () => route, body: (k) => ({...startInput(), roles: {[k]: []}}), expect: unknownRole},
        {route: `POST ${route} conditions`, path: () => route, body: (k) => ({...startInput(), conditions: {'regular-release': false, [k]: true}}), expect: unknownCondition},
    ]),
    {route: 'POST /api/v1/runs/:runId/roles', path: (id) => `/api/v1/runs/${id}/roles`, body: (k) => ({roles: {[k]: [DEV]}}), expect: unknownRole},
    {route: 'POST /api/v1/runs/:runId/roles (no users)', path: (id) => `/api/v1/runs/${id}/roles`, body: (k) => ({roles: {[k]: []}}), expect: unknownRole},
    {
        route: 'POST /api/v1/runs/:runId/conditions', path: (id) => `/api/v1/runs/${id}/conditions`, body: (k) => ({conditions: {[k]: true}}),
        expect: (key) => ({status: 400, json: {error: `unknown condition '${key}'; this run's conditions are regular-release`, field: `conditions.${key}`}}),
    },
    {route: 'POST /api/v1/runs/:runId/roles (with a known role)', path: (id) => `/api/v1/runs/${id}/roles`, body: (k) => ({roles: {dev: [QA], [k]: [RM]}}), expect: unknownRole},
    {
        // Mattermost's dialog protocol answers 200; an unknown field is ignored.
        route: 'POST /api/v1/dialogs/start submission',
        path: () => '/api/v1/dialogs/start',
        body: (k) => ({
            type: 'dialog_submission', callback_id: 'release-start', state: encodeState({channelId: CHANNEL, templateId: 'security-release'}),
            channel_id: CHANNEL, submission: {[k]: 'x', template: 'security-release', version: '2.0.0', release_day: '2026-03-13', time_zone: 'UTC', 'condition_regular-release': false},
        }),
        expect: () => ({status: 200}),
    },
];

describe('prototype-named keys in request maps', () => {
    let h: Harness;
    let handler: HttpHandler;
    let run: Run;
    beforeEach(async () => {
        h = makeHarness();
        handler = createHttpHandler({api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now});
        run = (await call(handler, 'POST', '/api/v1/runs', {userId: RM, body: startInput()})).json as Run;
    });

    it(`are refused with 400 naming them on every route that takes a map (${PROTOTYPE_KEYS.length} keys)`, async () => {
        let requests = 0;
        const wrong: string[] = [];
        for (const c of CASES) {
            for (const key of PROTOTYPE_KEYS) {
                for (const user of USERS) {
                    const body = c.body(key, run.id);
                    // The key must really be in the JSON sent: JSON.stringify keeps an own `__proto__`.
                    expect(JSON.stringify(body)).toContain(`"${key}"`);
                    const r = await call(handler, 'POST', c.path(run.id), {userId: user, body});
                    requests++;
                    const want = c.expect(key);
                    const got = {status: r.status, ...(want.json ? {json: r.json} : {})};
                    if (!this_equals(got, want)) {
                        wrong.push(`${c.route} ${key} as ${user}: ${r.status} ${r.text.slice(0, 200)}`);
                    }
                }
            }
        }
        expect(wrong).toEqual([]);
        expect(requests).toBe(CASES.length * PROTOTYPE_KEYS.length * USERS.length);
        expect(h.platform.logs.filter((l) => l.level === 'error')).toEqual([]);
        // Nothing was added to, or replaced on, Object.prototype.
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS.filter((k) => k !== 'prototype').sort());
        expect(({} as Record<string, unknown>).x).toBeUndefined();
        // The run's roles are as they were: no refused change was stored.
        expect(((await call(handler, 'GET', `/api/v1/runs/${run.id}`, {userId: DEV})).json as Run).roles).toEqual(run.roles);
    });

    it('a template role or condition named like a prototype member works as any other', async () => {
        const markdown = [
            '# Odd names {#odd}', '', 'Roles: Release Manager, Constructor, To String', '',
            'Conditions:', '- constructor: Is this a constructor release?', '',
            '## Ship (T-0)', '', '### Constructor', '', '- Build it {#build-it} {if: constructor}', '',
            '### To String', '', '- Print it {#print-it}',
        ].join('\n');
        expect(parseTemplate(markdown).errors).toEqual([]);
        expect((await call(handler, 'PUT', '/api/v1/templates/odd', {userId: ADMIN, body: {markdown}})).status).toBe(200);
        // Started without naming the odd roles, and with them.
        const bare = await call(handler, 'POST', '/api/v1/runs', {userId: RM, body: {...startInput({templateId: 'odd', version: '3.0.0', roles: {}, conditions: {constructor: true}})}});
        expect(bare.status).toBe(201);
        expect((bare.json as Run).roles).toEqual({'release-manager': [], constructor: [], 'to-string': []});
        const odd = (bare.json as Run).id;
        const assigned = await call(handler, 'POST', `/api/v1/runs/${odd}/roles`, {userId: RM, body: {roles: {constructor: [DEV], 'to-string': [QA]}}});
        expect(assigned.status).toBe(200);
        expect((assigned.json as Run).roles).toEqual({'release-manager': [], constructor: [DEV], 'to-string': [QA]});
        const report = await call(handler, 'GET', `/api/v1/runs/${odd}/report`, {userId: DEV});
        expect(report.status).toBe(200);
    });
});

/** Deep equality with jest's asymmetric matchers, as a boolean (to collect every miss). */
function this_equals(got: unknown, want: unknown): boolean {
    try {
        expect(got).toEqual(want);
        return true;
    } catch {
        return false;
    }
}
