// Runs one /release command for a user: parse, find the channel's current run, resolve step,
// role and user names, then one call into the run service. Every refusal is an ephemeral
// reply that says what was wrong and how to write it; the run service is only called once
// the command is fully understood, so nothing is ever half-applied.
import type {CommandArgs, CommandResponse} from '../hooks';
import type {Run} from '../model';
import type {Logger, PlatformApi, PlatformPost, PlatformUser} from '../platform';
import {renderReport} from '../report/render-report';
import {MAX_POST_LENGTH, splitMessage} from '../report/split-message';
import {escapeInline, stepRef} from '../report/markdown';
import {ownersOf, progressOf, roleName, stepNumbers} from '../report/run-facts';
import {formatDay} from '../report/time-format';
import {ActionError} from '../runs/errors';
import {START_DIALOG_URL, buildStartDialog, suggestedReleaseDay} from '../dialogs/start-form';
import {PLUGIN_ID} from './autocomplete';
import {matchStep} from './match-step';
import {endSentence} from './sentence';
import {parseCommand, type Command} from './parse-command';
import type {CommandRuns} from './run-port';
import {listReply, mineReply, startHint, statusReply} from './replies';
import {allReply, calendarReply} from './release-replies';
import {helpText, usageOf} from './subcommands';

export interface CommandDeps {
    runs: CommandRuns;
    api: Pick<PlatformApi, 'getUser' | 'getUserByUsername' | 'createPost' | 'getSiteURL' | 'getTeam' | 'openInteractiveDialog'>;
    log: Logger;
    botUserId(): string;
    now(): Date;
    /** Posts a step's announcement and records it (product/announcements). */
    announce?(run: Run, stepId: string, userId: string): Promise<{post: PlatformPost}>;
}

const MAX_USERS_LOOKED_UP = 200;

function ephemeral(text: string): CommandResponse {
    return {responseType: 'ephemeral', text: clip(text)};
}

function inChannel(text: string): CommandResponse {
    return {responseType: 'in_channel', text: clip(text)};
}

function clip(text: string): string {
    return text.length <= MAX_POST_LENGTH ? text : text.slice(0, MAX_POST_LENGTH - 20) + '\n... (shortened)';
}

/** A refusal the command layer found itself (before calling the run service). */
class Refusal extends Error {}

export async function executeReleaseCommand(deps: CommandDeps, args: CommandArgs): Promise<CommandResponse> {
    const parsed = parseCommand(args.command ?? '');
    if (!parsed.ok) {
        return ephemeral(parsed.error);
    }
    try {
        return await run(deps, args, parsed.command);
    } catch (err) {
        if (err instanceof Refusal) {
            return ephemeral(err.message);
        }
        if (err instanceof ActionError) {
            const hint = err.kind === 'invalid' && parsed.command.kind !== 'help' ? `\n${usageOf(parsed.command.kind)}` : '';
            return ephemeral(`Nothing was changed: ${endSentence(err.message)}${hint}`);
        }
        deps.log.error('/release failed', {command: parsed.command.kind, error: String(err)});
        return ephemeral('Sorry, /release failed unexpectedly; the error is in the server log. Nothing was changed.');
    }
}

async function currentRun(deps: CommandDeps, args: CommandArgs): Promise<{run: Run}> {
    const {currentRunId} = await deps.runs.listChannel(args.userId, args.channelId);
    if (!currentRunId) {
        throw new Refusal(`There is no release run in this channel yet.\n${startHint()}`);
    }
    return {run: await deps.runs.getRun(args.userId, currentRunId)};
}

async function activeRun(deps: CommandDeps, args: CommandArgs): Promise<Run> {
    const {run} = await currentRun(deps, args);
    if (run.status !== 'active') {
        throw new Refusal(`Release ${escapeInline(run.version)} is ${run.status}; nothing can change in it any more.`);
    }
    return run;
}

async function usersOf(deps: CommandDeps, ids: Iterable<string>): Promise<Map<string, PlatformUser>> {
    const out = new Map<string, PlatformUser>();
    for (const id of [...new Set(ids)].slice(0, MAX_USERS_LOOKED_UP)) {
        const user = await deps.api.getUser(id);
        if (user) out.set(id, user);
    }
    return out;
}

