// The release history a viewer may see: the finished runs of a template recorded in
// `hist:<templateId>` whose channel the viewer is a member of, plus (when a channel is named,
// and the viewer is in it) that channel's finished runs of the template, which also covers
// runs finished before the history was kept.
import type {Logger, PlatformApi} from '../platform';
import type {Run, RunEvent} from '../model';
import {ActionError, type RunService} from '../runs';
import {CorruptRecordError, isTemplateId} from '../store';

import {HISTORY_RUNS, historyRunOf, type HistoryRun} from './record';
import type {HistoryStore} from './store';
import {summarizeHistory, type HistorySummary} from './summarize';

export interface HistoryServiceDeps {
    api: Pick<PlatformApi, 'isChannelMember'> & {log: Logger};
    store: HistoryStore;
    runs: Pick<RunService, 'channelRuns' | 'getTemplate'>;
}

export class HistoryService {
    constructor(private readonly deps: HistoryServiceDeps) {}

    /** Refused (400) for a malformed template id, (403) for a named channel the viewer is not in. */
    async forViewer(userId: string, templateId: string, channelId?: string): Promise<HistorySummary> {
        if (!isTemplateId(templateId)) {
            throw new ActionError('invalid', 'template_id must be 1-64 characters of a-z, 0-9 and -', 'template_id');
        }
        const byId = new Map<string, HistoryRun>();
        if (channelId !== undefined) {
            const {runs} = await this.deps.runs.channelRuns(userId, channelId);
            for (const run of runs) {
                if (run.templateId === templateId && run.status === 'finished') {
                    byId.set(run.id, historyRunOf(run));
                }
            }
        }
        const member = new Map<string, Promise<boolean>>();
        const isMember = (channel: string): Promise<boolean> => {
            let known = member.get(channel);
            if (!known) {
                known = this.deps.api.isChannelMember(channel, userId).catch(() => false);
                member.set(channel, known);
            }
            return known;
        };
        for (const run of await this.recorded(templateId)) {
            // The run's own record (just read) is fresher than the history's copy.
            if (!byId.has(run.runId) && (await isMember(run.channelId))) {
                byId.set(run.runId, run);
            }
        }
        const runs = [...byId.values()].sort((a, b) => a.finishedAt.localeCompare(b.finishedAt)).slice(-HISTORY_RUNS);
        return summarizeHistory(templateId, await this.templateName(templateId, runs), runs);
    }

    /** Told of every stored run change: a finish is written to the template's history (best effort, logged). */
    async onRunEvents(run: Run, events: RunEvent[]): Promise<void> {
        if (!events.some((e) => e.type === 'run-finished') || run.status !== 'finished') {
            return;
        }
        try {
            await this.deps.store.record(run);
        } catch (err) {
            this.deps.api.log.error('could not add the finished run to its template\'s release history', {runId: run.id, error: String(err)});
        }
    }

    private async recorded(templateId: string): Promise<HistoryRun[]> {
        try {
            return await this.deps.store.read(templateId);
        } catch (err) {
            if (err instanceof CorruptRecordError) {
                // Left as it is for an admin to look at; the channel's own runs still answer.
                this.deps.api.log.error('the release history record cannot be read', {templateId, error: err.message});
                return [];
            }
            throw err;
        }
    }

    private async templateName(templateId: string, runs: HistoryRun[]): Promise<string> {
        const newest = runs[runs.length - 1];
        if (newest) {
            return newest.templateName;
        }
        try {
            return (await this.deps.runs.getTemplate(templateId)).name;
        } catch {
            return templateId;
        }
    }
}
