// A mocked fetch that answers like the plugin's HTTP API and the core users API, and
// records every request so tests can assert what was sent.
export interface Call {
    method: string;
    url: string;
    path: string;
    body: unknown;
    headers: Record<string, string>;
}

export type Answer = {status?: number; body?: unknown} | undefined;
export type Route = (body: unknown, call: Call) => Answer | Promise<Answer>;

export const SITE_URL = 'http://mm.test/sub';
const API = `${SITE_URL}/plugins/com.mattermost.release-checklist/api/v1`;

interface FakeResponse {
    ok: boolean;
    status: number;
    statusText: string;
    headers: Map<string, string>;
    text(): Promise<string>;
    json(): Promise<unknown>;
}

function respond(status: number, body: unknown): FakeResponse {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    return {
        ok: status >= 200 && status < 300,
        status,
        statusText: String(status),
        headers: new Map([['content-type', typeof body === 'string' ? 'text/markdown' : 'application/json']]),
        text: async () => text,
        json: async () => JSON.parse(text),
    };
}

export class MockServer {
    readonly calls: Call[] = [];
    private readonly routes = new Map<string, Route>();
    readonly fetch: jest.Mock;

    constructor() {
        this.fetch = jest.fn(async (input: string, init: RequestInit = {}) => {
            const method = (init.method ?? 'GET').toUpperCase();
            const url = String(input);
            const path = url.startsWith(API) ? url.slice(API.length) : url.replace(SITE_URL, '');
            const headers = (init.headers ?? {}) as Record<string, string>;
            const body = typeof init.body === 'string' && init.body ? JSON.parse(init.body) : undefined;
            const call: Call = {method, url, path, body, headers};
            this.calls.push(call);
            const route = this.routes.get(`${method} ${path}`) ?? this.routes.get(`${method} ${path.split('?')[0]}`);
            if (!route) {
                return respond(404, {error: `no mock for ${method} ${path}`});
            }
            const answer = await route(body, call);
            return respond(answer?.status ?? 200, answer?.body);
        });
    }

    /** Registers an answer for "METHOD /path" (the path after /api/v1, or after the site URL for core routes). */
    on(key: string, route: Route): this;
    on(key: string, body: object): this;
    on(key: string, route: Route | object): this {
        this.routes.set(key, typeof route === 'function' ? route as Route : () => ({body: route}));
        return this;
    }

    has(key: string): boolean {
        return this.routes.has(key);
    }

    callsTo(method: string, prefix: string): Call[] {
        return this.calls.filter((c) => c.method === method && c.path.startsWith(prefix));
    }
}
