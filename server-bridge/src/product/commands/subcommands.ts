// The /release subcommands in one table: the parser, the usage messages, the help text and
// the autocomplete tree are all built from it, so they cannot drift apart.

import {exampleDay} from './example-day';

export const TRIGGER = 'release';

export type SubcommandName = 'start' | 'status' | 'mine' | 'all' | 'calendar' | 'list' | 'done' | 'skip' | 'assign' | 'move' | 'announce' | 'report' | 'finish' | 'help';

export interface SubcommandInfo {
    name: SubcommandName;
    /** Argument synopsis, e.g. '<step> <reason>'. */
    args: string;
    help: string;
    /** `{day}` stands for a future example date (see exampleDay). */
    example?: string;
}

export const SUBCOMMANDS: readonly SubcommandInfo[] = [
    {name: 'start', args: '[<version> <release day YYYY-MM-DD> [--if <condition>=yes|no]...]', help: 'Start a release run in this channel from the default template, answering each of its questions with --if; a question left out is asked in the start form, which opens without arguments too.', example: 'start 1.1.1 {day} --if during-regular-release=no --if researcher-needs-mug=yes'},
    {name: 'status', args: '', help: 'Show you (only you) what is due today, what is overdue and the progress of the current run.'},
    {name: 'mine', args: '', help: 'Show you (only you) your open steps in every active release of your channels, overdue and due today first, each with a link to its channel.'},
    {name: 'all', args: '', help: 'Show you (only you) every active release of the channels you are in, across teams: release day, progress, whether it is on track, and your next step.'},
    {name: 'calendar', args: '', help: "Give you (only you) the links to download the current run's milestones and your own steps as calendar files (.ics)."},
    {name: 'list', args: '', help: 'List the runs of this channel and the steps of the current run with their numbers.'},
    {name: 'done', args: '<step>', help: 'Mark a step done. A step is its number from list, its id, or the start of its title.', example: 'done 4'},
    {name: 'skip', args: '<step> <reason>', help: 'Skip a step, giving the reason. Quote a title that has spaces.', example: 'skip "Order a mug" researcher already has one'},
    {name: 'assign', args: '<role> <@user> [<@user>...]', help: 'Give a role of the current run to one or more users.', example: 'assign qa @quinn'},
    {name: 'move', args: '<release day YYYY-MM-DD>', help: 'Move the release day; every open step moves with it.', example: 'move {day}'},
    {name: 'announce', args: '<step>', help: "Post a step's announcement as the bot in its configured channel; it becomes the step's evidence.", example: 'announce 2'},
    {name: 'report', args: '', help: 'Post the run report in this channel.'},
    {name: 'finish', args: '[confirm]', help: 'Finish the current run. With open steps it asks first; `confirm` finishes anyway.', example: 'finish confirm'},
    {name: 'help', args: '[<subcommand>]', help: 'Show this help.'},
];

export function subcommandInfo(name: SubcommandName): SubcommandInfo {
    const info = SUBCOMMANDS.find((s) => s.name === name);
    if (!info) {
        throw new Error(`unknown subcommand ${name}`);
    }
    return info;
}

/** '`/release skip <step> <reason>`' plus an example, for error replies. */
export function usageOf(name: SubcommandName, now: Date = new Date()): string {
    const info = subcommandInfo(name);
    const synopsis = `\`/${TRIGGER} ${info.name}${info.args ? ` ${info.args}` : ''}\``;
    const example = info.example?.replace('{day}', exampleDay(now));
    return example ? `Usage: ${synopsis}, for example \`/${TRIGGER} ${example}\`` : `Usage: ${synopsis}`;
}

/** One line per subcommand: its synopsis and what it does. */
export function usageList(): string {
    return SUBCOMMANDS.map((s) => `- \`/${TRIGGER} ${s.name}${s.args ? ` ${s.args}` : ''}\`: ${s.help}`).join('\n');
}

export function helpText(): string {
    return ['#### /release: run a release checklist in this channel', '', usageList()].join('\n');
}
