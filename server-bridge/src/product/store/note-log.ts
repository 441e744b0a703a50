// A step's notes beyond its latest few, in records of their own: `nt:<runId>:<stepKey>:<n>`
// holds the step's notes with seq [n*NOTES_PER_CHUNK, (n+1)*NOTES_PER_CHUNK). A note is
// committed inside its step by the run head's compare-and-set, like any step change. When a
// step would carry more than RECENT_NOTES_MAX notes, the change first copies its oldest ones
// into their chunks (a compare-and-set per chunk that inserts only the seqs not there yet, so
// any writer may repeat it) and then commits the step without them. A note therefore leaves
// its step only once its chunk holds it, nothing is ever deleted from a chunk, and the notes
// of a run or a step are bounded by no record: a chunk holds 25, and a step has any number.
import {createHash} from 'node:crypto';
import type {KVStore} from '../platform';
import type {NotePage, NumberedNote, RunStep} from '../model';
import {casUpdate} from './cas';
import {CorruptRecordError, decodeRecord, encodeRecord} from './codec';
import {KEY} from './keys';
import {FutureRecordError} from './migrate';
import {RECORD_VERSION, type NoteChunk} from './records';

export const NOTES_PER_CHUNK = 25;

export type {NotePage};
/** A step carries at most this many of its latest notes... */
export const RECENT_NOTES_MAX = 10;
/** ...and this many after its oldest were moved out (so a move happens once per five notes). */
export const RECENT_NOTES = 5;
/**
 * ...and at most this many bytes of them, however long they are (but always the latest one): 32
 * steps share a record (STEPS_PER_CHUNK), and ten notes of 2,000 three-byte characters on each
 * would not fit it.
 */
export const RECENT_NOTES_BYTES = 12 * 1024;
const utf8 = new TextEncoder();

/** How many of the step's latest notes it carries: by count, then by bytes. */
function notesToKeep(step: RunStep): number {
    const keep = step.notes.length > RECENT_NOTES_MAX ? RECENT_NOTES : step.notes.length;
    let chars = 0;
    for (let i = step.notes.length - keep; i < step.notes.length; i++) {
        chars += step.notes[i].text.length;
    }
    // A JSON character takes at most 6 bytes (an escape): under this, nothing needs counting.
    if (chars * 6 + keep * 200 <= RECENT_NOTES_BYTES) {
        return keep;
    }
    let bytes = 0;
    let kept = 0;
    for (let i = step.notes.length - 1; i >= step.notes.length - keep; i--) {
        bytes += utf8.encode(JSON.stringify(step.notes[i])).length;
        if (kept > 0 && bytes > RECENT_NOTES_BYTES) {
            break;
        }
        kept++;
    }
    return kept;
}

/** A short, fixed-length name for a step id in keys (ids may be long or hold any character). */
export function stepKey(stepId: string): string {
    return createHash('sha256').update(stepId).digest('base64url').slice(0, 16);
}

export const noteChunkOf = (seq: number): number => Math.floor(seq / NOTES_PER_CHUNK);

/** The step's own notes with their seqs. */
export function numberedNotes(step: RunStep): NumberedNote[] {
    const first = step.noteCount - step.notes.length;
    return step.notes.map((n, i) => ({...n, seq: first + i}));
}

async function readNoteChunk(kv: KVStore, key: string, stepId: string, bytes?: Uint8Array | null): Promise<NumberedNote[]> {
    const raw = bytes === undefined ? await kv.get(key) : bytes;
    if (!raw) {
        return [];
    }
    const record = decodeRecord(key, raw);
    if (typeof record.schemaVersion === 'number' && record.schemaVersion > RECORD_VERSION) {
        throw new FutureRecordError(`record at ${key} has schemaVersion ${record.schemaVersion}, newer than this plugin understands (${RECORD_VERSION}); upgrade the plugin`);
    }
    // The step id is kept in the record so that two ids hashing alike could never mix their notes.
    if (record.schemaVersion !== RECORD_VERSION || record.stepId !== stepId || !Array.isArray(record.notes) ||
        !record.notes.every((n) => typeof n === 'object' && n !== null && Number.isInteger((n as NumberedNote).seq))) {
        throw new CorruptRecordError(`record at ${key} is not a note chunk of step '${stepId.slice(0, 100)}'`);
    }
    return record.notes as NumberedNote[];
}

