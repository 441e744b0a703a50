// Template routes: anyone signed in may list, read and export; parsing and saving are for
// system admins (manage_system).
import {exportTemplate, parseTemplate} from '../template';
import {LimitError, ValueTooLargeError, isTemplateId} from '../store';
import {readValid} from './body';
import type {RouteContext} from './context';
import {HttpError, sendJson, sendText} from './respond';
import type {Router} from './router';
import {markdownSchema} from './schemas';

async function requireAdmin(c: RouteContext): Promise<void> {
    if (!(await c.deps.api.hasPermission(c.userId, 'manage_system'))) {
        throw new HttpError(403, 'only system admins may edit templates');
    }
}

async function stored(c: RouteContext, templateId: string) {
    const t = isTemplateId(templateId) ? await c.deps.templates.get(templateId) : null;
    if (!t) {
        throw new HttpError(404, 'no such template');
    }
    return t;
}

export function addTemplateRoutes(router: Router<RouteContext>): void {
    router
        .add('GET', 'defaults', async (c) => {
            const defaults = await c.deps.service.defaults();
            // Only admins can fix the settings, and the bad values may be private: others get no field.
            const isAdmin = await c.deps.api.hasPermission(c.userId, 'manage_system');
            const settingsProblems = isAdmin ? [...(c.deps.settingsProblems?.() ?? [])] : undefined;
            await sendJson(c.res, 200, settingsProblems ? {...defaults, settingsProblems} : defaults);
        })
        .add('GET', 'templates', async (c) => {
            await sendJson(c.res, 200, (await c.deps.service.defaults()).templates);
        })
        .add('GET', 'templates/:templateId', async (c, p) => {
            await sendJson(c.res, 200, (await stored(c, p.templateId)).template);
        })
        .add('GET', 'templates/:templateId/export', async (c, p) => {
            const t = await stored(c, p.templateId);
            await sendText(c.res, 200, 'text/markdown; charset=utf-8', exportTemplate(t.template), `${t.template.id}.md`);
        })
        .add('POST', 'templates/parse', async (c) => {
            await requireAdmin(c);
            const {markdown} = await readValid(c.req, markdownSchema);
            await sendJson(c.res, 200, parseTemplate(markdown));
        })
        .add('PUT', 'templates/:templateId', async (c, p) => {
            await requireAdmin(c);
            if (!isTemplateId(p.templateId)) {
                throw new HttpError(400, 'a template id is 1-64 characters of a-z, 0-9 and -', 'templateId');
            }
            const {markdown} = await readValid(c.req, markdownSchema);
            const {template, errors} = parseTemplate(markdown);
            if (!template) {
                throw new HttpError(400, `the template has ${errors.length} error(s)`, 'markdown', {errors});
            }
            const saved = await c.deps.templates.put({template: {...template, id: p.templateId}, markdown}, c.userId, c.deps.now().toISOString())
                .catch((err: unknown) => {
                    // What is stored is bounded; a template over the bound is the admin's to shorten.
                    if (err instanceof ValueTooLargeError) {
                        throw new HttpError(413, `${err.message}; shorten the template's descriptions and messages`, 'markdown');
                    }
                    if (err instanceof LimitError) {
                        throw new HttpError(409, err.message);
                    }
                    throw err;
                });
            await sendJson(c.res, 200, saved.template);
        });
}
