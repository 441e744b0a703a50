// Inline markers: {...} groups at the end of a step line (and {#id} on the '# Name'
// heading). They are read from the end of the line backwards, so braces inside a title
// such as "{{version}}" stay part of the title.
import type {DueSpec, PluginSettings} from '../model';
import {parseDueText, formatDueText} from './due-text';
import {isValidId} from './slug';

/** Settings keys an {announce: ...} marker may name: the channels a step can post into. */
export const ANNOUNCEMENT_CHANNEL_SETTINGS = ['AnnouncementChannel', 'ReleaseDiscussionChannel', 'InstallersChannel'] as const satisfies readonly (keyof PluginSettings)[];

export const MARKER_HELP = '{#id}, {if: condition}, {approval}, {daily}, {due: T+1 08:00 Zone}, {announce: ChannelSetting}';

export interface StepMarkers {
    id?: string;
    condition?: string;
    approval?: boolean;
    recurring?: 'daily';
    due?: DueSpec;
    announce?: string;
}

export interface SplitLine {
    /** The text before the markers, trimmed. */
    text: string;
    /** The inside of each {...} group, in line order. */
    markers: string[];
}

/** Separates trailing ' {...}' groups from the text before them. */
export function splitMarkers(line: string): SplitLine {
    const markers: string[] = [];
    let text = line.trimEnd();
    while (text.endsWith('}')) {
        const open = text.lastIndexOf('{');
        if (open < 0) {
            break;
        }
        const inner = text.slice(open + 1, -1);
        // A marker stands alone: "{{version}}" or "a{b}" are title text.
        if (inner.includes('}') || (open > 0 && text[open - 1] !== ' ' && text[open - 1] !== '\t')) {
            break;
        }
        markers.unshift(inner.trim());
        text = text.slice(0, open).trimEnd();
    }
    return {text: text.trim(), markers};
}

/** A marker written in the middle of a title is almost certainly a mistake worth naming. */
const STRAY_MARKER = /(^|\s)\{\s*(#|if\s*:|due\s*:|announce\s*:|approval\s*\}|daily\s*\})/;

export function hasStrayMarker(text: string): boolean {
    return STRAY_MARKER.test(text);
}

export type MarkerResult = {markers: StepMarkers; errors: string[]};

/** Interprets the markers of one step line; each problem is a message for that line. */
export function readStepMarkers(raw: string[], knownConditions: ReadonlySet<string>): MarkerResult {
    const markers: StepMarkers = {};
    const errors: string[] = [];
    const seen = new Set<string>();
    for (const inner of raw) {
        const colon = inner.indexOf(':');
        const key = inner.startsWith('#') ? '#' : (colon >= 0 ? inner.slice(0, colon) : inner).trim().toLowerCase();
        const value = inner.startsWith('#') ? inner.slice(1).trim() : colon >= 0 ? inner.slice(colon + 1).trim() : '';
        if (seen.has(key)) {
            errors.push(`marker {${inner}} is given twice on this line`);
            continue;
        }
        seen.add(key);
        switch (key) {
        case '#':
            if (!isValidId(value)) {
                errors.push(`bad id {#${value}}: ids are lowercase letters, digits and single hyphens, at most 64 characters`);
            } else {
                markers.id = value;
            }
            break;
        case 'if':
            if (!knownConditions.has(value)) {
                errors.push(`condition '${value}' is not declared; declare it under 'Conditions:' before the first phase`);
            } else {
                markers.condition = value;
            }
            break;
        case 'approval':
        case 'daily':
            if (colon >= 0) {
                errors.push(`marker {${key}} takes no value; write {${key}}`);
            } else if (key === 'approval') {
                markers.approval = true;
            } else {
                markers.recurring = 'daily';
            }
            break;
        case 'due': {
            const due = parseDueText(value);
            if (due.ok) {
                markers.due = due.value;
            } else {
                errors.push(`bad {due: ${value}}: ${due.error}`);
            }
            break;
        }
        case 'announce':
            if (!(ANNOUNCEMENT_CHANNEL_SETTINGS as readonly string[]).includes(value)) {
                errors.push(`bad {announce: ${value}}: the channel must be one of the settings ${ANNOUNCEMENT_CHANNEL_SETTINGS.join(', ')}`);
            } else {
                markers.announce = value;
            }
            break;
        default:
            errors.push(`unknown marker {${inner}}; markers are ${MARKER_HELP}`);
        }
    }
    return {markers, errors};
}

/** The marker text written after a step title on export, in one fixed order. */
export function formatStepMarkers(m: StepMarkers): string {
    const parts: string[] = [];
    if (m.id !== undefined) {
        parts.push(`{#${m.id}}`);
    }
    if (m.condition !== undefined) {
        parts.push(`{if: ${m.condition}}`);
    }
    if (m.approval) {
        parts.push('{approval}');
    }
    if (m.recurring === 'daily') {
        parts.push('{daily}');
    }
    if (m.due) {
        parts.push(`{due: ${formatDueText(m.due)}}`);
    }
    if (m.announce !== undefined) {
        parts.push(`{announce: ${m.announce}}`);
    }
    return parts.map((p) => ` ${p}`).join('');
}