/** Copies notes into their chunks; idempotent (by seq), so a retried change may copy them again. */
export async function storeNotes(kv: KVStore, runId: string, stepId: string, notes: NumberedNote[]): Promise<void> {
    const byChunk = new Map<number, NumberedNote[]>();
    for (const n of notes) {
        const i = noteChunkOf(n.seq);
        byChunk.set(i, [...(byChunk.get(i) ?? []), n]);
    }
    const name = stepKey(stepId);
    for (const [i, list] of byChunk) {
        const key = KEY.noteChunk(runId, name, i);
        await casUpdate(kv, key, async (current) => {
            const stored = await readNoteChunk(kv, key, stepId, current);
            const have = new Set(stored.map((n) => n.seq));
            const missing = list.filter((n) => !have.has(n.seq));
            if (missing.length === 0) {
                return {skip: true, result: undefined};
            }
            const record: NoteChunk = {schemaVersion: RECORD_VERSION, stepId, notes: [...stored, ...missing].sort((a, b) => a.seq - b.seq)};
            return {write: encodeRecord(`notes of step '${stepId.slice(0, 100)}'`, record), result: undefined};
        });
    }
}

/**
 * The step as the change should commit it: when it carries more than RECENT_NOTES_MAX notes or
 * RECENT_NOTES_BYTES of them (after a new note, or a step stored before notes had records of
 * their own), its oldest are
 * copied into their chunks first and left out. Notes with seq below `storedBelow` are known
 * to be in their chunk already (copied after an earlier change): usually all of them, so the
 * change costs no round trip more between reading and writing the run head.
 */
export async function trimNotes(kv: KVStore, runId: string, step: RunStep, storedBelow: number): Promise<RunStep> {
    const keep = notesToKeep(step);
    if (keep === step.notes.length) {
        return step;
    }
    const all = numberedNotes(step);
    const drop = all.slice(0, all.length - keep).filter((n) => n.seq >= storedBelow);
    if (drop.length > 0) {
        await storeNotes(kv, runId, step.id, drop);
    }
    return {...step, notes: step.notes.slice(-keep)};
}

/**
 * After a change is stored: when the step carries RECENT_NOTES_MAX notes, so that its next note
 * will leave its oldest out, copies all but its latest RECENT_NOTES - 1 into their chunks now,
 * outside the run head's window. Returns the new `storedBelow`.
 */
export async function copyOlderNotes(kv: KVStore, runId: string, step: RunStep, storedBelow: number): Promise<number> {
    // Notes the step no longer carries were stored before it left them out.
    const below = Math.max(storedBelow, step.noteCount - step.notes.length);
    if (step.notes.length < RECENT_NOTES_MAX) {
        return below;
    }
    const keep = RECENT_NOTES - 1;
    const todo = numberedNotes(step).slice(0, step.notes.length - keep).filter((n) => n.seq >= below);
    if (todo.length > 0) {
        await storeNotes(kv, runId, step.id, todo);
    }
    return step.noteCount - keep;
}

/** Up to `limit` of the step's notes with seq below `before` (all of them: null), the latest first chosen. */
export async function notePage(kv: KVStore, runId: string, step: RunStep, before: number | null, limit: number): Promise<NotePage> {
    const end = Math.min(before ?? step.noteCount, step.noteCount);
    const start = Math.max(0, end - limit);
    const own = numberedNotes(step);
    const firstOwn = step.noteCount - own.length;
    const out: NumberedNote[] = [];
    const lastInChunks = Math.min(end, firstOwn) - 1;
    if (start <= lastInChunks) {
        const name = stepKey(step.id);
        for (let i = noteChunkOf(start); i <= noteChunkOf(lastInChunks); i++) {
            const notes = await readNoteChunk(kv, KEY.noteChunk(runId, name, i), step.id);
            out.push(...notes.filter((n) => n.seq >= start && n.seq <= lastInChunks));
        }
        if (out.length !== lastInChunks - start + 1) {
            throw new CorruptRecordError(`notes ${start} to ${lastInChunks} of step '${step.id.slice(0, 100)}' in run ${runId} are missing from their records`);
        }
    }
    out.push(...own.filter((n) => n.seq >= start && n.seq < end));
    return {notes: out, nextBefore: start > 0 ? start : null, noteCount: step.noteCount};
}
