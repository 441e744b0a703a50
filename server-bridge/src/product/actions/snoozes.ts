// "Snooze to tomorrow": the step is left out of the clicker's reminders until the run's next
// working day (in the run's zone; the day after a Friday is the Monday, holidays skipped).
// On that day it is reminded again if still open. One KV record per (run, user) holds the
// snoozed steps and the day each wakes; it is bounded (MAX_SNOOZES, past days pruned on every
// write) and expires on its own after two weeks, so nothing outlives the release for long.
import type {Run} from '../model';
import type {KVStore} from '../platform';
import {encodeJson, readJson} from '../reminders/kv-json';
import {addWorkingDays} from '../schedule/working-days';

export const MAX_SNOOZES = 100;
const TTL_SECONDS = 14 * 24 * 3600;
const RETRIES = 5;

/** step id -> the first local day ('YYYY-MM-DD') the step is reminded again. */
type SnoozeRecord = Record<string, string>;

function isRecord(v: unknown): v is SnoozeRecord {
    return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((d) => typeof d === 'string');
}

export function snoozeKey(runId: string, userId: string): string {
    return `snz:${runId}:${userId}`;
}

/** The day a step snoozed on `today` wakes: the run's next working day. */
export function wakeDay(run: Pick<Run, 'workingDays' | 'holidays'>, today: string): string {
    return addWorkingDays(today, 1, run);
}

export class Snoozes {
    constructor(private readonly kv: KVStore) {}

    /** Snoozes a step for a user until `until`; false when the user has too many snoozes. */
    async snooze(runId: string, userId: string, stepId: string, today: string, until: string): Promise<boolean> {
        const key = snoozeKey(runId, userId);
        for (let i = 0; i < RETRIES; i++) {
            const current = await readJson(this.kv, key, isRecord);
            const next: SnoozeRecord = Object.create(null) as SnoozeRecord;
            for (const [id, day] of Object.entries(current.value ?? {})) {
                if (day > today) {
                    next[id] = day;
                }
            }
            next[stepId] = until;
            if (Object.keys(next).length > MAX_SNOOZES) {
                return false;
            }
            if (await this.kv.setWithOptions(key, encodeJson(next), {atomic: true, oldValue: current.raw, expireInSeconds: TTL_SECONDS})) {
                return true;
            }
        }
        throw new Error('the snooze could not be saved: too many changes at once; try again');
    }

    /** The steps a user snoozed that are still asleep on `day`. */
    async asleep(runId: string, userId: string, day: string): Promise<Set<string>> {
        const current = await readJson(this.kv, snoozeKey(runId, userId), isRecord);
        return new Set(Object.entries(current.value ?? {}).filter(([, wake]) => wake > day).map(([id]) => id));
    }
}
