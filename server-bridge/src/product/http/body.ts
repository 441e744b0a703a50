// Request bodies: read from the stream with a size cap (413 as soon as it is crossed, without
// reading further), decoded as UTF-8 JSON (400 otherwise), then checked against a zod schema
// (400 naming the first field at fault).
import type {z} from 'zod';
import type {HttpRequest} from '../http-types';
import {HttpError} from './respond';

export const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: HttpRequest, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of req.body) {
        size += chunk.length;
        if (size > limit) {
            throw new HttpError(413, `request body is larger than ${limit} bytes`);
        }
        chunks.push(chunk);
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
        out.set(c, at);
        at += c.length;
    }
    return out;
}

const decoder = new TextDecoder('utf-8', {fatal: true});

/** Parses the body as JSON; an empty body counts as `{}` (actions whose fields are all optional). */
export async function readJson(req: HttpRequest): Promise<unknown> {
    const bytes = await readBody(req);
    let text: string;
    try {
        text = decoder.decode(bytes);
    } catch {
        throw new HttpError(400, 'request body is not valid UTF-8');
    }
    if (text.trim() === '') {
        return {};
    }
    try {
        return JSON.parse(text);
    } catch {
        throw new HttpError(400, 'request body is not valid JSON');
    }
}

/** The shape of tooLong/tooMany (runs/inputs.ts). */
const LIMIT_MESSAGE = /^[\w.-]+(?: [\w.-]+)*: at most \d+ /;

export async function readValid<S extends z.ZodType>(req: HttpRequest, schema: S): Promise<z.infer<S>> {
    const value = await readJson(req);
    const result = schema.safeParse(value);
    if (!result.success) {
        const issue = result.error.issues[0];
        const field = issue.path.map(String).join('.');
        // Size limits are worded whole, as the run service words them (see schemas.ts); other
        // messages get the field named.
        const worded = issue.code === 'custom' && LIMIT_MESSAGE.test(issue.message);
        const message = field && !worded ? `${field}: ${issue.message}` : issue.message;
        throw new HttpError(400, message, field || undefined);
    }
    return result.data;
}
