// What is stored is bounded, and going over a bound is the caller's 4xx with the figures,
// never a 500: a template of 30,000 one-word steps fits the 256 KiB Markdown limit but not a
// KV value; a template of quotes doubles when stored as JSON.
import {createHttpHandler} from './handler';
import type {HttpHandler} from '../http-types';
import type {Template} from '../model';
import {MAX_VALUE_BYTES} from '../store';
import {chunkOfStep} from '../store/step-chunks';
import {parseTemplate} from '../template';
import {MAX_STEPS, MAX_TEMPLATE_BYTES} from '../template/limits';
import {call} from '../testing/http-client';
import {ADMIN, RM, makeHarness, startInput, type Harness} from '../testing/service-harness';

function templateWith(steps: number, description = ''): string {
    const lines = ['# Big {#big}', '', 'Roles: Release Manager, Dev', '', '## Ship (T-0)', '', '### Dev', ''];
    for (let i = 0; i < steps; i++) {
        lines.push(`- s${i}`);
        if (description) {
            lines.push(`  ${description}`);
        }
    }
    return `${lines.join('\n')}\n`;
}

describe('oversized templates and runs', () => {
    let h: Harness;
    let handler: HttpHandler;
    beforeEach(() => {
        h = makeHarness();
        handler = createHttpHandler({api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now});
    });
    afterEach(() => {
        expect(h.platform.logs.filter((l) => l.level === 'error')).toEqual([]);
    });

    it('refuses a template of 30,000 steps within the Markdown limit with 400 and the step figures', async () => {
        const markdown = templateWith(30_000);
        expect(Buffer.byteLength(markdown)).toBeLessThan(MAX_TEMPLATE_BYTES);
        const r = await call(handler, 'PUT', '/api/v1/templates/big', {userId: ADMIN, body: {markdown}});
        expect(r.status).toBe(400);
        expect(r.json).toMatchObject({field: 'markdown', errors: [{line: 8 + MAX_STEPS + 1, message: `the template has 30000 steps (sub-steps included); the limit is ${MAX_STEPS}, reached before this line`}]});
        // The console's live preview says the same before saving.
        const parsed = await call(handler, 'POST', '/api/v1/templates/parse', {userId: ADMIN, body: {markdown}});
        expect(parsed.json).toMatchObject({template: null, errors: [{message: expect.stringContaining('30000 steps')}]});
        expect(await h.platform.kv.get('tpl:big')).toBeNull();
    });

    it(`keeps a template of exactly ${MAX_STEPS} steps, and a run of it can start`, async () => {
        const markdown = templateWith(MAX_STEPS);
        expect(parseTemplate(markdown).errors).toEqual([]);
        expect((await call(handler, 'PUT', '/api/v1/templates/big', {userId: ADMIN, body: {markdown}})).status).toBe(200);
        const started = await call(handler, 'POST', '/api/v1/runs', {userId: RM, body: startInput({templateId: 'big', roles: {}, conditions: {}})});
        expect(started.status).toBe(201);
    });

    it('refuses a template whose stored record would be too large with 413 and the byte figures', async () => {
        // 120 steps of 2000-character descriptions of quotes: under 256 KiB as Markdown, twice
        // that as JSON, and the record holds the Markdown and the parsed template.
        const markdown = templateWith(120, '"'.repeat(1990));
        expect(Buffer.byteLength(markdown)).toBeLessThan(MAX_TEMPLATE_BYTES);
        expect(parseTemplate(markdown).errors).toEqual([]);
        const r = await call(handler, 'PUT', '/api/v1/templates/big', {userId: ADMIN, body: {markdown}});
        expect(r.status).toBe(413);
        expect(r.json).toEqual({
            error: expect.stringMatching(new RegExp(`^template big would take \\d+ bytes, over the storage limit of ${MAX_VALUE_BYTES} bytes; shorten`)),
            field: 'markdown',
        });
        expect(await h.platform.kv.get('tpl:big')).toBeNull();
    });

    it('refuses to start a run whose record would be too large with 413 and the byte figures', async () => {
        // A template made in code (no parser bounds), as an older plugin version might have stored it.
        // A run's steps are stored in chunks (about 32 steps each, by a hash of the step id): 33
        // steps whose ids all hash to the same chunk, with descriptions that just fit in the
        // template record, make that chunk too large once every step carries its schedule.
        const huge: Template = structuredClone((await h.templates.get('security-release'))!.template);
        const step = huge.phases[0].steps[0];
        const ids = Array.from({length: 2000}, (_, i) => `s${i}`).filter((id) => chunkOfStep(id, 2) === 0).slice(0, 33);
        const length = Math.floor((MAX_VALUE_BYTES - 4000) / ids.length);
        huge.phases[0].steps = ids.map((id) => ({...step, id, title: id, description: 'x'.repeat(length), substeps: []}));
        const big = makeHarness({template: huge});
        const bigHandler = createHttpHandler({api: big.platform, service: big.service, templates: big.templates, now: () => big.clock.now});
        const r = await call(bigHandler, 'POST', '/api/v1/runs', {userId: RM, body: startInput()});
        expect(r.status).toBe(413);
        expect(r.json).toEqual({error: expect.stringMatching(new RegExp(`^run \\w+ would take \\d+ bytes, over the storage limit of ${MAX_VALUE_BYTES} bytes`))});
    });
});
