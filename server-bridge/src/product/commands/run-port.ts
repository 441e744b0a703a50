// What /release needs from the run service. Every call carries the caller's user id, and the
// run service does the permission checks, writes, websocket and audit events; the command
// layer only parses, resolves names and words the replies. The adapter over the real service
// is run-service-adapter.ts.
import type {Run, RunEvent, Template, EventType} from '../model';
import type {StartRunInput} from '../runs/inputs';
import type {MyRun} from '../runs/my-steps';
import type {AllReleases} from '../runs/all-releases';

export interface RunDefaults {
    timeZone: string;
    /** ISO weekdays (1 = Monday) and holiday dates of the settings, for suggesting a release day. */
    workingDays: number[];
    holidays: string[];
    roles: Record<string, string[]>;
    templates: {id: string; name: string}[];
}

export interface RunListItem {
    id: string;
    version: string;
    releaseDay: string;
    status: Run['status'];
    progress: {done: number; skipped: number; total: number};
}

export interface CommandRuns {
    /** The caller's open steps across the active runs of their channels. */
    mine(userId: string): Promise<{runs: MyRun[]}>;
    /** The first page of every active release of the caller's channels. */
    all(userId: string): Promise<AllReleases>;
    listChannel(userId: string, channelId: string): Promise<{runs: RunListItem[]; currentRunId: string | null}>;
    getRun(userId: string, runId: string): Promise<Run>;
    defaults(userId: string): Promise<RunDefaults>;
    getTemplate(userId: string, templateId: string): Promise<Template>;
    start(userId: string, input: StartRunInput): Promise<Run>;
    markDone(userId: string, runId: string, stepId: string, postId?: string): Promise<Run>;
    skip(userId: string, runId: string, stepId: string, reason: string): Promise<Run>;
    setRoles(userId: string, runId: string, roles: Record<string, string[]>): Promise<Run>;
    move(userId: string, runId: string, releaseDay: string): Promise<{run: Run; warnings: string[]}>;
    finish(userId: string, runId: string): Promise<Run>;
    /**
     * The run and the events its report lists; with `eventCount` and `byType` when those are
     * only the latest of a longer log (the report then counts the rest and links the download).
     */
    reportData(userId: string, runId: string): Promise<{run: Run; events: RunEvent[]; eventCount?: number; byType?: Partial<Record<EventType, number>>}>;
}
