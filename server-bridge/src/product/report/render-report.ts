// The run report: the release's schedule, who did each step and when, the posts that proved
// it, what was skipped and why, what is still open, the issue list and the notes. It is the
// raw material for the changelog and the security-updates post, so it reads as a document.
import type {HistorySummary} from '../history';
import {dailyTick} from '../attention';
import type {EventType, Run, RunEvent, RunStep} from '../model';
import {describeEvent} from './describe-event';
import {escapeCell, escapeInline, link, permalink, stepRef} from './markdown';
import {releaseHistorySection} from './release-history';
import {applies, isOverdue, offsetLabel, ownersOf, progressOf, roleMembers, roleName, stepNumbers} from './run-facts';
import {formatDay, formatInstant, localDay} from './time-format';
import {displayName, type UserDirectory} from './users';

export interface ReportOptions {
    /** What counts as overdue; defaults to the current time. */
    now?: Date;
    /** The run's template's release history as the reader may see it (GET /history); left out when absent. */
    history?: HistorySummary;
    /**
     * The whole log, when `events` holds only its latest events: how many there are, by type,
     * and where the whole log can be downloaded. The history then says what it leaves out.
     */
    log?: {total: number; byType: Partial<Record<EventType, number>>; url?: string};
}

interface Ctx {
    log?: ReportOptions['log'];
    run: Run;
    events: RunEvent[];
    users: UserDirectory;
    siteURL: string;
    teamName?: string;
    now: Date;
    numbers: Map<string, string>;
}

export function renderReport(
    run: Run,
    events: RunEvent[],
    users: UserDirectory,
    siteURL: string,
    teamName?: string,
    options: ReportOptions = {},
): string {
    const ctx: Ctx = {run, events, users, siteURL, teamName, now: options.now ?? new Date(), numbers: stepNumbers(run), log: options.log};
    const sections = [
        summary(ctx),
        issues(ctx),
        roles(ctx),
        schedule(ctx),
        skipped(ctx),
        open(ctx),
        notes(ctx),
        history(ctx),
        options.history ? releaseHistorySection(options.history) : '',
    ];
    return sections.filter((s) => s !== '').join('\n\n') + '\n';
}

function summary({run, users, now}: Ctx): string {
    const p = progressOf(run);
    const overdue = run.steps.filter((s) => applies(run, s) && isOverdue(s, now)).length;
    const status = run.status === 'active' ? 'in progress' : run.status;
    const rows = [
        ['Template', escapeCell(run.templateName)],
        ['Release day (T-0)', formatDay(run.releaseDay)],
        ['Time zone', escapeCell(run.timeZone)],
        ['Status', run.finishedAt ? `${status} (${formatInstant(run.finishedAt, run.timeZone)})` : status],
        ['Started', `${formatInstant(run.createdAt, run.timeZone)} by ${displayName(users, run.createdBy)}`],
        ['Progress', `${p.done} of ${p.total} done, ${p.skipped} skipped, ${p.open} open${overdue ? ` (${overdue} overdue)` : ''}`],
    ];
    return [
        `# Release ${escapeInline(run.version)}: report`,
        '',
        '| | |',
        '|---|---|',
        ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    ].join('\n');
}

function issues({run}: Ctx): string {
    if (run.issues.length === 0) {
        return '## Security issues\n\nNo issues were listed for this run.';
    }
    return ['## Security issues', '', ...run.issues.map((url, i) => `${i + 1}. ${link(url, url)}`)].join('\n');
}

function roles({run, users}: Ctx): string {
    const lines = Object.keys(run.roleNames).map((roleId) => {
        const people = roleMembers(run, roleId).map((id) => displayName(users, id));
        return `- **${escapeInline(roleName(run, roleId))}**: ${people.length ? people.join(', ') : 'nobody assigned'}`;
    });
    return lines.length ? ['## Roles', '', ...lines].join('\n') : '';
}

function evidenceLinks(ctx: Ctx, step: RunStep): string {
    return step.evidence.map((e, i) => `[post ${i + 1}](${permalink(ctx.siteURL, e.postId, ctx.teamName)})`).join(', ');
}

function stateLabel(ctx: Ctx, step: RunStep): string {
    if (!applies(ctx.run, step)) {
        return 'not applicable';
    }
    if (step.state === 'open') {
        return isOverdue(step, ctx.now) ? '**overdue**' : 'open';
    }
    return step.state;
}

function stepTitle(ctx: Ctx, step: RunStep): string {
    // '#25', never '25.': at the start of a list item that is a numbered-list marker.
    const number = stepRef(ctx.numbers.get(step.id));
    const indent = step.parentId ? '↳ ' : '';
    const approval = step.approval ? ' (approval)' : '';
    return `${indent}${number}${number ? ' ' : ''}${escapeCell(step.title)}${approval}`;
}

