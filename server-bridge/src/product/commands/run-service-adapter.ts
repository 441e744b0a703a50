// /release over the real run service: every action with source 'slash-command', so the event
// log says where it came from, and the same checks as the RHS apply.
import type {RunService} from '../runs/service';
import type {CommandRuns} from './run-port';

const SOURCE = 'slash-command' as const;
/** Events the posted report lists; the whole log is the log download's. */
const REPORT_EVENTS = 200;

export function commandRunsFromService(service: RunService): CommandRuns {
    return {
        listChannel: (userId, channelId) => service.listRuns(userId, channelId),
        mine: (userId) => service.myOpenSteps(userId),
        all: (userId) => service.allReleases(userId),
        getRun: (userId, runId) => service.getRun(userId, runId),
        defaults: async () => {
            const d = await service.defaults();
            return {timeZone: d.timeZone, workingDays: d.workingDays, holidays: d.holidays, roles: d.roles, templates: d.templates.map((t) => ({id: t.id, name: t.name}))};
        },
        getTemplate: (_userId, templateId) => service.getTemplate(templateId),
        start: (userId, input) => service.startRun(userId, input, SOURCE),
        markDone: (userId, runId, stepId, postId) => service.markDone(userId, runId, stepId, {postId, source: SOURCE}),
        skip: (userId, runId, stepId, reason) => service.skip(userId, runId, stepId, reason, SOURCE),
        setRoles: (userId, runId, roles) => service.setRoles(userId, runId, roles, SOURCE),
        move: (userId, runId, releaseDay) => service.moveReleaseDay(userId, runId, releaseDay, SOURCE),
        finish: (userId, runId) => service.finish(userId, runId, SOURCE),
        reportData: (userId, runId) => service.reportSummary(userId, runId, REPORT_EVENTS),
    };
}
