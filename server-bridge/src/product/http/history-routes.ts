// GET /history: the release history of a template, over the finished runs the caller may see
// (docs/http-api.md). The history service checks channel membership.
import type {RouteContext} from './context';
import {HttpError, sendJson} from './respond';
import type {Router} from './router';

export function addHistoryRoutes(router: Router<RouteContext>): void {
    router.add('GET', 'history', async (c) => {
        if (!c.deps.history) {
            throw new HttpError(404, 'the release history is not available');
        }
        const templateId = c.query.get('template_id');
        if (!templateId) {
            throw new HttpError(400, 'template_id is required', 'template_id');
        }
        const channelId = c.query.get('channel_id') ?? undefined;
        if (channelId === '') {
            throw new HttpError(400, 'channel_id is empty: name a channel or leave it out', 'channel_id');
        }
        await sendJson(c.res, 200, await c.deps.history.forViewer(c.userId, templateId, channelId));
    });
}
