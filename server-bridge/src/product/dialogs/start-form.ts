// The "start a release" form as a Mattermost interactive dialog: the mobile path to every
// start option the RHS form offers (the mobile app runs no webapp code). One module owns the
// element names, so the dialog that /release start opens and the route that reads its
// submission cannot drift apart.
import {DateTime} from 'luxon';
import type {Template} from '../model';
import type {DialogElement, InteractiveDialog} from '../platform';
import {addWorkingDays} from '../schedule/working-days';
import {BOUNDS} from '../runs/inputs';
import {PLUGIN_ID} from '../commands/autocomplete';

export const START_CALLBACK_ID = 'release-start';
/** The route under the plugin's ServeHTTP that receives the submission. */
export const START_DIALOG_PATH = '/api/v1/dialogs/start';
/** Mattermost posts a dialog submission to a plugin URL given relative to the site. */
export const START_DIALOG_URL = `/plugins/${PLUGIN_ID}${START_DIALOG_PATH}`;

export const FIELD = {
    template: 'template',
    version: 'version',
    releaseDay: 'release_day',
    timeZone: 'time_zone',
    issues: 'issues',
} as const;

const CONDITION_PREFIX = 'condition_';

export function conditionField(conditionId: string): string {
    return `${CONDITION_PREFIX}${conditionId}`;
}

/** Working days from today to the suggested release day: phase A (T-4) then starts tomorrow. */
export const SUGGESTED_LEAD_DAYS = 5;

// Mattermost's limits (model/integration_action.go); a dialog over them is refused whole.
const TITLE_MAX = 24;
const DISPLAY_NAME_MAX = 24;
const HELP_TEXT_MAX = 150;
const TEXT_MAX = 150;

function clip(text: string, max: number): string {
    const chars = [...text];
    return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}\u2026`;
}

/** 'regular-release' -> 'Regular release': short enough for a field label, unlike the question. */
function labelOf(conditionId: string): string {
    const words = conditionId.replace(/[-_]+/g, ' ').trim();
    return clip(words ? words[0].toUpperCase() + words.slice(1) : conditionId, DISPLAY_NAME_MAX);
}

/** What the dialog echoes back in `state`: where it was opened and whose conditions it showed. */
export interface StartDialogState {
    channelId: string;
    templateId: string;
}

export function encodeState(state: StartDialogState): string {
    return JSON.stringify({c: state.channelId, t: state.templateId});
}

export function decodeState(text: unknown): StartDialogState | null {
    if (typeof text !== 'string' || text.length === 0 || text.length > 1000) {
        return null;
    }
    try {
        const v = JSON.parse(text) as unknown;
        if (v && typeof v === 'object' && typeof (v as {c?: unknown}).c === 'string' && typeof (v as {t?: unknown}).t === 'string') {
            return {channelId: (v as {c: string}).c, templateId: (v as {t: string}).t};
        }
    } catch {
        // Not ours: treated as no state.
    }
    return null;
}

/** The next release day that leaves every phase in the future, or '' when the calendar has none. */
export function suggestedReleaseDay(now: Date, zone: string, calendar: {workingDays: number[]; holidays: string[]}): string {
    try {
        const today = DateTime.fromJSDate(now, {zone}).toISODate();
        return today ? addWorkingDays(today, SUGGESTED_LEAD_DAYS, calendar) : '';
    } catch {
        return '';
    }
}

export interface StartFormInput {
    channelId: string;
    templates: {id: string; name: string}[];
    /** The template whose conditions the form asks about (the default one). */
    template: Template;
    timeZone: string;
    releaseDay: string;
    /** Filled in when `/release start <version> <day>` opened the form to ask the questions. */
    version?: string;
    /** Answers already given (`--if id=yes`); the other questions start unanswered. */
    answers?: Record<string, boolean>;
}

/** The values of a condition's yes/no choice: no default, so nothing is answered for the user. */
export const ANSWER = {yes: 'yes', no: 'no'} as const;

export function buildStartDialog(input: StartFormInput): InteractiveDialog {
    const {template} = input;
    const several = input.templates.length > 1;
    const elements: DialogElement[] = [
        {
            displayName: 'Template', name: FIELD.template, type: 'select', default: template.id,
            options: input.templates.map((t) => ({text: t.name || t.id, value: t.id})),
            helpText: several ? clip(`The questions below are those of ${template.name}; another template includes all its conditional steps.`, HELP_TEXT_MAX) : '',
        },
        {
            displayName: 'Version', name: FIELD.version, type: 'text', placeholder: '1.1.1', maxLength: BOUNDS.versionLength,
            helpText: 'For example 1.1.1 or 2.0.1-rc1.', ...(input.version ? {default: clip(input.version, TEXT_MAX)} : {}),
        },
        {
            displayName: 'Release day (T-0)', name: FIELD.releaseDay, type: 'text', default: input.releaseDay,
            placeholder: 'YYYY-MM-DD', minLength: 10, maxLength: 10,
            helpText: 'The day the release ships, as YYYY-MM-DD; due times count working days back from it.',
        },
        {
            displayName: 'Time zone', name: FIELD.timeZone, type: 'text', default: clip(input.timeZone, TEXT_MAX), maxLength: 64,
            helpText: 'An IANA zone such as America/Los_Angeles; due times are in this zone.',
        },
        // An explicit Yes / No per question, required and without a default: a conditional
        // step is in the run only because someone answered yes, never by default.
        ...template.conditions.map((c): DialogElement => {
            const given = input.answers && Object.prototype.hasOwnProperty.call(input.answers, c.id) ? input.answers[c.id] : undefined;
            return {
                displayName: labelOf(c.id), name: conditionField(c.id), type: 'radio',
                options: [{text: 'Yes', value: ANSWER.yes}, {text: 'No', value: ANSWER.no}],
                helpText: clip(c.question, HELP_TEXT_MAX),
                ...(given === undefined ? {} : {default: given ? ANSWER.yes : ANSWER.no}),
            };
        }),
        {
            displayName: 'Security issues', name: FIELD.issues, type: 'textarea', optional: true,
            placeholder: 'One link per line', maxLength: BOUNDS.issues * (BOUNDS.issueLength + 1),
            helpText: 'Links to the issues this release fixes, one per line.',
        },
    ];
    return {
        callbackId: START_CALLBACK_ID,
        title: clip('Start a release', TITLE_MAX),
        introductionText: 'Starts a release checklist in this channel. Roles come from the System Console defaults; change them later with `/release assign`.',
        elements,
        submitLabel: 'Start',
        notifyOnCancel: false,
        state: encodeState({channelId: input.channelId, templateId: template.id}),
    };
}
