// The shapes stored under each key (see docs/storage.md). Every record carries
// schemaVersion; migrate.ts lifts older records to these shapes when they are read.
import type {Run, RunEvent, Template} from '../model';

export const RECORD_VERSION = 1;

/** `run:<id>`: the run and the events its latest actions produced that are not yet in a chunk. */
export interface StoredRun {
    schemaVersion: number;
    run: Run;
    /** Number of events ever appended; the next event gets this seq. */
    eventCount: number;
    /** Events committed with the run but maybe not yet copied into their chunk. */
    tail: RunEvent[];
}

/** `chan:<channelId>`: the runs of a channel, oldest first, and the one the channel shows. */
export interface ChannelIndex {
    schemaVersion: number;
    runIds: string[];
    currentRunId: string | null;
}

/** `active`: ids of runs whose status is active (reminders walk it). */
export interface ActiveIndex {
    schemaVersion: number;
    runIds: string[];
}

/** `ev:<runId>:<n>`: events with seq in [n*EVENTS_PER_CHUNK, (n+1)*EVENTS_PER_CHUNK), ascending. */
export interface EventChunk {
    schemaVersion: number;
    events: RunEvent[];
}

/** `tpl:<id>`: a template with the Markdown it was saved from. */
export interface StoredTemplate {
    schemaVersion: number;
    template: Template;
    markdown: string;
    updatedAt: string;
    updatedBy: string;
}

/** `tpls`: template ids in display order. */
export interface TemplateIndex {
    schemaVersion: number;
    ids: string[];
}

export const EVENTS_PER_CHUNK = 100;
