// Everyone given a role in a run must be a member of the run's channel, whatever the path:
// preview, start, role changes and step reassignment share one check.
import {createHttpHandler} from '../http/handler';
import {call} from '../testing/http-client';
import {CHANNEL, DEV, OUTSIDER, QA, RM, makeHarness, startInput} from '../testing/service-harness';
import {ActionError} from './errors';

async function refusal(p: Promise<unknown>): Promise<ActionError> {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    return err as ActionError;
}

describe('role assignees', () => {
    it('refuses a non-member in roles when previewing or starting, naming the user, the role and the field', async () => {
        const h = makeHarness();
        const input = startInput({roles: {'release-manager': [RM], qa: [QA, OUTSIDER]}});
        for (const attempt of [() => h.service.previewRun(RM, input), () => h.service.startRun(RM, input, 'rhs')]) {
            const err = await refusal(attempt());
            expect(err.kind).toBe('invalid');
            expect(err.field).toBe('roles.qa.1');
            expect(err.message).toMatch(/@outsider is not a member of the run's channel.*QA role/);
        }
        expect((await h.service.listRuns(RM, CHANNEL)).runs).toEqual([]);
    });

    it('answers 400 with the field over HTTP for preview and start, and stores nothing', async () => {
        const h = makeHarness();
        const handler = createHttpHandler({api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now, announce: async (r) => ({run: r})});
        const body = startInput({roles: {'release-manager': [RM], dev: [OUTSIDER]}});
        for (const path of ['/api/v1/runs/preview', '/api/v1/runs']) {
            const r = await call(handler, 'POST', path, {userId: RM, body});
            expect(r.status).toBe(400);
            expect(r.json).toMatchObject({field: 'roles.dev.0', error: expect.stringMatching(/@outsider is not a member/)});
        }
        expect((await h.service.listRuns(RM, CHANNEL)).runs).toEqual([]);
    });

    it('refuses giving a role to a non-member and changes nothing; a step reassignment uses the same check', async () => {
        const h = makeHarness();
        const run = await h.service.startRun(RM, startInput(), 'rhs');
        const err = await refusal(h.service.setRoles(RM, run.id, {qa: [QA, OUTSIDER]}, 'rhs'));
        expect(err.field).toBe('roles.qa.1');
        expect(err.message).toMatch(/@outsider is not a member/);
        expect((await h.service.getRun(RM, run.id)).roles.qa).toEqual([QA]);
        const step = await refusal(h.service.assign(DEV, run.id, 'cut-rc', OUTSIDER, 'rhs'));
        expect(step.field).toBe('userId');
        expect(step.message).toMatch(/@outsider is not a member of the run's channel/);
    });

    it('keeps a role holder who has since left the channel when another role changes', async () => {
        const h = makeHarness();
        const run = await h.service.startRun(RM, startInput(), 'rhs');
        h.platform.members.get(CHANNEL)!.delete(DEV);
        const updated = await h.service.setRoles(RM, run.id, {...run.roles, qa: [QA, RM]}, 'rhs');
        expect(updated.roles.qa).toEqual([QA, RM]);
        expect(updated.roles.dev).toEqual([DEV]);
    });
});
