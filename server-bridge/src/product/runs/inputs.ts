// What callers hand the run service. The HTTP layer checks the JSON shape with zod; the
// service checks the meaning (dates, zones, role and condition ids, users) for every caller.
import type {EventSource} from '../model';

export interface StartRunInput {
    channelId: string;
    templateId: string;
    version: string;
    releaseDay: string;
    timeZone: string;
    roles: Record<string, string[]>;
    conditions: Record<string, boolean>;
    issues: string[];
    holidays?: string[];
}

/** Where a user action came from; recorded in the event log. */
/** 'message-button' is set by the server for a reminder's buttons; API callers cannot claim it (USER_SOURCES). */
export type UserSource = Extract<EventSource, 'rhs' | 'post-menu' | 'slash-command' | 'api' | 'message-button'>;

export const USER_SOURCES: readonly UserSource[] = ['rhs', 'post-menu', 'slash-command', 'api'];

export const BOUNDS = {
    versionLength: 32,
    issues: 50,
    issueLength: 500,
    runHolidays: 366,
    usersPerRole: 20,
    skipReason: 500,
    note: 2000,
    /** Far above real use; a step's notes live in records of their own (docs/storage.md), so this bounds no record. */
    notesPerStep: 10000,
    evidencePerStep: 50,
};

/**
 * The one wording of a size limit ("note: at most 2000 characters"), used alike by the HTTP
 * schemas and the run service so both refuse at the same size with the same message.
 */
export function tooLong(what: string, max: number): string {
    return `${what}: at most ${max} characters`;
}

export function tooMany(what: string, max: number, things: string): string {
    return `${what}: at most ${max} ${things}`;
}

/** 1.2.3, optionally with a suffix such as -rc1 or .4. */
export const VERSION_FORMAT = /^\d{1,4}\.\d{1,4}\.\d{1,4}(?:[-.+][0-9A-Za-z][0-9A-Za-z.-]*)?$/;

/** Mattermost ids: 26 lower-case alphanumerics. Bots and tests may use shorter ones. */
export const USER_ID_FORMAT = /^[a-z0-9]{1,64}$/;
