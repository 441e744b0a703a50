// The text of a run's live status post: progress by phase, what is overdue and due today with
// its owners, the next milestone and the release day. People are named without '@' (the post
// is edited many times and must never ping), and every piece of user text is escaped.
import type {Run, RunStep} from '../model';
import {attentionOf} from '../attention';
import {escapeCell, escapeInline, stepRef} from '../report/markdown';
import {applies, offsetLabel, ownersOf, progressOf, stepNumbers} from '../report/run-facts';
import {formatDay, formatInstant, localDay} from '../report/time-format';
import {displayName, type UserDirectory} from '../report/users';

/** Longer lists end with "and N more": the post stays readable and far below Mattermost's size limit. */
export const MAX_LISTED = 10;

/** A phase's day: the local day of its first top-level step that follows the phase's schedule. */
function phaseDay(run: Run, phaseId: string): string {
    const step = run.steps.find((s) => s.phaseId === phaseId && !s.parentId && !s.dueOverridden && !s.due.time);
    return step ? localDay(step.dueAt, run.timeZone) : '';
}

function listed(run: Run, steps: RunStep[], numbers: Map<string, string>, users: UserDirectory): string[] {
    const lines = steps.slice(0, MAX_LISTED).map((s) => {
        const owners = ownersOf(run, s).map((id) => displayName(users, id)).join(', ') || 'nobody assigned';
        return `- ${stepRef(numbers.get(s.id))} ${escapeInline(s.title)}: ${owners}, due ${formatInstant(s.dueAt, run.timeZone)}`;
    });
    if (steps.length > MAX_LISTED) {
        lines.push(`- and ${steps.length - MAX_LISTED} more`);
    }
    return lines;
}

/** Every user id the message may name, to look up before rendering. */
export function statusUserIds(run: Run): string[] {
    return [...new Set(Object.values(run.roles).flat().concat(run.steps.flatMap((s) => (s.assignee ? [s.assignee] : []))))];
}

export function statusMessage(run: Run, users: UserDirectory, nowMs: number): string {
    const p = progressOf(run);
    const numbers = stepNumbers(run);
    const today = localDay(new Date(nowMs).toISOString(), run.timeZone);
    const state = run.status === 'active' ? '' : ` (${run.status})`;
    const out = [
        `#### Release ${escapeInline(run.version)} status${state}`,
        `**Release day (T-0)**: ${formatDay(run.releaseDay)}. **Progress**: ${p.done} of ${p.total} done, ${p.skipped} skipped, ${p.open} open.`,
        '',
        '| Phase | Day | Closed |',
        '|---|---|---|',
    ];
    let next: string | null = null;
    for (const ph of run.phases) {
        const steps = run.steps.filter((s) => s.phaseId === ph.id && applies(run, s));
        const closed = steps.filter((s) => s.state !== 'open').length;
        const day = phaseDay(run, ph.id);
        const mark = steps.length > 0 && closed === steps.length ? ' :white_check_mark:' : '';
        out.push(`| ${escapeCell(`${ph.label}. ${ph.title}`)} | ${offsetLabel(ph.offset)} ${day ? formatDay(day) : ''} | ${closed} of ${steps.length}${mark} |`);
        if (next === null && closed < steps.length && (!day || day >= today)) {
            next = `${escapeInline(`${ph.label}. ${ph.title}`)} (${offsetLabel(ph.offset)}${day ? `, ${formatDay(day)}` : ''})`;
        }
    }
    if (run.status === 'active') {
        const due = attentionOf(run, nowMs);
        if (due.overdue.length) {
            out.push('', `**Overdue** (${due.overdue.length})`, ...listed(run, due.overdue, numbers, users));
        }
        if (due.dueToday.length) {
            out.push('', `**Due today** (${due.dueToday.length})`, ...listed(run, due.dueToday, numbers, users));
        }
        if (!due.overdue.length && !due.dueToday.length) {
            out.push('', 'Nothing is overdue or due today.');
        }
        out.push('', `**Next milestone**: ${next ?? 'none; every phase is closed or past'}`);
        out.push('', '_The Release Checklist bot keeps this post up to date. Pin it to the channel to keep it at hand._');
    } else {
        out.push('', `This release is ${run.status}${run.finishedAt ? ` since ${formatInstant(run.finishedAt, run.timeZone)}` : ''}.`);
    }
    return out.join('\n');
}
