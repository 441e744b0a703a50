// The run routes of docs/http-api.md, each a thin call into the run service (which checks
// channel membership and every permission).
import type {PlatformUser} from '../platform';
import {renderReport} from '../report';
import {MAX_NOTES_PAGE, type UserSource} from '../runs';
import {MAX_ALL_RELEASES_PAGE} from '../runs/all-releases';
import {readValid} from './body';
import type {RouteContext} from './context';
import {PLUGIN_ID} from '../commands/autocomplete';
import {HttpError, sendJson, sendText} from './respond';
import type {Router} from './router';
import {
    assignSchema, conditionsSchema, doneSchema, dueSchema, evidenceSchema, moveSchema, noteSchema, rolesSchema, runSettingsSchema, skipSchema, sourceOnlySchema, startRunSchema,
} from './schemas';

const src = (source: string | undefined): UserSource => (source ?? 'api') as UserSource;
const MAX_REPORT_USERS = 300;
const REMIND_NOW_COOLDOWN_S = 60;
/** Events the report lists; the whole log is the `log` route's. */
export const REPORT_EVENTS = 200;

export function addRunRoutes(router: Router<RouteContext>): void {
    router
        .add('GET', 'runs', async (c) => {
            const channelId = c.query.get('channel_id');
            if (!channelId) {
                throw new HttpError(400, 'channel_id is required', 'channel_id');
            }
            const limit = intParam(c.query, 'limit', 1, 500);
            const offset = intParam(c.query, 'offset', 0, 500);
            await sendJson(c.res, 200, limit === null && offset === null
                ? await c.deps.service.listRuns(c.userId, channelId)
                : await c.deps.service.listRunsPage(c.userId, channelId, offset ?? 0, limit ?? 50));
        })
        .add('GET', 'mine', async (c) => {
            await sendJson(c.res, 200, await c.deps.service.myOpenSteps(c.userId));
        })
        .add('GET', 'all', async (c) => {
            const offset = intParam(c.query, 'offset', 0, 100000) ?? 0;
            const limit = intParam(c.query, 'limit', 1, MAX_ALL_RELEASES_PAGE) ?? undefined;
            await sendJson(c.res, 200, await c.deps.service.allReleases(c.userId, {offset, limit}));
        })
        .add('POST', 'runs/preview', async (c) => {
            const body = await readValid(c.req, startRunSchema);
            await sendJson(c.res, 200, await c.deps.service.previewRun(c.userId, body));
        })
        .add('POST', 'runs', async (c) => {
            const body = await readValid(c.req, startRunSchema);
            await sendJson(c.res, 201, await c.deps.service.startRun(c.userId, body, 'rhs'));
        })
        .add('GET', 'runs/:runId', async (c, p) => {
            await sendJson(c.res, 200, await c.deps.service.getRun(c.userId, p.runId));
        })
        .add('POST', 'runs/:runId/current', async (c, p) => {
            await readValid(c.req, sourceOnlySchema);
            await sendJson(c.res, 200, await c.deps.service.setCurrent(c.userId, p.runId));
        })
        .add('POST', 'runs/:runId/steps/:stepId/done', async (c, p) => {
            const b = await readValid(c.req, doneSchema);
            await sendJson(c.res, 200, await c.deps.service.stepAction(c.userId, p.runId, p.stepId, {verb: 'done', postId: b.postId}, src(b.source)));
        })
        .add('POST', 'runs/:runId/steps/:stepId/undo', async (c, p) => {
            const b = await readValid(c.req, sourceOnlySchema);
            await sendJson(c.res, 200, await c.deps.service.stepAction(c.userId, p.runId, p.stepId, {verb: 'undo'}, src(b.source)));
        })
        .add('POST', 'runs/:runId/steps/:stepId/skip', async (c, p) => {
            const b = await readValid(c.req, skipSchema);
            await sendJson(c.res, 200, await c.deps.service.stepAction(c.userId, p.runId, p.stepId, {verb: 'skip', reason: b.reason}, src(b.source)));
        })
        .add('POST', 'runs/:runId/steps/:stepId/assign', async (c, p) => {
            const b = await readValid(c.req, assignSchema);
            await sendJson(c.res, 200, await c.deps.service.stepAction(c.userId, p.runId, p.stepId, {verb: 'assign', userId: b.userId}, src(b.source)));
        })
        .add('POST', 'runs/:runId/steps/:stepId/due', async (c, p) => {
            const b = await readValid(c.req, dueSchema);
            await sendJson(c.res, 200, await c.deps.service.stepAction(c.userId, p.runId, p.stepId, {verb: 'due', dueAt: b.dueAt}, src(b.source)));
        })
        .add('POST', 'runs/:runId/steps/:stepId/note', async (c, p) => {
            const b = await readValid(c.req, noteSchema);
            await sendJson(c.res, 200, await c.deps.service.stepAction(c.userId, p.runId, p.stepId, {verb: 'note', text: b.text}, src(b.source)));
        })
        .add('POST', 'runs/:runId/steps/:stepId/evidence', async (c, p) => {
            const b = await readValid(c.req, evidenceSchema);
            await sendJson(c.res, 200, await c.deps.service.stepAction(c.userId, p.runId, p.stepId, {verb: 'evidence', postId: b.postId}, src(b.source)));
        })
        .add('POST', 'runs/:runId/steps/:stepId/announce', async (c, p) => {
            await readValid(c.req, sourceOnlySchema);
            const run = await c.deps.service.getRun(c.userId, p.runId);
            if (!c.deps.announce) {
                throw new HttpError(404, 'posting announcements is not available');
            }
            await sendJson(c.res, 200, (await c.deps.announce(run, p.stepId, c.userId)).run);
        })
        .add('POST', 'runs/:runId/move', async (c, p) => {
            const b = await readValid(c.req, moveSchema);
            await sendJson(c.res, 200, (await c.deps.service.moveReleaseDay(c.userId, p.runId, b.releaseDay, src(b.source))).run);
        })
        .add('POST', 'runs/:runId/roles', async (c, p) => {
            const b = await readValid(c.req, rolesSchema);
            await sendJson(c.res, 200, await c.deps.service.setRoles(c.userId, p.runId, b.roles, src(b.source)));
        })
        .add('POST', 'runs/:runId/conditions', async (c, p) => {
            const b = await readValid(c.req, conditionsSchema);
            await sendJson(c.res, 200, await c.deps.service.setConditions(c.userId, p.runId, b.conditions, src(b.source)));
        })
        .add('POST', 'runs/:runId/settings', async (c, p) => {
            const b = await readValid(c.req, runSettingsSchema);
            await sendJson(c.res, 200, await c.deps.service.setSettings(c.userId, p.runId, {channelButtons: b.channelButtons}, src(b.source)));
        })
        .add('POST', 'runs/:runId/remind', async (c, p) => {
            await readValid(c.req, sourceOnlySchema);
            const run = await c.deps.service.managedRun(c.userId, p.runId);
            if (!c.deps.remindNow) {
                throw new HttpError(404, 'reminders are not available');
            }
            if (run.status !== 'active') {
                throw new HttpError(409, `this run is ${run.status}; reminders are for active runs`);
            }
            // One manual round a minute per run (across servers): a repeated click must not DM everyone again.
            const claimed = await c.deps.api.kv.setWithOptions(`remind-now:${run.id}`, new TextEncoder().encode(c.userId), {atomic: true, oldValue: null, expireInSeconds: REMIND_NOW_COOLDOWN_S});
            if (!claimed) {
                throw new HttpError(429, `reminders for this run were sent less than ${REMIND_NOW_COOLDOWN_S} seconds ago; try again in a minute`);
            }
            await sendJson(c.res, 200, {sent: await c.deps.remindNow(run)});
        })
        .add('POST', 'runs/:runId/finish', async (c, p) => {
            const b = await readValid(c.req, sourceOnlySchema);
            await sendJson(c.res, 200, await c.deps.service.finish(c.userId, p.runId, src(b.source)));
        })
        .add('POST', 'runs/:runId/archive', async (c, p) => {
            const b = await readValid(c.req, sourceOnlySchema);
            await sendJson(c.res, 200, await c.deps.service.archive(c.userId, p.runId, src(b.source)));
        })
        .add('GET', 'runs/:runId/events', async (c, p) => {
            const before = intParam(c.query, 'before', 0, Number.MAX_SAFE_INTEGER);
            const limit = intParam(c.query, 'limit', 1, 200) ?? 50;
            await sendJson(c.res, 200, await c.deps.service.listEvents(c.userId, p.runId, before, limit));
        })
        .add('GET', 'runs/:runId/steps/:stepId/notes', async (c, p) => {
            const before = intParam(c.query, 'before', 0, Number.MAX_SAFE_INTEGER);
            const limit = intParam(c.query, 'limit', 1, MAX_NOTES_PAGE) ?? 50;
            await sendJson(c.res, 200, await c.deps.service.stepNotes(c.userId, p.runId, p.stepId, before, limit));
        })
        .add('GET', 'runs/:runId/calendar.ics', async (c, p) => {
            const mine = c.query.get('mine');
            if (mine !== null && mine !== '0' && mine !== '1') {
                throw new HttpError(400, 'mine must be 1 (your steps) or 0 (the milestones)', 'mine');
            }
            const file = await c.deps.service.calendar(c.userId, p.runId, mine === '1' ? 'mine' : 'milestones');
            await sendText(c.res, 200, 'text/calendar; charset=utf-8', file.text, file.filename);
        })
        .add('GET', 'runs/:runId/report', async (c, p) => {
            // The latest events only, with counts of the whole log: as quick for a long history as a short one.
            const {run, events, eventCount, byType} = await c.deps.service.reportSummary(c.userId, p.runId, REPORT_EVENTS);
            const users = await lookupUsers(c, [
                run.createdBy, ...Object.values(run.roles).flat(), ...events.map((e) => e.userId),
                ...run.steps.flatMap((s) => [s.assignee, s.closedBy, ...s.notes.map((n) => n.userId), ...(s.ticks ?? []).map((d) => d.userId), ...s.evidence.map((e) => e.userId)]),
            ]);
            // The template's history in the run's channel only: a report is shared beyond the caller's other channels.
            const history = await c.deps.history?.forViewer(c.userId, run.templateId, run.channelId, {onlyChannel: true});
            const siteURL = await c.deps.api.getSiteURL();
            const url = `${siteURL.replace(/\/+$/, '')}/plugins/${PLUGIN_ID}/api/v1/runs/${encodeURIComponent(run.id)}/log`;
            const markdown = renderReport(run, events, users, siteURL, undefined, {now: c.deps.now(), history, log: {total: eventCount, byType, url}});
            if (c.query.get('format') === 'md') {
                await sendText(c.res, 200, 'text/markdown; charset=utf-8', markdown, `release-${run.version}.md`);
            } else {
                await sendJson(c.res, 200, {markdown});
            }
        })
        .add('GET', 'runs/:runId/log', async (c, p) => {
            // The whole event log as NDJSON, written chunk by chunk: never held in memory at once.
            const log = await c.deps.service.eventLog(c.userId, p.runId);
            c.res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
            c.res.setHeader('Cache-Control', 'no-store');
            c.res.setHeader('X-Content-Type-Options', 'nosniff');
            c.res.setHeader('Content-Disposition', `attachment; filename="release-${log.run.version.replace(/[^A-Za-z0-9._-]/g, '_')}-log.ndjson"`);
            c.res.writeHead(200);
            await log.each((events) => c.res.write(events.map((e) => `${JSON.stringify(e)}\n`).join('')));
        });
}

function intParam(query: URLSearchParams, name: string, min: number, max: number): number | null {
    const raw = query.get(name);
    if (raw === null || raw === '') {
        return null;
    }
    const n = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
        throw new HttpError(400, `${name} must be a whole number from ${min} to ${max}`, name);
    }
    return n;
}

async function lookupUsers(c: RouteContext, ids: Array<string | undefined>): Promise<Map<string, PlatformUser>> {
    const unique = [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))].slice(0, MAX_REPORT_USERS);
    const users = new Map<string, PlatformUser>();
    for (const id of unique) {
        const user = await c.deps.api.getUser(id).catch(() => null);
        if (user) {
            users.set(id, user);
        }
    }
    return users;
}
