// The plugin's HTTP entry point on the ServeHTTP shape: authenticate (Mattermost-User-ID,
// set by the server and stripped from client requests), route under /api/v1/, and turn
// every refusal into {"error", "field"?} with its 4xx status. Anything unexpected is logged
// and answered 500 with a generic message; nothing from the request can crash the process.
import type {HttpHandler, HttpRequest, HttpResponse} from '../http-types';
import {ActionError, STATUS_OF} from '../runs';
import {FutureRecordError} from '../store';
import {addActionRoutes} from './action-routes';
import type {ApiDeps, RouteContext} from './context';
import {addDialogRoutes} from './dialog-routes';
import {addHistoryRoutes} from './history-routes';
import {HttpError, sendError} from './respond';
import {Router} from './router';
import {addRunRoutes} from './run-routes';
import {addSettingsRoutes} from './settings-routes';
import {addTemplateRoutes} from './template-routes';

export const API_PREFIX = '/api/v1/';

/** Routes served by other parts (e.g. the slash command's autocomplete); true when handled. */
export type ExtraRoutes = (userId: string, req: HttpRequest, res: HttpResponse) => Promise<boolean>;

export function createHttpHandler(deps: ApiDeps, extra?: ExtraRoutes): HttpHandler {
    const router = new Router<RouteContext>();
    addRunRoutes(router);
    addTemplateRoutes(router);
    addDialogRoutes(router);
    addSettingsRoutes(router);
    addHistoryRoutes(router);
    addActionRoutes(router);

    return async (req, rawRes) => {
        const res = trackStarted(rawRes);
        try {
            const userId = (req.headers['mattermost-user-id'] ?? [])[0]?.trim() ?? '';
            if (!userId) {
                throw new HttpError(401, 'not signed in');
            }
            const {path, query} = splitUrl(req.url);
            if (extra && (await extra(userId, req, res))) {
                return;
            }
            if (!path.startsWith(API_PREFIX)) {
                throw new HttpError(404, 'no such API route');
            }
            const {handler, params} = router.match(req.method.toUpperCase(), path.slice(API_PREFIX.length));
            await handler({userId, query, req, res, deps}, params);
        } catch (err) {
            await answerError(deps, req, res, err);
        }
    };
}

async function answerError(deps: ApiDeps, req: HttpRequest, res: HttpResponse & {started: boolean}, err: unknown): Promise<void> {
    if (res.started) {
        deps.api.log.error('an API request failed after its answer had started', {url: req.url.slice(0, 200), error: String(err)});
        return;
    }
    try {
        if (err instanceof HttpError) {
            await sendError(res, err.status, err.message, err.field, err.extra);
        } else if (err instanceof ActionError) {
            await sendError(res, STATUS_OF[err.kind], err.message, err.field);
        } else if (err instanceof FutureRecordError) {
            // A newer plugin on another server of the cluster (or before a downgrade) wrote it:
            // nothing is read half-way, and the answer says what to do.
            deps.api.log.warn('a stored record is newer than this plugin', {url: req.url.slice(0, 200), error: err.message});
            await sendError(res, 503, 'this was saved by a newer version of the Release Checklist plugin; ask a system admin to upgrade the plugin on every server');
        } else {
            deps.api.log.error('unexpected error in an API request', {
                method: req.method.slice(0, 10), url: req.url.slice(0, 200), error: err instanceof Error ? (err.stack ?? err.message) : String(err),
            });
            await sendError(res, 500, 'something went wrong on the server; the error has been logged');
        }
    } catch (writeErr) {
        deps.api.log.error('could not write an API error answer', {error: String(writeErr)});
    }
}

function splitUrl(url: string): {path: string; query: URLSearchParams} {
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    let query: URLSearchParams;
    try {
        query = new URLSearchParams(q >= 0 ? url.slice(q + 1) : '');
    } catch {
        throw new HttpError(400, 'the query string is malformed');
    }
    return {path, query};
}

function trackStarted(res: HttpResponse): HttpResponse & {started: boolean} {
    const tracked = {
        started: false,
        setHeader: (name: string, value: string) => res.setHeader(name, value),
        writeHead: (status: number) => {
            tracked.started = true;
            res.writeHead(status);
        },
        write: (chunk: Uint8Array | string) => {
            tracked.started = true;
            return res.write(chunk);
        },
    };
    return tracked;
}
