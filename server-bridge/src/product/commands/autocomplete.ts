// The registration of /release: Mattermost's model.AutocompleteData tree as plain JSON
// (field names exactly as the Go struct: Trigger, Hint, HelpText, RoleID, Arguments,
// SubCommands; arguments: Name, HelpText, Type, Required, Data). Step names and users are
// dynamic lists that Mattermost fetches from the plugin's own autocomplete routes.
import type {SlashCommandSpec} from '../platform';
import {SUBCOMMANDS, TRIGGER, subcommandInfo, type SubcommandName} from './subcommands';

export const PLUGIN_ID = 'com.mattermost.release-checklist';
/** Plugin-relative paths Mattermost calls with user_input, parsed, channel_id, team_id, root_id, user_id. */
export const STEP_LIST_PATH = '/api/v1/autocomplete/steps';
export const ROLE_LIST_PATH = '/api/v1/autocomplete/roles';
export const CONDITION_LIST_PATH = '/api/v1/autocomplete/conditions';

export interface AutocompleteListItem {
    Item: string;
    Hint: string;
    HelpText: string;
}

export interface AutocompleteArg {
    Name: string;
    HelpText: string;
    Type: 'TextInput' | 'StaticList' | 'DynamicList';
    Required: boolean;
    Data: {Hint: string; Pattern: string} | {PossibleArguments: AutocompleteListItem[]} | {FetchURL: string};
}

export interface AutocompleteData {
    Trigger: string;
    Hint: string;
    HelpText: string;
    RoleID: string;
    Arguments: AutocompleteArg[];
    SubCommands: AutocompleteData[];
}

/** Mattermost's model.SystemUserRoleId: every user may use the command. */
const SYSTEM_USER_ROLE = 'system_user';

// Mattermost refuses an optional positional text argument (RegisterCommand fails and the
// plugin does not activate), so every one is marked required; the subcommand's Hint says
// which may be left out.
function text(helpText: string, hint: string, pattern = ''): AutocompleteArg {
    return {Name: '', HelpText: helpText, Type: 'TextInput', Required: true, Data: {Hint: hint, Pattern: pattern}};
}

function dynamic(helpText: string, path: string): AutocompleteArg {
    return {Name: '', HelpText: helpText, Type: 'DynamicList', Required: true, Data: {FetchURL: `plugins/${PLUGIN_ID}${path}`}};
}

/** A named argument (`--if ...`): Mattermost accepts these only after every positional one. */
function named(name: string, helpText: string, path: string): AutocompleteArg {
    return {Name: name, HelpText: helpText, Type: 'DynamicList', Required: false, Data: {FetchURL: `plugins/${PLUGIN_ID}${path}`}};
}

function node(name: SubcommandName, args: AutocompleteArg[]): AutocompleteData {
    const info = subcommandInfo(name);
    return {Trigger: name, Hint: info.args, HelpText: info.help, RoleID: SYSTEM_USER_ROLE, Arguments: args, SubCommands: []};
}

const DAY_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

export function autocompleteData(): AutocompleteData {
    const help = node('help', [{
        Name: '', HelpText: 'A subcommand', Type: 'StaticList', Required: false,
        Data: {PossibleArguments: SUBCOMMANDS.map((s) => ({Item: s.name, Hint: s.args, HelpText: s.help}))},
    }]);
    return {
        Trigger: TRIGGER,
        Hint: '[command]',
        HelpText: 'Run a release checklist in this channel',
        RoleID: SYSTEM_USER_ROLE,
        Arguments: [],
        SubCommands: [
            node('start', [
                text('Version (leave out to open the start form)', '1.1.1'), text('Release day', 'YYYY-MM-DD', DAY_PATTERN),
                named('if', 'Answer a question of the template: <condition>=yes or =no (once per question)', CONDITION_LIST_PATH),
            ]),
            node('status', []),
            node('mine', []),
            node('all', []),
            node('calendar', []),
            node('list', []),
            node('done', [dynamic('The step to mark done', STEP_LIST_PATH)]),
            node('skip', [dynamic('The step to skip', STEP_LIST_PATH), text('Why it is skipped', 'reason')]),
            // Mattermost offers no built-in user list for plugin commands, so the user is typed with @-autocomplete of the input box.
            node('assign', [dynamic('The role', ROLE_LIST_PATH), text('The user', '@username')]),
            node('move', [text('The new release day', 'YYYY-MM-DD', DAY_PATTERN)]),
            node('announce', [dynamic('The announcement step to post', STEP_LIST_PATH)]),
            node('report', []),
            node('finish', [{
                Name: '', HelpText: 'Finish even though steps are open', Type: 'StaticList', Required: false,
                Data: {PossibleArguments: [{Item: 'confirm', Hint: '', HelpText: 'Finish even though steps are open'}]},
            }]),
            help,
        ],
    };
}

export function commandSpec(): SlashCommandSpec {
    return {
        trigger: TRIGGER,
        displayName: 'Release Checklist',
        description: 'Run a release checklist in this channel',
        autoCompleteDesc: 'Available commands: ' + SUBCOMMANDS.map((s) => s.name).join(', '),
        autoCompleteHint: '[command]',
        autocompleteData: autocompleteData(),
    };
}
