// Client-side checks of the start form, run on every change so errors show inline before
// the server is asked. The server validates again and its field errors are shown the same way.
import {isCalendarDay} from '../../model/day';
import {isValidZone} from '../../model/time';

export interface StartFields {
    templateId: string;
    version: string;
    releaseDay: string;
    timeZone: string;
    issuesText: string;
}

export type FieldErrors = Partial<Record<keyof StartFields | 'roles' | 'conditions' | 'holidays', string>> & {
    /** The question a `conditions` error is about (the server's field `conditions.<id>`). */
    conditionId?: string;
};

export type ErrorCode =
    | {field: 'templateId'; key: 'formTemplateRequired'}
    | {field: 'version'; key: 'formVersionInvalid'}
    | {field: 'releaseDay'; key: 'formReleaseDayInvalid'}
    | {field: 'timeZone'; key: 'formTimeZoneInvalid'}
    | {field: 'issuesText'; key: 'formIssuesInvalid'; line: number};

const VERSION = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;

export function issueLines(text: string): string[] {
    return text.split('\n').map((l) => l.trim()).filter(Boolean);
}

function isLink(s: string): boolean {
    try {
        const u = new URL(s);
        return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
        return false;
    }
}

export function validateStart(f: StartFields): ErrorCode[] {
    const errors: ErrorCode[] = [];
    if (!f.templateId) {
        errors.push({field: 'templateId', key: 'formTemplateRequired'});
    }
    if (!VERSION.test(f.version.trim())) {
        errors.push({field: 'version', key: 'formVersionInvalid'});
    }
    if (!isCalendarDay(f.releaseDay)) {
        errors.push({field: 'releaseDay', key: 'formReleaseDayInvalid'});
    }
    if (!isValidZone(f.timeZone)) {
        errors.push({field: 'timeZone', key: 'formTimeZoneInvalid'});
    }
    const lines = f.issuesText.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const l = lines[i].trim();
        if (l && !isLink(l)) {
            errors.push({field: 'issuesText', key: 'formIssuesInvalid', line: i + 1});
            break;
        }
    }
    return errors;
}

/** A server refusal naming a field, as the form's errors (null when it names none the form shows). */
export function serverFieldErrors(serverField: string | undefined, message: string): FieldErrors | null {
    const field = formFieldOf(serverField);
    if (!field) {
        return null;
    }
    const conditionId = field === 'conditions' ? serverField?.split('.').slice(1).join('.') : undefined;
    return {[field]: message, ...(conditionId ? {conditionId} : {})};
}

/** Server field names (StartRun keys) mapped to the form's fields. */
export function formFieldOf(serverField: string | undefined): Exclude<keyof FieldErrors, 'conditionId'> | null {
    if (!serverField) {
        return null;
    }
    const head = serverField.split(/[.[]/)[0];
    switch (head) {
    case 'templateId': case 'version': case 'releaseDay': case 'timeZone': case 'roles': case 'conditions': case 'holidays':
        return head;
    case 'issues':
        return 'issuesText';
    default:
        return null;
    }
}
