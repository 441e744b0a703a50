// Small helpers for the preview's own routes: capped JSON bodies and JSON answers.
import {randomBytes} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';

import {bodyChunks, closeAfterAnswer, discardRest} from './early-answer';

export const MAX_BODY = 1024 * 1024;

/** Mattermost's error ids for the answers the preview shares with it (model.AppError.Id). */
export const ERROR_ID = {
    session: 'api.context.session_expired.app_error',
    permissions: 'api.context.permissions.app_error',
    login: 'api.user.login.invalid_credentials_email_username',
    commandNotFound: 'api.command.execute_command.not_found.app_error',
    invalidBody: 'api.context.invalid_body_param.app_error',
} as const;

export class HttpError extends Error {
    constructor(readonly status: number, message: string, readonly id = 'preview.error') {
        super(message);
    }
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of bodyChunks(req)) {
        size += chunk.length;
        if (size > MAX_BODY) {
            discardRest(req);
            throw new HttpError(413, `request body over ${MAX_BODY} bytes`);
        }
        chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') {
        return {};
    }
    try {
        return JSON.parse(text);
    } catch {
        throw new HttpError(400, 'request body is not valid JSON');
    }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    if (status === 413) {
        closeAfterAnswer(res);
    }
    res.writeHead(status, {'content-type': 'application/json', 'cache-control': 'no-store'});
    res.end(text);
}

/** Mattermost's error shape (model.AppError): {id, message, detailed_error, request_id, status_code}. */
export function sendError(res: ServerResponse, status: number, message: string, id = 'preview.error'): void {
    sendJson(res, status, {id, message, detailed_error: '', request_id: randomBytes(13).toString('hex'), status_code: status});
}

export function str(value: unknown, field: string): string {
    if (typeof value !== 'string') {
        throw new HttpError(400, `${field} must be a string`);
    }
    return value;
}
