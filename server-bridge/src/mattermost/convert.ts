// Converts between Mattermost's model structs as gob decodes them (Go field names, Maps for
// Go maps, interface values for `any`) and the product's plain types in product/platform.ts.
// Values from the server are read defensively: a missing or oddly typed field becomes the
// product's empty value rather than an exception.
import {goInterface, goInterfaceToJSON, jsonToGoInterface, type GoInterface} from '../wire/gob';
import type {PlatformChannel, PlatformPost, PlatformTeam, PlatformUser, SlashCommandSpec} from '../product/platform';

type Struct = Record<string, unknown>;

const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const n = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);

function stringMap(v: unknown): Map<string, string> {
    const out = new Map<string, string>();
    if (v instanceof Map) {
        for (const [k, e] of v) {
            if (typeof k === 'string' && typeof e === 'string') {
                out.set(k, e);
            }
        }
    }
    return out;
}

/** Mattermost's rule: the automatic zone when useAutomaticTimezone is "true", else the manual one. */
export function userTimeZone(timezone: unknown): string | undefined {
    const tz = stringMap(timezone);
    const zone = tz.get('useAutomaticTimezone') === 'true' ? tz.get('automaticTimezone') : tz.get('manualTimezone');
    return zone ? zone : undefined;
}

export function userFromModel(u: Struct): PlatformUser {
    const user: PlatformUser = {
        id: s(u.Id), username: s(u.Username), firstName: s(u.FirstName), lastName: s(u.LastName),
        nickname: s(u.Nickname), isBot: u.IsBot === true, deleteAt: n(u.DeleteAt),
    };
    if (s(u.Email)) {
        user.email = s(u.Email);
    }
    const zone = userTimeZone(u.Timezone);
    if (zone) {
        user.timeZone = zone;
    }
    return user;
}

export function channelFromModel(c: Struct): PlatformChannel {
    return {id: s(c.Id), teamId: s(c.TeamId), name: s(c.Name), displayName: s(c.DisplayName), type: s(c.Type)};
}

export function teamFromModel(t: Struct): PlatformTeam {
    return {id: s(t.Id), name: s(t.Name), displayName: s(t.DisplayName)};
}

export function postFromModel(p: Struct): PlatformPost {
    const post: PlatformPost = {id: s(p.Id), channelId: s(p.ChannelId), userId: s(p.UserId), message: s(p.Message)};
    if (s(p.RootId)) {
        post.rootId = s(p.RootId);
    }
    if (n(p.CreateAt)) {
        post.createAt = n(p.CreateAt);
    }
    if (p.IsPinned === true) {
        post.isPinned = true;
    }
    const props = goInterfaceToJSON(p.Props);
    if (props && typeof props === 'object' && !Array.isArray(props) && !(props instanceof Map)) {
        post.props = props as Record<string, unknown>;
    }
    return post;
}

/** A JSON-like object as a Go map[string]interface{} (nil values left out). */
export function toGoMap(obj: Record<string, unknown> | undefined): Record<string, GoInterface> {
    const out: Record<string, GoInterface> = {};
    for (const [k, v] of Object.entries(obj ?? {})) {
        const iv = jsonToGoInterface(v);
        if (iv) {
            Object.defineProperty(out, k, {value: iv, enumerable: true, writable: true, configurable: true});
        }
    }
    return out;
}

export function postToModel(p: PlatformPost): Struct {
    return {
        Id: p.id ?? '', CreateAt: p.createAt ?? 0, UserId: p.userId, ChannelId: p.channelId, RootId: p.rootId ?? '',
        Message: p.message, Props: p.props ? toGoMap(p.props) : null, IsPinned: p.isPinned === true,
    };
}

function arr(v: unknown): unknown[] {
    return Array.isArray(v) ? v : [];
}

function obj(v: unknown): Struct {
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Struct) : {};
}

/** An AutocompleteArg's Data as the registered interface value Mattermost expects. */
function argData(type: string, data: Struct): GoInterface | null {
    switch (type) {
    case 'DynamicList':
        return goInterface('*model.AutocompleteDynamicListArg', {FetchURL: s(data.FetchURL)});
    case 'StaticList':
        return goInterface('*model.AutocompleteStaticListArg', {
            PossibleArguments: arr(data.PossibleArguments).map((i) => ({Item: s(obj(i).Item), Hint: s(obj(i).Hint), HelpText: s(obj(i).HelpText)})),
        });
    case 'TextInput':
        return goInterface('*model.AutocompleteTextArg', {Hint: s(data.Hint), Pattern: s(data.Pattern)});
    default:
        return null;
    }
}

const MAX_AUTOCOMPLETE_DEPTH = 8;

/** The product's AutocompleteData JSON (Go field names) as the gob value of model.AutocompleteData. */
export function autocompleteToModel(v: unknown, depth = 0): Struct | null {
    if (!v || typeof v !== 'object' || depth > MAX_AUTOCOMPLETE_DEPTH) {
        return null;
    }
    const d = v as Struct;
    return {
        Trigger: s(d.Trigger), Hint: s(d.Hint), HelpText: s(d.HelpText), RoleID: s(d.RoleID),
        Arguments: arr(d.Arguments).map((a) => {
            const arg = obj(a);
            return {Name: s(arg.Name), HelpText: s(arg.HelpText), Type: s(arg.Type), Required: arg.Required === true, Data: argData(s(arg.Type), obj(arg.Data))};
        }),
        SubCommands: arr(d.SubCommands).map((c) => autocompleteToModel(c, depth + 1)).filter((c) => c !== null),
    };
}

export function commandToModel(c: SlashCommandSpec): Struct {
    return {
        Trigger: c.trigger, DisplayName: c.displayName, Description: c.description, AutoComplete: true,
        AutoCompleteDesc: c.autoCompleteDesc, AutoCompleteHint: c.autoCompleteHint,
        AutocompleteData: c.autocompleteData === undefined ? null : autocompleteToModel(c.autocompleteData),
    };
}
