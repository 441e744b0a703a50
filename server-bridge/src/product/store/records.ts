// The shapes stored under each key (see docs/storage.md). Every record carries
// schemaVersion; migrate.ts lifts older records to these shapes when they are read.
import type {EventType, NumberedNote, Run, RunEvent, RunStep, Template} from '../model';
import type {Progress} from '../progress';

/** Version of the index, event chunk and template records. */
export const RECORD_VERSION = 1;
/**
 * Version of the run records: 2 split the run into a head and step chunks, 3 moved notes beyond
 * a step's latest few into note chunks and daily ticks into `ticks` (docs/storage.md).
 */
export const RUN_RECORD_VERSION = 3;

/** A run without its steps: what every action reads. */
export type RunMeta = Omit<Run, 'steps'>;

/**
 * A run as the repository hands it out: the whole run, its event count and the events of
 * its latest actions that may not be in their chunk yet. `run:<id>` of schemaVersion 1 held
 * exactly this; version 2 stores it as a RunHead plus step chunks.
 */
export interface StoredRun {
    schemaVersion: number;
    run: Run;
    /** Number of events ever appended; the next event gets this seq. */
    eventCount: number;
    /** Events committed with the run but maybe not yet copied into their chunk. */
    tail: RunEvent[];
    /** Events by type over the whole log, when the head counts them (runs created since version 2). */
    eventTypes?: Partial<Record<EventType, number>> | null;
    /** Events per event chunk of this run (absent: LEGACY_EVENTS_PER_CHUNK). */
    eventsPerChunk?: number;
}

/**
 * `run:<id>` (version 2): the commit point of every action. Small and bounded whatever the
 * number of steps, notes or events: the run's metadata, which step chunk generation is
 * current, the progress counts, counts of events by type, and the events not yet known to
 * be in their chunk.
 */
export interface RunHead {
    schemaVersion: number;
    run: RunMeta;
    /** Steps in the run (positions 0..count-1). */
    stepCount: number;
    /** Per step chunk, the generation whose key `st:<runId>:<i>:<gen>` holds it. */
    chunks: string[];
    progress: Progress;
    eventCount: number;
    /** Events per event chunk: EVENTS_PER_CHUNK for runs created with this layout, LEGACY_EVENTS_PER_CHUNK for older ones. */
    eventsPerChunk: number;
    /** Events by type over the whole log (for the report); null for a run migrated from version 1 until counted. */
    eventTypes: Partial<Record<EventType, number>> | null;
    tail: RunEvent[];
    /**
     * Steps changed since their chunk was written, whole, as they are now: a step action
     * commits its step here (one small compare-and-set); when these grow past a bound, the
     * change that crosses it writes them into new chunk generations and empties the list.
     */
    pending: RunStep[];
}

/**
 * `st:<runId>:<i>:<gen>`: the steps whose id hashes to chunk i, with their positions in the
 * run. Written once under a fresh generation and never changed: a change writes a new
 * generation and the head's compare-and-set makes it current.
 */
export interface StepChunk {
    schemaVersion: number;
    positions: number[];
    steps: RunStep[];
}

/** `nt:<runId>:<stepKey>:<n>`: notes of one step with seq in [n*25, n*25+25), ascending (note-log.ts). */
export interface NoteChunk {
    schemaVersion: number;
    stepId: string;
    notes: NumberedNote[];
}

/** Steps per chunk when a run is created (the chunk count is fixed for the run's life). */
export const STEPS_PER_CHUNK = 32;

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

/** `ev:<runId>:<n>`: events with seq in [n*size, (n+1)*size), ascending; size is the run's eventsPerChunk. */
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

/** Events per chunk of runs created since schemaVersion 2 (an append rewrites one chunk: keep it small). */
export const EVENTS_PER_CHUNK = 25;
/** Events per chunk of runs stored before: their chunks keep that size. */
export const LEGACY_EVENTS_PER_CHUNK = 100;
