// The dynamic lists behind /release autocomplete. Mattermost fetches them from the plugin
// (GET with user_input, parsed, channel_id, ... and the caller in Mattermost-User-Id) and
// expects a JSON array of {Item, Hint, HelpText}. Anything wrong yields an empty list: an
// autocomplete must never show an error or leak runs of channels the caller is not in.
import type {HttpRequest, HttpResponse} from '../http-types';
import type {Run} from '../model';
import {ownersOf, roleMembers, roleName, stepNumbers} from '../report/run-facts';
import {formatInstant} from '../report/time-format';
import {CONDITION_LIST_PATH, ROLE_LIST_PATH, STEP_LIST_PATH, type AutocompleteListItem} from './autocomplete';
import type {CommandRuns} from './run-port';

const MAX_ITEMS = 50;
const MAX_HINT = 80;

function clipText(text: string): string {
    return text.length <= MAX_HINT ? text : `${text.slice(0, MAX_HINT - 1)}…`;
}

async function currentRun(runs: CommandRuns, userId: string, channelId: string): Promise<Run | null> {
    try {
        const {currentRunId} = await runs.listChannel(userId, channelId);
        return currentRunId ? await runs.getRun(userId, currentRunId) : null;
    } catch {
        return null;
    }
}

/** Open steps (or announcement steps for `announce`), the caller's own first, by number. */
export async function stepSuggestions(runs: CommandRuns, userId: string, channelId: string, parsed: string): Promise<AutocompleteListItem[]> {
    const run = await currentRun(runs, userId, channelId);
    if (!run) {
        return [];
    }
    const announce = /\bannounce\s*$/i.test(parsed.trim());
    const numbers = stepNumbers(run);
    const steps = run.steps.filter((s) => (announce ? !!s.announcement : s.state === 'open'));
    const mine = (s: Run['steps'][number]): number => (ownersOf(run, s).includes(userId) ? 0 : 1);
    const ordered = steps.map((s, i) => ({s, i})).sort((a, b) => mine(a.s) - mine(b.s) || a.i - b.i).map(({s}) => s);
    return ordered.slice(0, MAX_ITEMS).map((s) => ({
        Item: numbers.get(s.id) ?? s.id,
        Hint: clipText(s.title),
        HelpText: `${roleName(run, s.role)}, due ${formatInstant(s.dueAt, run.timeZone)}${mine(s) === 0 ? ' (yours)' : ''}`,
    }));
}

export async function roleSuggestions(runs: CommandRuns, userId: string, channelId: string): Promise<AutocompleteListItem[]> {
    const run = await currentRun(runs, userId, channelId);
    if (!run) {
        return [];
    }
    return Object.keys(run.roleNames).slice(0, MAX_ITEMS).map((id) => ({Item: id, Hint: clipText(roleName(run, id)), HelpText: `${roleMembers(run, id).length} assigned`}));
}

/** `<condition>=yes` and `=no` for each question of the template `/release start` uses (the first). */
export async function conditionSuggestions(runs: CommandRuns, userId: string, channelId: string): Promise<AutocompleteListItem[]> {
    try {
        // Members only, as for the other lists: listing the channel's runs checks membership.
        await runs.listChannel(userId, channelId);
        const first = (await runs.defaults(userId)).templates[0];
        const template = first ? await runs.getTemplate(userId, first.id) : null;
        return (template?.conditions ?? []).slice(0, MAX_ITEMS / 2).flatMap((c) => ['yes', 'no'].map((answer) => ({
            Item: `${c.id}=${answer}`, Hint: clipText(c.question), HelpText: answer === 'yes' ? 'its steps are part of the release' : 'its steps are left out',
        })));
    } catch {
        return [];
    }
}

/**
 * Serves the autocomplete routes; returns false for other paths so the caller's router
 * can go on. The caller has already answered 401 to requests without a user.
 */
export async function serveAutocomplete(runs: CommandRuns, userId: string, req: HttpRequest, res: HttpResponse): Promise<boolean> {
    // Split by hand: WHATWG URL parsing throws on request targets such as '//[', and
    // those must reach the API router's 404 rather than end in a 500.
    const q = req.url.indexOf('?');
    const path = q >= 0 ? req.url.slice(0, q) : req.url;
    if (req.method !== 'GET' || (path !== STEP_LIST_PATH && path !== ROLE_LIST_PATH && path !== CONDITION_LIST_PATH)) {
        return false;
    }
    const query = new URLSearchParams(q >= 0 ? req.url.slice(q + 1) : '');
    const channelId = query.get('channel_id') ?? '';
    const parsed = query.get('parsed') ?? '';
    const items = !/^[a-z0-9]{1,64}$/.test(channelId) ? []
        : path === STEP_LIST_PATH ? await stepSuggestions(runs, userId, channelId, parsed)
            : path === ROLE_LIST_PATH ? await roleSuggestions(runs, userId, channelId)
                : await conditionSuggestions(runs, userId, channelId);
    res.setHeader('Content-Type', 'application/json');
    res.writeHead(200);
    await res.write(JSON.stringify(items));
    return true;
}
