// The text of reminder DMs and the daily digest.
import type {Run, RunStep} from '../model';
import {escapeInline, stepRef} from '../report/markdown';
import {isOverdue, ownersOf, progressOf, roleName, stepNumbers} from '../report/run-facts';
import {formatDay, formatInstant} from '../report/time-format';
import {displayName, type UserDirectory} from '../report/users';
import type {DueSteps} from './due-steps';

export interface ChannelLink {
    /** Markdown that leads back to the run's channel: a channel link or a ~mention. */
    markdown: string;
}

function stepLine(run: Run, numbers: Map<string, string>, step: RunStep, now: Date, channel: ChannelLink): string {
    const when = isOverdue(step, now) ? `**overdue** since ${formatInstant(step.dueAt, run.timeZone)}` : `due ${formatInstant(step.dueAt, run.timeZone)}`;
    return `- ${stepRef(numbers.get(step.id))} ${escapeInline(step.title)} (${escapeInline(roleName(run, step.role))}, ${when}) in ${channel.markdown}`;
}

export function reminderMessage(run: Run, steps: RunStep[], now: Date, channel: ChannelLink): string {
    const numbers = stepNumbers(run);
    return [
        `#### Release ${escapeInline(run.version)}: your steps for today`,
        ...steps.map((s) => stepLine(run, numbers, s, now, channel)),
        '',
        `Use the buttons below, or mark them done in ${channel.markdown} with the Release Checklist panel or \`/release done <step>\`.`,
    ].join('\n');
}

export function digestMessage(run: Run, day: string, due: DueSteps, users: UserDirectory): string {
    const numbers = stepNumbers(run);
    const p = progressOf(run);
    const line = (s: RunStep): string => {
        const owners = ownersOf(run, s).map((id) => displayName(users, id)).join(', ') || 'nobody assigned';
        return `- ${stepRef(numbers.get(s.id))} ${escapeInline(s.title)}: ${owners}, due ${formatInstant(s.dueAt, run.timeZone)}`;
    };
    const out = [
        `#### Daily digest for release ${escapeInline(run.version)}, ${formatDay(day)}`,
        `Release day: ${formatDay(run.releaseDay)}. Progress: ${p.done} of ${p.total} done, ${p.skipped} skipped, ${p.open} open.`,
    ];
    if (due.overdue.length) {
        out.push('', '**Overdue**', ...due.overdue.map(line));
    }
    if (due.dueToday.length) {
        out.push('', '**Due today**', ...due.dueToday.map(line));
    }
    if (!due.overdue.length && !due.dueToday.length) {
        out.push('', 'Nothing is due today.');
    }
    return out.join('\n');
}

/** Groups the steps that need attention by each of their owners. */
export function stepsByOwner(run: Run, due: DueSteps): Map<string, RunStep[]> {
    const byOwner = new Map<string, RunStep[]>();
    for (const step of [...due.overdue, ...due.dueToday]) {
        for (const owner of ownersOf(run, step)) {
            byOwner.set(owner, [...(byOwner.get(owner) ?? []), step]);
        }
    }
    return byOwner;
}