function schedule(ctx: Ctx): string {
    const {run} = ctx;
    const out = ['## Schedule'];
    const phaseIds = new Set(run.phases.map((p) => p.id));
    const groups = run.phases.map((p) => ({
        heading: `### ${escapeInline(p.label)}. ${escapeInline(p.title)} (${offsetLabel(p.offset)}${phaseDay(ctx, p.id)})`,
        steps: run.steps.filter((s) => s.phaseId === p.id),
    }));
    const orphans = run.steps.filter((s) => !phaseIds.has(s.phaseId));
    if (orphans.length) {
        groups.push({heading: '### Other steps', steps: orphans});
    }
    for (const group of groups) {
        out.push('', group.heading, '');
        if (group.steps.length === 0) {
            out.push('No steps.');
            continue;
        }
        out.push('| Step | Role | Owner | Due | State | Closed by | Closed at | Evidence |');
        out.push('|---|---|---|---|---|---|---|---|');
        for (const step of group.steps) {
            const owners = ownersOf(run, step).map((id) => displayName(ctx.users, id)).join(', ');
            out.push(`| ${[
                stepTitle(ctx, step),
                escapeCell(roleName(run, step.role)),
                owners || ' ',
                formatInstant(step.dueAt, run.timeZone) || ' ',
                stateLabel(ctx, step),
                displayName(ctx.users, step.closedBy) || ' ',
                formatInstant(step.closedAt, run.timeZone) || ' ',
                evidenceLinks(ctx, step) || ' ',
            ].join(' | ')} |`);
        }
    }
    return out.join('\n');
}

/** The phase's day: the local day its scheduled (not individually overridden) steps fall due. */
function phaseDay(ctx: Ctx, phaseId: string): string {
    const step = ctx.run.steps.find((s) => s.phaseId === phaseId && !s.due.time && !s.dueOverridden && !s.parentId);
    const day = step ? localDay(step.dueAt, ctx.run.timeZone) : '';
    return day ? `, ${formatDay(day)}` : '';
}

function skipped(ctx: Ctx): string {
    const steps = ctx.run.steps.filter((s) => s.state === 'skipped');
    if (steps.length === 0) {
        return '';
    }
    const lines = steps.map((s) => {
        const by = s.closedBy ? ` (skipped by ${displayName(ctx.users, s.closedBy)}, ${formatInstant(s.closedAt, ctx.run.timeZone)})` : '';
        return `- ${stepTitle(ctx, s)}: ${escapeInline(s.skipReason ?? 'no reason given')}${by}`;
    });
    return ['## Skipped steps', '', ...lines].join('\n');
}

function open(ctx: Ctx): string {
    const steps = ctx.run.steps.filter((s) => s.state === 'open' && applies(ctx.run, s));
    if (steps.length === 0) {
        return '## Open steps\n\nNone: every step is done or skipped.';
    }
    const lines = steps.map((s) => {
        const owners = ownersOf(ctx.run, s).map((id) => displayName(ctx.users, id)).join(', ') || 'nobody assigned';
        const overdue = isOverdue(s, ctx.now) ? ', **overdue**' : '';
        return `- ${stepTitle(ctx, s)}: ${owners}, due ${formatInstant(s.dueAt, ctx.run.timeZone)}${overdue}`;
    });
    return ['## Open steps', '', ...lines].join('\n');
}

/**
 * Each step's latest notes (the ones it carries) with its daily ticks among them by time, as
 * they read in the RHS; a step with more notes says how many earlier ones the RHS pages in.
 */
function notes(ctx: Ctx): string {
    const lines = ctx.run.steps.flatMap((s) => {
        const ticks = (s.ticks ?? []).map((d) => ({userId: d.userId, at: d.at, text: dailyTick(d.day)}));
        const all = ticks.length === 0 ? s.notes : [...s.notes, ...ticks].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
        const earlier = s.noteCount - s.notes.length;
        return [
            ...(earlier > 0 ? [`- ${stepTitle(ctx, s)}: ${earlier} earlier ${earlier === 1 ? 'note' : 'notes'}, shown in the channel's Release Checklist`] : []),
            ...all.map((n) => `- ${stepTitle(ctx, s)}, ${displayName(ctx.users, n.userId)}, ${formatInstant(n.at, ctx.run.timeZone)}: ${multiline(n.text)}`),
        ];
    });
    return lines.length ? ['## Notes', '', ...lines].join('\n') : '';
}

/**
 * A note with its line breaks: each line escaped on its own, joined by hard breaks indented
 * to stay inside the list item (a blank line ends it, so empty lines are dropped).
 */
function multiline(text: string): string {
    return text.split(/\r\n?|\n/).map((line) => escapeInline(line)).filter((line) => line !== '').join('  \n  ');
}

function history(ctx: Ctx): string {
    if (ctx.events.length === 0) {
        return '';
    }
    const sorted = [...ctx.events].sort((a, b) => a.seq - b.seq);
    const lines = sorted.map((e) => {
        const evidence = e.postId ? ` ([post](${permalink(ctx.siteURL, e.postId, ctx.teamName)}))` : '';
        return `- ${formatInstant(e.at, ctx.run.timeZone)}: ${describeEvent(e, ctx.run, ctx.users)}${evidence}`;
    });
    return ['## History', '', ...logSummary(ctx), ...lines].join('\n');
}

/** For a log longer than the events listed: its size by type and the download link. */
function logSummary({log, events}: Ctx): string[] {
    if (!log || log.total <= events.length) {
        return [];
    }
    const kinds = Object.entries(log.byType).filter(([, n]) => (n ?? 0) > 0).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
        .map(([type, n]) => `${type} ${n}`).join(', ');
    const download = log.url ? ` The whole log: ${link('download', log.url)}.` : '';
    return [`${log.total} events in all (${kinds}). The latest ${events.length} are listed below.${download}`, ''];
}
