// Writing answers on the ServeHTTP response writer: JSON, text and the error shape
// {"error", "field"?} the API promises.
import type {HttpResponse} from '../http-types';

export async function sendJson(res: HttpResponse, status: number, body: unknown): Promise<void> {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.writeHead(status);
    await res.write(JSON.stringify(body));
}

export async function sendError(res: HttpResponse, status: number, error: string, field?: string, extra?: Record<string, unknown>): Promise<void> {
    await sendJson(res, status, {error, ...(field !== undefined ? {field} : {}), ...(extra ?? {})});
}

export async function sendText(res: HttpResponse, status: number, contentType: string, text: string, filename?: string): Promise<void> {
    res.setHeader('Content-Type', contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (filename) {
        res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
    }
    res.writeHead(status);
    await res.write(text);
}

/** An answer decided early (bad body, no user); the handler turns it into the error shape. */
export class HttpError extends Error {
    constructor(readonly status: number, message: string, readonly field?: string, readonly extra?: Record<string, unknown>) {
        super(message);
    }
}