function peopleOf(run: Run): string[] {
    return [run.createdBy, ...Object.values(run.roles).flat(), ...run.steps.flatMap((s) => [s.assignee, s.closedBy, ...s.notes.map((n) => n.userId), ...s.evidence.map((e) => e.userId)])]
        .filter((id): id is string => typeof id === 'string' && id !== '');
}

function stepLabel(run: Run, stepId: string): string {
    const step = run.steps.find((s) => s.id === stepId);
    return `${stepRef(stepNumbers(run).get(stepId))} ${escapeInline(step?.title ?? stepId)}`.trim();
}

async function run(deps: CommandDeps, args: CommandArgs, command: Command): Promise<CommandResponse> {
    switch (command.kind) {
    case 'help':
        return ephemeral(command.topic ? usageOf(command.topic) : helpText());
    case 'start':
        return start(deps, args, command.version, command.releaseDay, command.answers ?? {});
    case 'status': {
        const {run: current} = await currentRun(deps, args);
        const users = await usersOf(deps, current.steps.flatMap((s) => ownersOf(current, s)));
        return ephemeral(statusReply(current, deps.now(), users, args.userId));
    }
    case 'mine':
        return ephemeral(mineReply((await deps.runs.mine(args.userId)).runs, await deps.api.getSiteURL()));
    case 'all':
        return ephemeral(allReply(await deps.runs.all(args.userId), await deps.api.getSiteURL()));
    case 'calendar': {
        const {run: current} = await currentRun(deps, args);
        return ephemeral(calendarReply(current, await deps.api.getSiteURL()));
    }
    case 'list': {
        const {runs, currentRunId} = await deps.runs.listChannel(args.userId, args.channelId);
        if (runs.length === 0) {
            return ephemeral(`There is no release run in this channel yet.\n${startHint()}`);
        }
        const current = currentRunId ? await deps.runs.getRun(args.userId, currentRunId) : null;
        return ephemeral(listReply(runs, current, deps.now()));
    }
    case 'done': {
        const current = await activeRun(deps, args);
        const match = matchStep(current, command.step, (s) => s.state === 'open');
        if (!match.ok) throw new Refusal(`${match.error}\n${usageOf('done')}`);
        if (match.step.state !== 'open') throw new Refusal(`${stepLabel(current, match.step.id)} is already ${match.step.state}.`);
        const updated = await deps.runs.markDone(args.userId, current.id, match.step.id);
        return inChannel(`Release ${escapeInline(updated.version)}: step ${stepLabel(updated, match.step.id)} marked done.`);
    }
    case 'skip': {
        const current = await activeRun(deps, args);
        const match = matchStep(current, command.step, (s) => s.state === 'open');
        if (!match.ok) throw new Refusal(`${match.error}\n${usageOf('skip')}`);
        if (match.step.state !== 'open') throw new Refusal(`${stepLabel(current, match.step.id)} is already ${match.step.state}.`);
        const updated = await deps.runs.skip(args.userId, current.id, match.step.id, command.reason);
        return inChannel(`Release ${escapeInline(updated.version)}: step ${stepLabel(updated, match.step.id)} skipped: ${escapeInline(command.reason)}`);
    }
    case 'assign':
        return assign(deps, args, command.role, command.users);
    case 'move': {
        const current = await activeRun(deps, args);
        if (command.releaseDay === current.releaseDay) throw new Refusal(`The release day is already ${formatDay(current.releaseDay)}.`);
        const {run: updated, warnings} = await deps.runs.move(args.userId, current.id, command.releaseDay);
        const notes = warnings.map((w) => `\n${escapeInline(w)}`).join('');
        return inChannel(`Release ${escapeInline(updated.version)}: release day moved from ${formatDay(current.releaseDay)} to ${formatDay(updated.releaseDay)}; open steps moved with it.${notes}`);
    }
    case 'report':
        return report(deps, args);
    case 'announce': {
        const current = await activeRun(deps, args);
        const match = matchStep(current, command.step, (s) => !!s.announcement);
        if (!match.ok) throw new Refusal(`${match.error}\n${usageOf('announce')}`);
        if (!deps.announce) throw new Refusal('Announcements are not available on this server.');
        const {post} = await deps.announce(current, match.step.id, args.userId);
        return ephemeral(`Release ${escapeInline(current.version)}: posted the announcement for step ${stepLabel(current, match.step.id)} (post ${escapeInline(post.id ?? '')}); it is recorded as the step's evidence.`);
    }
    case 'finish': {
        const current = await activeRun(deps, args);
        const open = progressOf(current).open;
        if (open > 0 && !command.confirm) {
            // The RHS asks before finishing a run with open steps; so does the command.
            return ephemeral(`Release ${escapeInline(current.version)} still has ${open} open step${open === 1 ? '' : 's'}; nothing was changed. \`/release finish confirm\` finishes it anyway.`);
        }
        const updated = await deps.runs.finish(args.userId, current.id);
        return inChannel(`Release ${escapeInline(updated.version)}: finished. \`/release report\` posts its report.`);
    }
    }
}

