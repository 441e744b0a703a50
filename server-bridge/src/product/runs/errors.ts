// The one error type the run service throws for a refused action. `kind` maps to an HTTP
// status in the API and to a plain sentence in the slash command; `field` names the input
// at fault when there is one.
export type ActionErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'too_large';

export const STATUS_OF: Record<ActionErrorKind, number> = {
    invalid: 400,
    forbidden: 403,
    not_found: 404,
    conflict: 409,
    too_large: 413,
};

export class ActionError extends Error {
    constructor(readonly kind: ActionErrorKind, message: string, readonly field?: string) {
        super(message);
        this.name = 'ActionError';
    }
}

export const invalid = (message: string, field?: string): ActionError => new ActionError('invalid', message, field);
export const forbidden = (message: string): ActionError => new ActionError('forbidden', message);
export const notFound = (message: string): ActionError => new ActionError('not_found', message);
export const conflict = (message: string): ActionError => new ActionError('conflict', message);

/** What a non-member is told about any run, existing or not, so existence never leaks. */
export const NO_ACCESS = 'run not found, or you are not a member of its channel';
