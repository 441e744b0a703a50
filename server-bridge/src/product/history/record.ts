// The per-template release history record, `hist:<templateId>`: the facts of the last
// finished runs that the history needs (per step: due time, when it was closed, state),
// kept apart from the run records so it survives their archiving and any change to the run
// layout, and bounded so it never grows with the number of releases.
import {z} from 'zod';

import {applies} from '../progress';
import type {Run, StepState} from '../model';
import {CorruptRecordError, FutureRecordError, MAX_VALUE_BYTES} from '../store';

export const HISTORY_VERSION = 1;
/** Finished runs kept per template; older ones drop out. */
export const HISTORY_RUNS = 20;
/** A step title is cut to this many characters in the history. */
export const HISTORY_TITLE_MAX = 160;
/** The record stays under this many bytes (oldest runs drop out first), well below the KV value bound. */
export const HISTORY_MAX_BYTES = Math.floor(MAX_VALUE_BYTES * 0.8);

export const historyKey = (templateId: string): string => `hist:${templateId}`;

const stateSchema = z.enum(['open', 'done', 'skipped']);
const offsetSchema = z.object({unit: z.enum(['working', 'calendar']), days: z.number()});

const stepSchema = z.object({
    id: z.string(),
    title: z.string(),
    phaseId: z.string(),
    role: z.string(),
    dueAt: z.string(),
    closedAt: z.string().optional(),
    state: stateSchema,
});

const runSchema = z.object({
    runId: z.string(),
    channelId: z.string(),
    version: z.string(),
    releaseDay: z.string(),
    templateName: z.string(),
    createdAt: z.string(),
    finishedAt: z.string(),
    roleNames: z.record(z.string(), z.string()),
    phases: z.array(z.object({id: z.string(), label: z.string(), title: z.string(), offset: offsetSchema})),
    steps: z.array(stepSchema),
});

const recordSchema = z.object({
    schemaVersion: z.literal(HISTORY_VERSION),
    templateId: z.string(),
    runs: z.array(runSchema),
});

export type HistoryStep = z.infer<typeof stepSchema> & {state: StepState};
export type HistoryRun = z.infer<typeof runSchema>;
export type HistoryRecord = z.infer<typeof recordSchema>;

/** What the history keeps of a finished run: only the steps that were part of the release. */
export function historyRunOf(run: Run): HistoryRun {
    return {
        runId: run.id,
        channelId: run.channelId,
        version: run.version,
        releaseDay: run.releaseDay,
        templateName: run.templateName.slice(0, HISTORY_TITLE_MAX),
        createdAt: run.createdAt,
        finishedAt: run.finishedAt ?? run.createdAt,
        roleNames: {...run.roleNames},
        phases: run.phases.map((p) => ({id: p.id, label: p.label, title: p.title.slice(0, HISTORY_TITLE_MAX), offset: p.offset})),
        steps: run.steps.filter((s) => applies(run, s)).map((s) => ({
            id: s.id, title: s.title.slice(0, HISTORY_TITLE_MAX), phaseId: s.phaseId, role: s.role, dueAt: s.dueAt,
            ...(s.closedAt ? {closedAt: s.closedAt} : {}), state: s.state,
        })),
    };
}

export function emptyHistory(templateId: string): HistoryRecord {
    return {schemaVersion: HISTORY_VERSION, templateId, runs: []};
}

/**
 * The record with `entry` added (or replacing the same run), oldest finish first, cut to the
 * newest HISTORY_RUNS runs and then to HISTORY_MAX_BYTES by dropping the oldest.
 */
export function withRun(record: HistoryRecord, entry: HistoryRun, maxRuns = HISTORY_RUNS, maxBytes = HISTORY_MAX_BYTES): HistoryRecord {
    const runs = [...record.runs.filter((r) => r.runId !== entry.runId), entry]
        .sort((a, b) => a.finishedAt.localeCompare(b.finishedAt))
        .slice(-maxRuns);
    const next = {...record, runs};
    while (next.runs.length > 1 && new TextEncoder().encode(JSON.stringify(next)).length > maxBytes) {
        next.runs = next.runs.slice(1);
    }
    return next;
}

/** Parses a stored record; a newer schema is refused (never rewritten), a bad shape is corrupt. */
export function parseHistory(key: string, value: Record<string, unknown>): HistoryRecord {
    const version = value.schemaVersion;
    if (typeof version === 'number' && version > HISTORY_VERSION) {
        throw new FutureRecordError(`record at ${key} has schemaVersion ${version}, newer than this plugin understands (${HISTORY_VERSION}); upgrade the plugin`);
    }
    const parsed = recordSchema.safeParse(value);
    if (!parsed.success) {
        throw new CorruptRecordError(`record at ${key} is not a release history: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
    }
    return parsed.data as HistoryRecord;
}
