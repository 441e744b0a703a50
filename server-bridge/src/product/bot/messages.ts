// What the bot says when a run starts and when a post marks a step done.
import type {Run, RunStep} from '../model';
import {escapeInline, link, stepRef} from '../report/markdown';
import {applies, offsetLabel, progressOf, roleMembers, roleName, stepNumbers} from '../report/run-facts';
import {formatDay, localDay} from '../report/time-format';
import {mention, type UserDirectory} from '../report/users';

function phaseDay(run: Run, phaseId: string): string {
    const step = run.steps.find((s) => s.phaseId === phaseId && !s.parentId && !s.dueOverridden && !s.due.time);
    return step ? formatDay(localDay(step.dueAt, run.timeZone)) : '';
}

/** `stillActive`: versions of the channel's other active runs when this one became current. */
export function runSummaryMessage(run: Run, users: UserDirectory, stillActive: string[] = []): string {
    const p = progressOf(run);
    const out = [
        `#### Release ${escapeInline(run.version)} has started`,
        `${mention(users, run.createdBy)} started a release run from **${escapeInline(run.templateName)}**: ${p.total} steps, release day (T-0) ${formatDay(run.releaseDay)}, times in ${escapeInline(run.timeZone)}.`,
        '',
        '| Phase | Day | Steps |',
        '|---|---|---|',
        ...run.phases.map((ph) => {
            const count = run.steps.filter((s) => s.phaseId === ph.id && applies(run, s)).length;
            return `| ${escapeInline(ph.label)}. ${escapeInline(ph.title)} | ${offsetLabel(ph.offset)} ${phaseDay(run, ph.id)} | ${count} |`;
        }),
        '',
        '**Roles**: ' + (Object.keys(run.roleNames).map((roleId) => {
            const people = roleMembers(run, roleId).map((id) => mention(users, id));
            return `${escapeInline(roleName(run, roleId))}: ${people.length ? people.join(', ') : 'nobody yet'}`;
        }).join('; ') || 'none'),
    ];
    if (run.issues.length) {
        out.push('', '**Issues**: ' + run.issues.map((url) => link(url, url)).join(', '));
    }
    if (stillActive.length) {
        const others = stillActive.map((v) => `release ${escapeInline(v)}`).join(', ');
        out.push('', `This is now the channel's current release; ${others} ${stillActive.length > 1 ? 'are' : 'is'} still active.`);
    }
    out.push('', 'Open the Release Checklist panel from the Release Checklist icon in the app bar, or type `/release` (`/release status` shows what is due).');
    return out.join('\n');
}

export function stepDoneReply(run: Run, step: RunStep, byUserId: string, users: UserDirectory): string {
    const number = stepNumbers(run).get(step.id);
    return `:white_check_mark: ${number ? `${stepRef(number)} ` : ''}**${escapeInline(step.title)}** marked done by ${mention(users, byUserId)} (release ${escapeInline(run.version)}).`;
}
