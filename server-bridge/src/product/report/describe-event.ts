// One line of prose per audit event, for the report's history and the bot's messages.
import type {Run, RunEvent} from '../model';
import {escapeInline, stepRef} from './markdown';
import {stepNumbers} from './run-facts';
import {displayName, type UserDirectory} from './users';

function dataText(event: RunEvent, key: string): string {
    const value = event.data?.[key];
    return value === undefined || value === null ? '' : escapeInline(String(value));
}

export function describeEvent(event: RunEvent, run: Run, users: UserDirectory): string {
    const step = run.steps.find((s) => s.id === event.stepId);
    // With its number, as every other step line: the number /release done takes.
    const number = step ? stepRef(stepNumbers(run).get(step.id)) : '';
    const title = step ? `**${number ? `${number} ` : ''}${escapeInline(step.title)}**` : escapeInline(event.stepId ?? '');
    const who = displayName(users, event.userId) || 'the system';
    switch (event.type) {
    case 'run-created': return `${who} started the run`;
    case 'step-done': return event.data?.recurring === true ? `${who} marked ${title} done for ${dataText(event, 'day')}` : `${who} marked ${title} done`;
    case 'step-undone': return event.data?.recurring === true ? `${who} took back ${title} for ${dataText(event, 'day')}` : `${who} reopened ${title}`;
    case 'step-skipped': return `${who} skipped ${title}: ${dataText(event, 'reason')}`;
    case 'step-reassigned': {
        const to = event.data?.to ?? event.data?.userId;
        const target = typeof to === 'string' && to !== '' ? displayName(users, to) : 'its role';
        return `${who} assigned ${title} to ${target}`;
    }
    case 'step-due-changed': return `${who} changed the due time of ${title}`;
    case 'step-note': return `${who} added a note to ${title}`;
    case 'evidence-attached': return `${who} attached evidence to ${title}`;
    case 'release-day-moved': {
        const from = dataText(event, 'from');
        const to = dataText(event, 'to');
        return `${who} moved the release day${from ? ` from ${from}` : ''}${to ? ` to ${to}` : ''}`;
    }
    case 'roles-changed': return `${who} changed the role assignments`;
    case 'condition-changed': return `${who} answered "${dataText(event, 'question')}" ${event.data?.to === true ? 'yes' : 'no'} (was ${event.data?.from === true ? 'yes' : 'no'})`;
    case 'run-finished': return `${who} finished the run`;
    case 'run-archived': return `${who} archived the run`;
    case 'announcement-posted': return `${who} posted the announcement of ${title}`;
    case 'settings-changed': return `${who} changed the release settings`;
    case 'reminder-sent': return `reminders sent${event.stepId ? ` for ${title}` : ''}`;
    default: return `${who}: ${escapeInline(String(event.type))}`;
    }
}