async function defaultTemplate(deps: CommandDeps, args: CommandArgs) {
    const defaults = await deps.runs.defaults(args.userId);
    const summary = defaults.templates[0];
    if (!summary) {
        throw new Refusal('No release template is configured; a system admin adds one in the System Console.');
    }
    return {defaults, template: await deps.runs.getTemplate(args.userId, summary.id)};
}

/**
 * The start form as an interactive dialog, which every client shows, mobile included: bare
 * `/release start`, or `/release start <version> <day>` with questions left unanswered (the
 * form then holds what was typed). Without a trigger id (an older host), the hint says how to
 * start instead.
 */
async function openStartForm(deps: CommandDeps, args: CommandArgs, given?: {version: string; releaseDay: string; answers: Record<string, boolean>}): Promise<CommandResponse> {
    if (!args.triggerId) {
        return ephemeral(startHint(deps.now()));
    }
    // Listing the channel's runs checks membership before anything is shown.
    await deps.runs.listChannel(args.userId, args.channelId);
    const {defaults, template} = await defaultTemplate(deps, args);
    const dialog = buildStartDialog({
        channelId: args.channelId,
        templates: defaults.templates,
        template,
        timeZone: defaults.timeZone,
        releaseDay: given?.releaseDay ?? suggestedReleaseDay(deps.now(), defaults.timeZone, defaults),
        ...(given ? {version: given.version, answers: given.answers} : {}),
    });
    try {
        await deps.api.openInteractiveDialog({triggerId: args.triggerId, url: START_DIALOG_URL, dialog});
    } catch (err) {
        deps.log.warn('/release start could not open the start form', {error: String(err)});
        return ephemeral([
            'Sorry, the start form could not be opened (the server said: ' + escapeInline(err instanceof Error ? err.message : String(err)).slice(0, 300) + '). Nothing was changed.',
            'Try `/release start` again, or start in one line: `/release start <version> <release day YYYY-MM-DD> --if <condition>=yes|no`.',
        ].join('\n'));
    }
    // Bare: the dialog is the answer. With arguments: say why a form opened instead of a run.
    return given ? ephemeral(`Release ${escapeInline(given.version)} is not started yet: answer the template's questions in the form that opened.`) : {responseType: 'ephemeral', text: ''};
}

/** `--if a=yes --if b=no` for every question of the template, for the usage in replies. */
function answersHint(conditions: {id: string}[]): string {
    return conditions.map((c) => `--if ${c.id}=yes|no`).join(' ');
}

