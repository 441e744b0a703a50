// A small router for the plugin's own API: routes are method + path pattern with :params,
// matched segment by segment on the raw path so an encoded '/' inside a step id stays part
// of its segment; each segment is then URL-decoded.
import {HttpError} from './respond';

export interface RouteMatch<C> {
    handler: (ctx: C, params: Record<string, string>) => Promise<void>;
    params: Record<string, string>;
}

interface Route<C> {
    method: string;
    segments: string[];
    handler: (ctx: C, params: Record<string, string>) => Promise<void>;
}

export class Router<C> {
    private readonly routes: Route<C>[] = [];

    add(method: string, pattern: string, handler: (ctx: C, params: Record<string, string>) => Promise<void>): this {
        this.routes.push({method, segments: pattern.split('/').filter((s) => s !== ''), handler});
        return this;
    }

    /** The matching route; 404 when no route has this path, 405 when none has this method for it. */
    match(method: string, path: string): RouteMatch<C> {
        const raw = path.split('/').filter((s) => s !== '');
        let pathKnown = false;
        for (const route of this.routes) {
            const params = matchSegments(route.segments, raw);
            if (!params) {
                continue;
            }
            pathKnown = true;
            if (route.method === method) {
                return {handler: route.handler, params};
            }
        }
        throw pathKnown ? new HttpError(405, `method ${method.slice(0, 10)} is not allowed here`) : new HttpError(404, 'no such API route');
    }
}

function matchSegments(pattern: string[], raw: string[]): Record<string, string> | null {
    if (pattern.length !== raw.length) {
        return null;
    }
    const params: Record<string, string> = {};
    for (let i = 0; i < pattern.length; i++) {
        const p = pattern[i];
        if (p.startsWith(':')) {
            params[p.slice(1)] = decodeSegment(raw[i]);
        } else if (p !== raw[i]) {
            return null;
        }
    }
    return params;
}

function decodeSegment(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        throw new HttpError(400, 'the path is not correctly URL-encoded');
    }
}
