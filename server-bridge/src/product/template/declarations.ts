// The one-line declarations of the dialect, each read on its own: the '# Name' heading,
// a '## Phase (T-n)' heading, the 'Roles:' line and a condition item.
import type {DayOffset, Role, TemplateCondition} from '../model';
import {parseOffset} from './due-text';
import {MAX_ROLES, MAX_TITLE_LENGTH} from './limits';
import {splitMarkers} from './markers';
import {isValidId, slugify} from './slug';

type Read<T> = {ok: true; value: T} | {ok: false; error: string};

const PHASE_LABEL = /^([A-Z]|\d{1,2})\.\s+(.+)$/;
const PHASE_OFFSET = /\(([^()]*)\)$/;
const CONDITION_ITEM = /^([^:\s]+):\s+(.+)$/;

/** '# Name {#id}': the name, its id (given or derived), and any problems. */
export function readNameHeading(text: string): {name: string; id: string; errors: string[]} {
    const errors: string[] = [];
    const split = splitMarkers(text);
    let id: string | undefined;
    for (const marker of split.markers) {
        const candidate = marker.slice(1).trim();
        if (marker.startsWith('#') && id === undefined && isValidId(candidate)) {
            id = candidate;
        } else {
            errors.push(`the '# Name' heading takes only an {#id} marker (lowercase letters, digits, hyphens); found {${marker}}`);
        }
    }
    const name = split.text;
    if (name === '') {
        errors.push("the '# Name' heading needs a name");
    } else if (name.length > MAX_TITLE_LENGTH) {
        errors.push(`the template name is longer than ${MAX_TITLE_LENGTH} characters`);
    }
    const finalId = id ?? slugify(name);
    if (finalId === '' && name !== '') {
        errors.push('cannot derive an id from the template name; add {#template-id} to the heading');
    }
    return {name, id: finalId, errors};
}

export interface PhaseHeading {
    id: string;
    label: string;
    title: string;
    offset: DayOffset;
}

/** '## A. Code complete (T-4)': label, title, offset; the id is the title as a slug. */
export function readPhaseHeading(text: string): Read<PhaseHeading> {
    const split = splitMarkers(text);
    if (split.markers.length > 0) {
        return {ok: false, error: 'phase headings take no markers; the phase id comes from its title'};
    }
    const offsetMatch = PHASE_OFFSET.exec(split.text);
    const offset = offsetMatch ? parseOffset(offsetMatch[1]) : null;
    if (!offsetMatch || !offset?.ok) {
        const found = offsetMatch && offset && !offset.ok ? `; '(${offsetMatch[1]})' is not one: ${offset.error}` : '';
        return {ok: false, error: `phase '${split.text}' needs its offset from the release day in parentheses at the end, like '## A. Code complete (T-4)' or '(+30 days)'${found}`};
    }
    const beforeOffset = split.text.slice(0, offsetMatch.index).trim();
    const labelled = PHASE_LABEL.exec(beforeOffset);
    const title = labelled ? labelled[2].trim() : beforeOffset;
    const id = slugify(title);
    if (id === '') {
        return {ok: false, error: 'the phase needs a title with letters or digits before its offset'};
    }
    if (title.length > MAX_TITLE_LENGTH) {
        return {ok: false, error: `the phase title is longer than ${MAX_TITLE_LENGTH} characters`};
    }
    return {ok: true, value: {id, label: labelled ? labelled[1] : '', title, offset: offset.value}};
}

/** The list after 'Roles:', in display order, ids derived from the names. */
export function readRolesLine(list: string): Read<Role[]> {
    const roles: Role[] = [];
    for (const raw of list.split(',')) {
        const name = raw.trim();
        const id = slugify(name);
        if (id === '') {
            return {ok: false, error: "'Roles:' needs a comma-separated list of role names, e.g. 'Roles: Release Manager, Dev, QA'"};
        }
        if (roles.some((r) => r.id === id)) {
            return {ok: false, error: `role '${name}' is declared twice`};
        }
        roles.push({id, name});
    }
    if (roles.length > MAX_ROLES) {
        return {ok: false, error: `a template has at most ${MAX_ROLES} roles`};
    }
    return {ok: true, value: roles};
}

/** A condition item's text, 'id: question'. */
export function readCondition(content: string): Read<TemplateCondition> {
    const m = CONDITION_ITEM.exec(content);
    if (!m) {
        return {ok: false, error: "a condition is written '- condition-id: The question asked when a run starts?'"};
    }
    const [, id, question] = m;
    if (!isValidId(id)) {
        return {ok: false, error: `bad condition id '${id}': ids are lowercase letters, digits and single hyphens`};
    }
    return {ok: true, value: {id, question: question.trim()}};
}
