// One error type for every failed call, carrying what the UI needs to show it.
export class ApiError extends Error {
    readonly status: number;
    /** The request field the server blamed, when it named one. */
    readonly field?: string;
    /** Line-numbered template errors from the admin template routes. */
    readonly details?: Array<{line: number; message: string}>;

    constructor(message: string, status: number, field?: string, details?: Array<{line: number; message: string}>) {
        super(message);
        this.name = 'ApiError';
        this.status = status;
        this.field = field;
        this.details = details;
    }
}

/** Reads an error answer defensively: the body may be JSON, text, or nothing at all. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
    let message = `${res.status} ${res.statusText}`.trim();
    let field: string | undefined;
    let details: Array<{line: number; message: string}> | undefined;
    try {
        const text = await res.text();
        try {
            const body: unknown = JSON.parse(text);
            if (body && typeof body === 'object') {
                const b = body as Record<string, unknown>;
                if (typeof b.error === 'string' && b.error) {
                    message = b.error;
                } else if (typeof b.message === 'string' && b.message) {
                    message = b.message;
                }
                if (typeof b.field === 'string') {
                    field = b.field;
                }
                if (Array.isArray(b.errors)) {
                    details = b.errors.filter(isLineError);
                }
            }
        } catch {
            if (text.trim()) {
                message = text.trim().slice(0, 300);
            }
        }
    } catch {
        // The body could not be read; the status line is all there is.
    }
    return new ApiError(message, res.status, field, details);
}

function isLineError(e: unknown): e is {line: number; message: string} {
    return Boolean(e) && typeof (e as {line?: unknown}).line === 'number' && typeof (e as {message?: unknown}).message === 'string';
}

export function messageOf(err: unknown): string {
    if (err instanceof Error) {
        return err.message;
    }
    return String(err);
}

/** A refusal the server explained (a 4xx answer): its message is shown as is, not as a fault. */
export function isRefusal(err: unknown): boolean {
    return err instanceof ApiError && err.status >= 400 && err.status < 500;
}

export interface ShownError {
    message: string;
    /** True for the server's own refusals: shown without "Something went wrong". */
    plain: boolean;
}

export function shownError(err: unknown): ShownError {
    return {message: messageOf(err), plain: isRefusal(err)};
}
