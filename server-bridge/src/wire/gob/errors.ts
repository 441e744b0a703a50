/**
 * The one error type the gob codec throws. Every malformed, hostile or mismatched input ends
 * in a GobError, never in a RangeError or a hang, so callers can catch exactly this class.
 */

/** Machine-readable reason, stable for callers and tests. */
export type GobErrorCode =
    | 'TRUNCATED' // the stream ended inside a message
    | 'BAD_LENGTH' // a length or count read from the wire is impossible or over a limit
    | 'TOO_LARGE' // a message, value or type table exceeds a configured limit
    | 'TOO_DEEP' // nesting deeper than the configured depth
    | 'BAD_TYPE' // a type definition or type id on the wire is invalid or unknown
    | 'BAD_DATA' // a value's bytes do not follow the gob grammar
    | 'TYPE_MISMATCH' // the wire type cannot be decoded into the requested schema
    | 'RANGE' // a number does not fit the schema's Go type
    | 'NOT_REGISTERED' // an interface value names a type the registry does not know
    | 'BAD_VALUE' // a TypeScript value handed to the encoder does not fit its schema
    | 'FAILED'; // the decoder already failed on this stream and cannot continue

export class GobError extends Error {
    readonly code: GobErrorCode;
    /**
     * True when the stream cannot be trusted any more (framing or type table damaged); the
     * connection should be closed. False when only this one value was rejected and the
     * decoder has already skipped to the start of the next value.
     */
    readonly fatal: boolean;

    constructor(code: GobErrorCode, message: string, fatal = true) {
        super(`gob: ${message}`);
        this.name = 'GobError';
        this.code = code;
        this.fatal = fatal;
    }
}

/** Narrowing helper so call sites do not need instanceof chains. */
export function isGobError(err: unknown): err is GobError {
    return err instanceof GobError;
}
