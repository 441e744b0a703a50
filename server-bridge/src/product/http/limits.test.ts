// The HTTP schemas and the run service refuse at the same sizes with the same message.
import {BOUNDS} from '../runs';
import {call} from '../testing/http-client';
import {RM, makeHarness, startInput} from '../testing/service-harness';
import {createHttpHandler} from './handler';

function setup() {
    const h = makeHarness();
    const handler = createHttpHandler({api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now, announce: async (r) => ({run: r})});
    return {h, handler};
}

describe('size limits', () => {
    it('refuses a note or a skip reason one character over the limit with one message, over HTTP and in the service', async () => {
        const {h, handler} = setup();
        const run = await h.service.startRun(RM, startInput(), 'rhs');
        const base = `/api/v1/runs/${run.id}/steps/cut-rc`;
        for (const [path, key, what, max] of [['note', 'text', 'note', BOUNDS.note], ['skip', 'reason', 'reason', BOUNDS.skipReason]] as const) {
            const over = await call(handler, 'POST', `${base}/${path}`, {userId: RM, body: {[key]: 'x'.repeat(max + 1)}});
            expect(over.status).toBe(400);
            expect(over.json).toEqual({error: `${what}: at most ${max} characters`, field: key});
            const service = path === 'note'
                ? h.service.addNote(RM, run.id, 'cut-rc', 'x'.repeat(max + 1), 'rhs')
                : h.service.skip(RM, run.id, 'cut-rc', 'x'.repeat(max + 1), 'rhs');
            await expect(service).rejects.toMatchObject({message: `${what}: at most ${max} characters`, field: key});
        }
        expect((await h.service.getRun(RM, run.id)).steps.find((s) => s.id === 'cut-rc')).toMatchObject({state: 'open', notes: []});
        const ok = await call(handler, 'POST', `${base}/note`, {userId: RM, body: {text: 'x'.repeat(BOUNDS.note)}});
        expect(ok.status).toBe(200);
    });

    it('words the start form limits as the service does', async () => {
        const {handler} = setup();
        const cases: Array<[Record<string, unknown>, string, string]> = [
            [{version: '1.1.1-' + 'a'.repeat(BOUNDS.versionLength)}, 'version', `version: at most ${BOUNDS.versionLength} characters`],
            [{issues: Array.from({length: BOUNDS.issues + 1}, (_, i) => `https://example.com/${i}`)}, 'issues', `issues: at most ${BOUNDS.issues} issue links`],
            [{issues: ['https://example.com/' + 'a'.repeat(BOUNDS.issueLength)]}, 'issues.0', `issue link: at most ${BOUNDS.issueLength} characters`],
        ];
        for (const [extra, field, error] of cases) {
            const r = await call(handler, 'POST', '/api/v1/runs/preview', {userId: RM, body: startInput(extra)});
            expect(r.status).toBe(400);
            expect(r.json).toEqual({error, field});
        }
    });
});
