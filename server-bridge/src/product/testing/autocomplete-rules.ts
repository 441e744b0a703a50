// Mattermost's checks on a plugin command's autocomplete data (model.AutocompleteData.IsValid,
// applied by RegisterCommand): the stand-in platforms refuse what a real server refuses, so a
// definition the server would reject fails in the fast tests too, not only on a real server.
import type {AutocompleteData} from '../commands/autocomplete';

const ROLES = new Set(['system_admin', 'system_user', '']);

/** The first rule the data breaks, in Mattermost's words, or null when it is valid. */
export function autocompleteProblem(data: AutocompleteData): string | null {
    if (!data.Trigger) {
        return 'An empty command name in the autocomplete data';
    }
    if (data.Trigger.toLowerCase() !== data.Trigger) {
        return 'Command should be lowercase';
    }
    if (!ROLES.has(data.RoleID)) {
        return 'Wrong role in the autocomplete data';
    }
    if (data.Arguments.length > 0 && data.SubCommands.length > 0) {
        return 'Command can\'t have arguments and subcommands';
    }
    let named = false;
    for (const arg of data.Arguments) {
        if (arg.Name !== '') {
            named = true;
        } else if (named) {
            return 'Named argument should not be before positional argument';
        }
        if (arg.Type === 'TextInput' && arg.Name === '' && !arg.Required) {
            return 'Positional argument can not be optional';
        }
        if (arg.Type === 'StaticList' && 'PossibleArguments' in arg.Data && arg.Data.PossibleArguments.some((p) => p.Item === '')) {
            return 'Possible argument name not set in StaticList argument';
        }
    }
    for (const sub of data.SubCommands) {
        const problem = autocompleteProblem(sub);
        if (problem) {
            return problem;
        }
    }
    return null;
}
