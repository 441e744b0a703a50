// Submissions of the interactive dialogs /release opens (the mobile path). Mattermost posts
// a SubmitDialogRequest here through ServeHTTP and shows our SubmitDialogResponse: `errors`
// next to each input at fault, `error` under the form, an empty object closes it. The caller
// is the Mattermost-User-ID header only (the body's user_id is never trusted), and a run is
// created only once every field is valid, so a refused form changes nothing.
import {readStartSubmission, dialogFieldOf, type FieldErrors} from '../dialogs/read-start-submission';
import {FIELD, START_CALLBACK_ID, decodeState} from '../dialogs/start-form';
import {ActionError} from '../runs';
import {readValid} from './body';
import type {RouteContext} from './context';
import {HttpError, sendJson} from './respond';
import type {Router} from './router';
import {submitDialogSchema} from './schemas';

/** Recorded in the run's event log: the dialog is the slash command's form. */
const SOURCE = 'slash-command' as const;

function sentence(message: string): string {
    const m = message.trim();
    return m ? `${m[0].toUpperCase()}${m.slice(1)}${/[.!?]$/.test(m) ? '' : '.'}` : m;
}

async function fieldErrors(c: RouteContext, errors: FieldErrors): Promise<void> {
    await sendJson(c.res, 200, {errors});
}

export function addDialogRoutes(router: Router<RouteContext>): void {
    router.add('POST', 'dialogs/start', async (c) => {
        const body = await readValid(c.req, submitDialogSchema);
        if (body.cancelled === true) {
            await sendJson(c.res, 200, {});
            return;
        }
        if (body.callback_id !== undefined && body.callback_id !== START_CALLBACK_ID) {
            throw new HttpError(400, `callback_id '${body.callback_id.slice(0, 64)}' is not the start form's`, 'callback_id');
        }
        const state = decodeState(body.state);
        const channelId = state?.channelId || body.channel_id || '';
        if (!channelId) {
            throw new HttpError(400, 'channel_id is required', 'channel_id');
        }
        if (state && body.channel_id && body.channel_id !== state.channelId) {
            throw new HttpError(400, 'the form was opened in another channel; open it again with /release start', 'channel_id');
        }
        if (!(await c.deps.api.isChannelMember(channelId, c.userId))) {
            throw new HttpError(403, 'you are not a member of this channel');
        }
        const submission = body.submission ?? {};
        const defaults = await c.deps.service.defaults();
        const chosen = submission[FIELD.template] ?? state?.templateId;
        const known = typeof chosen === 'string' && defaults.templates.some((t) => t.id === chosen);
        if (!known) {
            await fieldErrors(c, {[FIELD.template]: 'Choose one of the templates.'});
            return;
        }
        const template = await c.deps.service.getTemplate(chosen);
        const read = readStartSubmission(submission, {channelId, template, roles: defaults.roles, now: c.deps.now()});
        if (!read.ok) {
            await fieldErrors(c, read.errors);
            return;
        }
        try {
            await c.deps.service.startRun(c.userId, read.input, SOURCE);
        } catch (err) {
            if (!(err instanceof ActionError)) {
                throw err;
            }
            const field = err.kind === 'invalid' ? dialogFieldOf(err.field) : null;
            await sendJson(c.res, 200, field ? {errors: {[field]: sentence(err.message)}} : {error: sentence(err.message)});
            return;
        }
        await sendJson(c.res, 200, {});
    });
}
