// The routes Mattermost calls for the step buttons on the bot's posts (see actions/step-buttons.ts):
// a click (model.PostActionIntegrationRequest) and the skip form's submission. Both answer 200
// with what Mattermost shows: it ignores the status of a plugin's answer and shows nothing for
// an error body, so every refusal is an ephemeral message (or a form error) instead.
import {z} from 'zod';
import {BUTTON_ACTIONS} from '../actions/buttons';
import {SKIP_CALLBACK_ID} from '../actions/step-buttons';
import {readValid} from './body';
import type {RouteContext} from './context';
import {HttpError, sendJson} from './respond';
import type {Router} from './router';
import {submitDialogSchema} from './schemas';

const id = z.string().min(1).max(64);

export const clickSchema = z.object({
    user_id: z.string().max(64).optional(),
    post_id: z.string().max(64).optional(),
    trigger_id: z.string().max(2000).optional(),
    context: z.object({action: z.enum(BUTTON_ACTIONS), runId: id, stepId: z.string().min(1).max(300)}),
});

const skipStateSchema = z.object({runId: id, stepId: z.string().min(1).max(300), postId: id.optional()});

export function addActionRoutes(router: Router<RouteContext>): void {
    router
        .add('POST', 'actions/step', async (c) => {
            const buttons = c.deps.buttons;
            if (!buttons) {
                throw new HttpError(404, 'step buttons are not available');
            }
            let body: z.infer<typeof clickSchema>;
            try {
                body = await readValid(c.req, clickSchema);
            } catch (err) {
                if (err instanceof HttpError && err.status === 400) {
                    await sendJson(c.res, 200, {ephemeral_text: 'This button is not one the Release Checklist made; nothing was changed.'});
                    return;
                }
                throw err;
            }
            await sendJson(c.res, 200, await buttons.click(c.userId, {
                userId: body.user_id, postId: body.post_id, triggerId: body.trigger_id, context: body.context,
            }));
        })
        .add('POST', 'dialogs/skip', async (c) => {
            const buttons = c.deps.buttons;
            if (!buttons) {
                throw new HttpError(404, 'step buttons are not available');
            }
            const body = await readValid(c.req, submitDialogSchema);
            if (body.cancelled === true) {
                await sendJson(c.res, 200, {});
                return;
            }
            if (body.callback_id !== undefined && body.callback_id !== SKIP_CALLBACK_ID) {
                throw new HttpError(400, `callback_id '${body.callback_id.slice(0, 64)}' is not the skip form's`, 'callback_id');
            }
            let state: z.infer<typeof skipStateSchema>;
            try {
                state = skipStateSchema.parse(JSON.parse(body.state ?? ''));
            } catch {
                await sendJson(c.res, 200, {error: 'This form is not one the Release Checklist opened; nothing was changed.'});
                return;
            }
            const reason = body.submission?.reason;
            await sendJson(c.res, 200, await buttons.submitSkip(c.userId, {state, reason: typeof reason === 'string' ? reason : ''}));
        });
}
