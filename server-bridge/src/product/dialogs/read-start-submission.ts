// Reads the values of a submitted start dialog into the run service's StartRunInput, or
// into one message per field at fault, so the dialog can show every problem at once next
// to its input. The run service checks the meaning again for every caller; this only
// turns what a form sends (strings, booleans, absent optional fields) into typed input.
import type {Template} from '../model';
import {exampleDay} from '../commands/example-day';
import {BOUNDS, VERSION_FORMAT, type StartRunInput} from '../runs/inputs';
import {isValidDay} from '../schedule/days';
import {isValidTimeZone} from '../schedule/zone';
import {FIELD, conditionField} from './start-form';

export type FieldErrors = Record<string, string>;

export type StartSubmission =
    | {ok: true; input: StartRunInput}
    | {ok: false; errors: FieldErrors};

export interface SubmissionContext {
    channelId: string;
    template: Template;
    roles: Record<string, string[]>;
    /** The moment the example date in messages counts from (the real clock unless given). */
    now?: Date;
}

function text(v: unknown): string {
    return typeof v === 'string' ? v.trim() : '';
}

/**
 * A condition's radio answers 'yes' or 'no' (a boolean or 'true'/'false' from older forms).
 * Nothing answered is an error, never a default: the question must be answered.
 */
function answer(v: unknown): boolean | null {
    if (v === true || v === 'yes' || v === 'true') return true;
    if (v === false || v === 'no' || v === 'false') return false;
    return null;
}

function isHttpUrl(link: string): boolean {
    try {
        const u = new URL(link);
        return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
        return false;
    }
}

function readIssues(raw: unknown, errors: FieldErrors): string[] {
    if (raw !== undefined && raw !== null && typeof raw !== 'string') {
        errors[FIELD.issues] = 'Give the issue links as text, one per line.';
        return [];
    }
    const links = text(raw).split(/\s*\n\s*/).map((l) => l.trim()).filter((l) => l !== '');
    if (links.length > BOUNDS.issues) {
        errors[FIELD.issues] = `At most ${BOUNDS.issues} issue links.`;
    } else {
        const bad = links.find((l) => l.length > BOUNDS.issueLength || !isHttpUrl(l));
        if (bad !== undefined) {
            errors[FIELD.issues] = `"${bad.slice(0, 60)}" is not an http(s) link; put one link per line.`;
        }
    }
    return links;
}

export function readStartSubmission(submission: Record<string, unknown>, ctx: SubmissionContext): StartSubmission {
    const errors: FieldErrors = {};
    const version = text(submission[FIELD.version]).replace(/^v/, '');
    if (!version) {
        errors[FIELD.version] = 'Give the version, for example 1.1.1.';
    } else if (version.length > BOUNDS.versionLength || !VERSION_FORMAT.test(version)) {
        errors[FIELD.version] = 'A version looks like 1.1.1, optionally with a suffix such as -rc1.';
    }
    const releaseDay = text(submission[FIELD.releaseDay]);
    if (!isValidDay(releaseDay)) {
        errors[FIELD.releaseDay] = `Give the release day as YYYY-MM-DD, for example ${exampleDay(ctx.now)}.`;
    }
    const timeZone = text(submission[FIELD.timeZone]);
    if (!isValidTimeZone(timeZone)) {
        errors[FIELD.timeZone] = 'Give an IANA time zone such as America/Los_Angeles or UTC.';
    }
    const conditions: Record<string, boolean> = {};
    for (const c of ctx.template.conditions) {
        const a = answer(submission[conditionField(c.id)]);
        if (a === null) {
            errors[conditionField(c.id)] = 'Answer yes or no: this decides whether its steps are part of the release.';
        } else {
            conditions[c.id] = a;
        }
    }
    const issues = readIssues(submission[FIELD.issues], errors);
    if (Object.keys(errors).length > 0) {
        return {ok: false, errors};
    }
    return {
        ok: true,
        input: {channelId: ctx.channelId, templateId: ctx.template.id, version, releaseDay, timeZone, roles: ctx.roles, conditions, issues},
    };
}

/** The dialog input a run service field ('releaseDay', 'issues.3', 'conditions.x') belongs to. */
export function dialogFieldOf(serviceField: string | undefined): string | null {
    if (!serviceField) return null;
    const [head, rest] = [serviceField.split('.')[0], serviceField.split('.').slice(1).join('.')];
    switch (head) {
    case 'version': return FIELD.version;
    case 'releaseDay':
    case 'holidays': return FIELD.releaseDay;
    case 'timeZone': return FIELD.timeZone;
    case 'issues': return FIELD.issues;
    case 'templateId': return FIELD.template;
    case 'conditions': return rest ? conditionField(rest) : null;
    default: return null;
    }
}