async function start(deps: CommandDeps, args: CommandArgs, version: string | undefined, releaseDay: string | undefined, answers: Record<string, boolean>): Promise<CommandResponse> {
    if (!version || !releaseDay) {
        return openStartForm(deps, args);
    }
    // A non-member is told so before anything about the template.
    await deps.runs.listChannel(args.userId, args.channelId);
    const {defaults, template} = await defaultTemplate(deps, args);
    const unknown = Object.keys(answers).filter((id) => !template.conditions.some((c) => c.id === id));
    if (unknown.length > 0) {
        const known = template.conditions.map((c) => `\`${c.id}\``).join(', ') || 'none';
        throw new Refusal(`**${escapeInline(template.name)}** has no question \`${escapeInline(unknown[0])}\`; its questions are ${known}.\n${usageOf('start', deps.now())}`);
    }
    const unanswered = template.conditions.filter((c) => !Object.prototype.hasOwnProperty.call(answers, c.id));
    if (unanswered.length > 0) {
        // Never include or leave out a conditional step silently: ask (the form), or say how to answer here.
        if (args.triggerId) {
            return openStartForm(deps, args, {version, releaseDay, answers});
        }
        throw new Refusal([
            `Nothing was started: answer each question of **${escapeInline(template.name)}**:`,
            ...unanswered.map((c) => `- \`${c.id}\`: ${escapeInline(c.question)}`),
            `For example \`/release start ${escapeInline(version)} ${releaseDay} ${answersHint(template.conditions)}\`.`,
        ].join('\n'));
    }
    const created = await deps.runs.start(args.userId, {
        channelId: args.channelId,
        templateId: template.id,
        version,
        releaseDay,
        timeZone: defaults.timeZone,
        roles: defaults.roles,
        conditions: Object.fromEntries(template.conditions.map((c) => [c.id, answers[c.id]])),
        issues: [],
    });
    const moved = created.releaseDay !== releaseDay ? ` (moved from ${formatDay(releaseDay)}, which is not a working day)` : '';
    const said = template.conditions.map((c) => `${escapeInline(c.question)} **${answers[c.id] ? 'yes' : 'no'}**`);
    return ephemeral([
        `Started release ${escapeInline(created.version)} from **${escapeInline(created.templateName)}**, release day ${formatDay(created.releaseDay)}${moved}, times in ${escapeInline(created.timeZone)}.`,
        ...(said.length ? ['Your answers: ' + said.join('; ') + '.'] : []),
        'Add the issue links and change roles or answers in the Release Checklist panel, or roles with `/release assign`.',
    ].join('\n'));
}

function findRole(run: Run, wanted: string): string | null {
    const w = wanted.toLowerCase().replace(/[\s_-]+/g, '');
    for (const id of Object.keys(run.roleNames)) {
        if (id.toLowerCase().replace(/[\s_-]+/g, '') === w || roleName(run, id).toLowerCase().replace(/[\s_-]+/g, '') === w) {
            return id;
        }
    }
    return null;
}

async function assign(deps: CommandDeps, args: CommandArgs, roleWanted: string, usernames: string[]): Promise<CommandResponse> {
    const current = await activeRun(deps, args);
    const roleId = findRole(current, roleWanted);
    if (!roleId) {
        const known = Object.keys(current.roleNames).map((id) => `\`${id}\``).join(', ');
        throw new Refusal(`There is no role "${escapeInline(roleWanted)}" in this run; the roles are ${known}.\n${usageOf('assign')}`);
    }
    const ids: string[] = [];
    const unknown: string[] = [];
    for (const name of [...new Set(usernames)]) {
        const user = await deps.api.getUserByUsername(name);
        if (!user || user.deleteAt > 0) {
            unknown.push(`@${name}`);
        } else {
            ids.push(user.id);
        }
    }
    if (unknown.length) {
        throw new Refusal(`No active user ${unknown.join(', ')}.\n${usageOf('assign')}`);
    }
    const updated = await deps.runs.setRoles(args.userId, current.id, {...current.roles, [roleId]: ids});
    return inChannel(`Release ${escapeInline(updated.version)}: ${escapeInline(roleName(updated, roleId))} is now ${usernames.map((u) => `@${u}`).join(', ')}.`);
}

async function report(deps: CommandDeps, args: CommandArgs): Promise<CommandResponse> {
    const {run: current} = await currentRun(deps, args);
    const {events, eventCount, byType} = await deps.runs.reportData(args.userId, current.id);
    const users = await usersOf(deps, [...peopleOf(current), ...events.map((e) => e.userId)]);
    const team = args.teamId ? await deps.api.getTeam(args.teamId) : null;
    const siteURL = await deps.api.getSiteURL();
    const log = eventCount !== undefined && byType
        ? {total: eventCount, byType, url: `${siteURL.replace(/\/+$/, '')}/plugins/${PLUGIN_ID}/api/v1/runs/${encodeURIComponent(current.id)}/log`}
        : undefined;
    const markdown = renderReport(current, events, users, siteURL, team?.name, {now: deps.now(), log});
    const parts = splitMessage(markdown);
    for (const [i, message] of parts.entries()) {
        await deps.api.createPost({
            channelId: args.channelId,
            userId: deps.botUserId(),
            message,
            props: {release_checklist: {runId: current.id, kind: 'report', part: i + 1, parts: parts.length}},
        });
    }
    return ephemeral(`Posted the report of release ${escapeInline(current.version)}${parts.length > 1 ? ` in ${parts.length} parts` : ''}.`);
}
