// The buttons on the bot's reminder DMs (and, when a run turns them on, its daily digest in
// the channel): Mattermost message attachments whose actions call the plugin's own route.
// They are the mobile path too, where no webapp code runs. "Open the checklist" is a link in
// the card, not a button: Mattermost's answer to a button click cannot navigate. Mattermost finds a clicked action
// by its id within the post, and its route takes only letters and digits, so every action id
// is the action's name plus the step's place in the post ('done0', 'skip3').
import type {Run, RunStep} from '../model';
import {PLUGIN_ID} from '../commands/autocomplete';
import {escapeInline, safeUrl, stepRef} from '../report/markdown';
import {stepNumbers} from '../report/run-facts';

export const STEP_ACTION_ROUTE = 'actions/step';
export const SKIP_DIALOG_ROUTE = 'dialogs/skip';
/** Where Mattermost sends a click: the plugin's route (it strips '/plugins/<id>'). */
export const STEP_ACTION_URL = `/plugins/${PLUGIN_ID}/api/v1/${STEP_ACTION_ROUTE}`;
export const SKIP_DIALOG_URL = `/plugins/${PLUGIN_ID}/api/v1/${SKIP_DIALOG_ROUTE}`;

export const BUTTON_ACTIONS = ['done', 'skip', 'snooze'] as const;
export type ButtonAction = typeof BUTTON_ACTIONS[number];

/** What a button carries back (model.PostActionIntegration.Context). */
export interface ButtonContext {
    action: ButtonAction;
    runId: string;
    stepId: string;
}

/** A post has at most this many step cards; a longer list is in the message text anyway. */
export const MAX_STEP_CARDS = 10;

/** Mattermost's model.PostAction, as JSON in post props. */
export interface PostAction {
    id: string;
    name: string;
    type: 'button';
    style?: 'default' | 'primary' | 'danger' | 'good' | 'warning' | 'success';
    integration: {url: string; context: ButtonContext};
}

/** Mattermost's model.SlackAttachment, the fields used here. */
export interface Attachment {
    fallback: string;
    color?: string;
    text: string;
    actions?: PostAction[];
}

const LABEL: Record<ButtonAction, string> = {done: 'Done', skip: 'Skip…', snooze: 'Snooze to tomorrow'};
const STYLE: Partial<Record<ButtonAction, PostAction['style']>> = {done: 'primary'};

function cardText(step: RunStep, numbers: Map<string, string>): string {
    const ref = stepRef(numbers.get(step.id));
    return `${ref ? `${ref} ` : ''}**${escapeInline(step.title)}**`;
}

/**
 * One card per step with its buttons and, given `checklistUrl`, the link to the run's checklist;
 * `index` makes the action ids unique in the post.
 */
export function stepCard(run: Run, step: RunStep, index: number, numbers = stepNumbers(run), checklistUrl?: string): Attachment {
    const title = cardText(step, numbers);
    const url = checklistUrl ? safeUrl(checklistUrl) : null;
    const text = url ? `${title}\n[Open the checklist](${url})` : title;
    return {
        fallback: title,
        color: '#1c58d9',
        text,
        actions: BUTTON_ACTIONS.map((action) => ({
            id: `${action}${index}`,
            name: LABEL[action],
            type: 'button' as const,
            ...(STYLE[action] ? {style: STYLE[action]} : {}),
            integration: {url: STEP_ACTION_URL, context: {action, runId: run.id, stepId: step.id}},
        })),
    };
}

/** The cards of a post: the first MAX_STEP_CARDS steps. */
export function stepCards(run: Run, steps: RunStep[], checklistUrl?: string): Attachment[] {
    const numbers = stepNumbers(run);
    return steps.slice(0, MAX_STEP_CARDS).map((s, i) => stepCard(run, s, i, numbers, checklistUrl));
}

/**
 * The post's attachments with the card of `stepId` closed: its buttons gone and `outcome`
 * under its title. Other cards keep theirs. Null when the post has no card for the step.
 */
export function closeCard(props: Record<string, unknown> | undefined, stepId: string, outcome: string): Attachment[] | null {
    const attachments = Array.isArray(props?.attachments) ? (props.attachments as Attachment[]) : [];
    const i = attachments.findIndex((a) => Array.isArray(a?.actions) && a.actions.some((x) => x?.integration?.context?.stepId === stepId));
    if (i < 0) {
        return null;
    }
    const card = attachments[i];
    const title = String(card.text ?? '').split('\n')[0];
    const closed: Attachment = {fallback: `${title} ${outcome}`, color: '#3db887', text: `${title}\n${outcome}`};
    return attachments.map((a, j) => (j === i ? closed : a));
}
