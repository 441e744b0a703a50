// The release history a viewer may see: the finished runs of a template recorded in
// `hist:<templateId>` whose channel the viewer is a member of, plus (when a channel is named,
// and the viewer is in it) that channel's finished runs of the template, which also covers
// runs finished before the history was kept.
import type {Logger, PlatformApi} from '../platform';
import type {RunEvent} from '../model';
import {ActionError, type ChangedRun, type RunService} from '../runs';
import {CorruptRecordError, isTemplateId} from '../store';

import {HISTORY_RUNS, historyRunOf, type HistoryRun} from './record';
import type {HistoryStore} from './store';
import {summarizeHistory, type HistorySummary} from './summarize';

export interface HistoryServiceDeps {
    api: Pick<PlatformApi, 'isChannelMember'> & {log: Logger};
    store: HistoryStore;
    runs: Pick<RunService, 'listRuns' | 'getRun' | 'getTemplate'>;
}

export class HistoryService {
    constructor(private readonly deps: HistoryServiceDeps) {}

    /**
     * Refused (400) for a malformed template id, (403) for a named channel the viewer is not in.
     * `onlyChannel` keeps to the named channel's runs (the run report, which is shared beyond
     * the viewer's other channels).
     */
    async forViewer(userId: string, templateId: string, channelId?: string, options: {onlyChannel?: boolean} = {}): Promise<HistorySummary> {
        if (!isTemplateId(templateId)) {
            throw new ActionError('invalid', 'template_id must be 1-64 characters of a-z, 0-9 and -', 'template_id');
        }
        const recorded = await this.recorded(templateId);
        const byId = new Map<string, HistoryRun>();
        if (channelId !== undefined) {
            for (const run of await this.unrecorded(userId, channelId, templateId, new Set(recorded.map((r) => r.runId)))) {
                byId.set(run.runId, run);
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
        for (const run of recorded) {
            if (options.onlyChannel && run.channelId !== channelId) {
                continue;
            }
            if (!byId.has(run.runId) && (await isMember(run.channelId))) {
                byId.set(run.runId, run);
            }
        }
        const runs = [...byId.values()].sort((a, b) => a.finishedAt.localeCompare(b.finishedAt)).slice(-HISTORY_RUNS);
        return summarizeHistory(templateId, await this.templateName(templateId, runs), runs);
    }

    /**
     * The channel's finished runs of the template that the record lacks (finished before it was
     * kept): found from the channel's run summaries, and only the latest few read whole.
     */
    private async unrecorded(userId: string, channelId: string, templateId: string, known: Set<string>): Promise<HistoryRun[]> {
        const {runs: summaries} = await this.deps.runs.listRuns(userId, channelId);
        // Summaries do not name the template: read at most the newest twice the kept number.
        const candidates = summaries.filter((s) => s.status === 'finished' && !known.has(s.id)).slice(-2 * HISTORY_RUNS);
        const out: HistoryRun[] = [];
        for (const summary of candidates) {
            const run = await this.deps.runs.getRun(userId, summary.id);
            if (run.templateId === templateId && run.status === 'finished') {
                out.push(historyRunOf(run));
            }
        }
        return out;
    }

    /** Told of every stored run change: a finish is written to the template's history (best effort, logged). */
    async onRunEvents(change: ChangedRun, events: RunEvent[]): Promise<void> {
        if (!events.some((e) => e.type === 'run-finished')) {
            return;
        }
        try {
            const run = await change.run();
            if (run.status !== 'finished') {
                return;
            }
            await this.deps.store.record(run);
        } catch (err) {
            this.deps.api.log.error('could not add the finished run to its template\'s release history', {runId: change.runId, error: String(err)});
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
