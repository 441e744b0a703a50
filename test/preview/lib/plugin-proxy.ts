// Forwards /plugins/<id>/... to the plugin's ServeHTTP the way Mattermost does: the prefix
// is cut, any client-sent Mattermost-User-Id is removed, and the session's user id is set
// only for a valid session that passes the CSRF check.
import type {IncomingMessage, ServerResponse} from 'node:http';

import {bodyChunks, closeAfterAnswer, discardRest} from './early-answer';
import type {PluginConnection} from './plugin-connection';
import {passesCsrf, sessionUser} from './session';

export async function proxyToPlugin(plugin: PluginConnection, prefix: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers: Record<string, string[]> = {};
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i].toLowerCase();
        if (name === 'mattermost-user-id' || name === 'cookie') {
            continue;
        }
        (headers[name] ??= []).push(req.rawHeaders[i + 1]);
    }
    const userId = sessionUser(req);
    if (userId && passesCsrf(req, userId)) {
        headers['mattermost-user-id'] = [userId];
    }
    const path = (req.url ?? '/').slice(prefix.length) || '/';
    let headersSent = false;
    const started = () => {
        if (!headersSent) {
            headersSent = true;
            if (!res.headersSent) {
                res.writeHead(res.statusCode || 200);
            }
        }
    };
    try {
        await plugin.serveHTTP({
            method: req.method ?? 'GET',
            url: path.startsWith('/') ? path : `/${path}`,
            headers,
            body: bodyChunks(req),
        }, {
            setHeader: (name, value) => {
                if (!headersSent) {
                    res.setHeader(name, value);
                }
            },
            writeHead: (status) => {
                if (!headersSent) {
                    if (status === 413) {
                        closeAfterAnswer(res);
                    }
                    res.statusCode = status;
                    started();
                }
            },
            write: async (chunk) => {
                started();
                res.write(chunk);
            },
        });
        started();
        res.end();
        discardRest(req);
    } catch (err) {
        console.error(`[preview] plugin ServeHTTP failed: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) {
            res.writeHead(502, {'content-type': 'application/json'});
            res.end(JSON.stringify({error: 'The plugin did not answer.'}));
        } else {
            res.end();
        }
        discardRest(req);
    }
}
