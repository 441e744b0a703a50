// The host's direction of the model conversions: the platform's plain records as the
// Mattermost model structs a server sends to a plugin (Go field names), and the few
// plugin-sent structs the bridge's own converters do not cover.
import type {PlatformChannel, PlatformTeam, PlatformUser, SlashCommandSpec} from '../product/platform';
import {goInterfaceToJSON} from '../wire/gob';

type Struct = Record<string, unknown>;

export function userToModel(u: PlatformUser, roles: string): Struct {
    return {
        Id: u.id, Username: u.username, FirstName: u.firstName, LastName: u.lastName, Nickname: u.nickname,
        Email: u.email ?? '', DeleteAt: u.deleteAt, IsBot: u.isBot, Roles: roles, Locale: 'en',
        Timezone: new Map([['useAutomaticTimezone', 'false'], ['manualTimezone', u.timeZone ?? ''], ['automaticTimezone', '']]),
    };
}

export function channelToModel(c: PlatformChannel): Struct {
    return {Id: c.id, TeamId: c.teamId, Name: c.name, DisplayName: c.displayName, Type: c.type};
}

export function teamToModel(t: PlatformTeam): Struct {
    return {Id: t.id, Name: t.name, DisplayName: t.displayName, Type: 'O'};
}

const s = (v: unknown): string => (typeof v === 'string' ? v : '');

/** model.AutocompleteData as decoded, back to the product's JSON shape (Go field names). */
function autocompleteJson(v: unknown, depth = 0): unknown {
    if (!v || typeof v !== 'object' || depth > 8) {
        return undefined;
    }
    const d = v as Struct;
    const args = Array.isArray(d.Arguments) ? d.Arguments : [];
    const subs = Array.isArray(d.SubCommands) ? d.SubCommands : [];
    return {
        Trigger: s(d.Trigger), Hint: s(d.Hint), HelpText: s(d.HelpText), RoleID: s(d.RoleID),
        Arguments: args.map((a) => {
            const arg = (a ?? {}) as Struct;
            return {Name: s(arg.Name), HelpText: s(arg.HelpText), Type: s(arg.Type), Required: arg.Required === true, Data: goInterfaceToJSON(arg.Data) ?? null};
        }),
        SubCommands: subs.map((c) => autocompleteJson(c, depth + 1)).filter((c) => c !== undefined),
    };
}

export function commandFromModel(c: Struct): SlashCommandSpec {
    return {
        trigger: s(c.Trigger), displayName: s(c.DisplayName), description: s(c.Description),
        autoCompleteDesc: s(c.AutoCompleteDesc), autoCompleteHint: s(c.AutoCompleteHint),
        autocompleteData: autocompleteJson(c.AutocompleteData),
    };
}
