// The text of /release answers that show a run: status, list, and the start hint.
import type {Run} from '../model';
import {escapeInline} from '../report/markdown';
import {applies, isOverdue, ownersOf, progressOf, roleName, stepNumbers} from '../report/run-facts';
import {formatDay, formatInstant} from '../report/time-format';
import {displayName, type UserDirectory} from '../report/users';
import {dueSteps} from '../reminders/due-steps';
import {exampleDay} from './example-day';
import {ownValue} from '../own';
import type {RunListItem} from './run-port';
import type {MyRun} from '../runs/my-steps';
import {link, stepRef} from '../report/markdown';

const STATE_MARK: Record<string, string> = {open: '[ ]', done: '[x]', skipped: '[-]'};

export function statusReply(run: Run, now: Date, users: UserDirectory, callerId: string): string {
    const numbers = stepNumbers(run);
    const p = progressOf(run);
    const due = dueSteps(run, now.getTime());
    const percent = p.total ? Math.round(((p.done + p.skipped) / p.total) * 100) : 100;
    const line = (s: Run['steps'][number]): string => {
        const owners = ownersOf(run, s);
        const mine = owners.includes(callerId) ? ' (yours)' : '';
        return `- ${stepRef(numbers.get(s.id))} ${escapeInline(s.title)}: ${owners.map((id) => displayName(users, id)).join(', ') || 'nobody assigned'}, due ${formatInstant(s.dueAt, run.timeZone)}${mine}`;
    };
    const out = [
        `#### Release ${escapeInline(run.version)}: ${run.status === 'active' ? 'in progress' : run.status}`,
        `Release day ${formatDay(run.releaseDay)} (${escapeInline(run.timeZone)}). Progress: ${p.done} done, ${p.skipped} skipped, ${p.open} open of ${p.total} (${percent}%).`,
    ];
    out.push('', `**Overdue** (${due.overdue.length})`, ...(due.overdue.length ? due.overdue.map(line) : ['- nothing']));
    out.push('', `**Due today** (${due.dueToday.length})`, ...(due.dueToday.length ? due.dueToday.map(line) : ['- nothing']));
    return out.join('\n');
}

/** `/release mine`: the caller's open steps in every release of their channels, each run linked. */
export function mineReply(runs: MyRun[], siteURL: string): string {
    if (runs.length === 0) {
        return 'You have no open steps in any active release of your channels.';
    }
    const out = ['#### Your open steps'];
    const base = siteURL.replace(/\/+$/, '');
    for (const r of runs) {
        const where = r.teamName && r.channelName
            ? link(r.channelDisplayName, `${base}/${encodeURIComponent(r.teamName)}/channels/${encodeURIComponent(r.channelName)}`)
            : escapeInline(`~${r.channelDisplayName || r.channelId}`);
        out.push('', `**Release ${escapeInline(r.version)}** in ${where}, release day ${formatDay(r.releaseDay)} (times in ${escapeInline(r.timeZone)})`);
        for (const s of r.steps) {
            const when = s.attention === 'overdue' ? `**overdue** since ${formatInstant(s.dueAt, r.timeZone)}`
                : s.attention === 'today' ? `**due today** ${formatInstant(s.dueAt, r.timeZone)}` : `due ${formatInstant(s.dueAt, r.timeZone)}`;
            out.push(`- ${stepRef(s.number)} ${escapeInline(s.title)} (${escapeInline(s.roleName)}), ${when}`);
        }
    }
    return out.join('\n');
}

export function listReply(runs: RunListItem[], current: Run | null, now: Date): string {
    const out: string[] = [];
    if (runs.length > 1) {
        out.push('**Runs in this channel**', ...runs.map((r) => {
            const p = r.progress;
            return `- ${escapeInline(r.version)} (${r.status}, release day ${formatDay(r.releaseDay)}, ${p.done + p.skipped}/${p.total})${current && r.id === current.id ? ' **current**' : ''}`;
        }), '');
    }
    if (!current) {
        return [...out, 'No current run.'].join('\n');
    }
    const answers = conditionAnswers(current);
    if (answers.length > 0) {
        out.push(`**Answers of release ${escapeInline(current.version)}**`, ...answers, '');
    }
    const numbers = stepNumbers(current);
    out.push(`**Steps of release ${escapeInline(current.version)}**: \`[x]\` done, \`[-]\` skipped, \`[ ]\` open`);
    for (const phase of current.phases) {
        out.push('', escapeInline(`${phase.label}. ${phase.title}`));
        for (const s of current.steps.filter((st) => st.phaseId === phase.id)) {
            const indent = s.parentId ? '  ' : '';
            const na = applies(current, s) ? '' : ' (not applicable)';
            const late = isOverdue(s, now) && applies(current, s) ? ' **overdue**' : '';
            out.push(`${indent}- \`${STATE_MARK[s.state] ?? '[?]'}\` ${stepRef(numbers.get(s.id))} ${escapeInline(s.title)} (${escapeInline(roleName(current, s.role))})${na}${late}`);
        }
    }
    return out.join('\n');
}

/** Each question of the run with its answer: which conditional steps are part of the release. */
export function conditionAnswers(run: Run): string[] {
    return Object.keys(run.conditions).map((id) => {
        const question = ownValue(run.conditionQuestions ?? {}, id) ?? id;
        return `- ${escapeInline(question)} **${run.conditions[id] ? 'yes' : 'no'}** (\`${escapeInline(id)}\`)`;
    });
}

export function startHint(now: Date = new Date()): string {
    return [
        'To start a release with every option (template, time zone, roles, conditions, issue links), open the **Release Checklist** panel from the channel header or the app bar and choose **Start a release**.',
        `To start one here with the defaults, answering the template's questions: \`/release start <version> <release day YYYY-MM-DD> --if <condition>=yes|no\`, for example \`/release start 1.1.1 ${exampleDay(now)} --if during-regular-release=no --if researcher-needs-mug=yes\`.`,
    ].join('\n');
}
