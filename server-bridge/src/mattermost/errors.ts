// Errors as Mattermost's plugin RPC carries them (docs/mattermost-rpc.md §5): *model.AppError
// values, and *plugin.ErrorString for any other Go error. Incoming ones become thrown
// MattermostApiErrors with the server's text; outgoing ones are encoded the way the Go
// plugin side's encodableError does.
import {goInterface, isGoInterface, type GoInterface} from '../wire/gob';

export interface AppErrorValue {
    Id: string;
    Message: string;
    DetailedError: string;
    RequestId: string;
    StatusCode: number | bigint;
    Where: string;
    IsOAuth: boolean;
    SkipTranslation: boolean;
}

/** An error the Mattermost API answered with; `statusCode` is the AppError's HTTP status. */
export class MattermostApiError extends Error {
    constructor(message: string, readonly statusCode: number, readonly id: string, readonly where: string, readonly detailedError = '') {
        super(message);
        this.name = 'MattermostApiError';
    }

    get notFound(): boolean {
        return this.statusCode === 404;
    }
}

/** model.AppError.Error(): "Where: Message, DetailedError". */
export function appErrorText(e: Pick<AppErrorValue, 'Where' | 'Message' | 'DetailedError'>): string {
    const base = `${e.Where}: ${e.Message}`;
    return e.DetailedError ? `${base}, ${e.DetailedError}` : base;
}

export function fromAppError(e: AppErrorValue, call: string): MattermostApiError {
    const status = Number(e.StatusCode);
    return new MattermostApiError(`${call}: ${appErrorText(e)}`, Number.isSafeInteger(status) ? status : 500, e.Id, e.Where, e.DetailedError);
}

/** The error in an `error`-typed reply field, or null when there is none. */
export function fromErrorInterface(v: unknown, call: string): Error | null {
    if (v === null || v === undefined) {
        return null;
    }
    if (!isGoInterface(v)) {
        return new Error(`${call}: unreadable error value`);
    }
    const value = v.value as Record<string, unknown> | null;
    if (v.type === '*model.AppError' && value) {
        return fromAppError(value as unknown as AppErrorValue, call);
    }
    if (v.type === '*plugin.ErrorString' && value) {
        return new Error(`${call}: ${String(value.Err ?? '')}`);
    }
    return new Error(`${call}: error of type ${v.type}`);
}

function messageOf(err: unknown): string {
    if (err instanceof Error) {
        return err.message || err.name;
    }
    return String(err);
}

/**
 * Like the Go plugin side's encodableError: an API error the product let through keeps its
 * AppError form; anything else becomes *plugin.ErrorString{Code: 0, Err: message}.
 */
export function encodableError(err: unknown): GoInterface | null {
    if (err === null || err === undefined) {
        return null;
    }
    if (err instanceof MattermostApiError) {
        return goInterface('*model.AppError', newAppError(err.where, err.id, err.message, err.statusCode, err.detailedError));
    }
    return goInterface('*plugin.ErrorString', {Code: 0, Err: messageOf(err) || 'error'});
}

export function newAppError(where: string, id: string, message: string, statusCode: number, detailedError = ''): AppErrorValue {
    return {Id: id, Message: message, DetailedError: detailedError, RequestId: '', StatusCode: statusCode, Where: where, IsOAuth: false, SkipTranslation: true};
}
