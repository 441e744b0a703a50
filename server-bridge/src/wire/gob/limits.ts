/**
 * Bounds applied to everything read from the wire. Each one is checked before anything is
 * allocated, so a hostile peer can make the decoder fail but never make it grow without limit.
 */
export interface GobLimits {
    /** Largest single message (the byte count that prefixes it). Go itself allows up to 8 GiB. */
    maxMessageBytes: number;
    /** Deepest nesting of composite values (struct, slice, array, map, interface) in one value. */
    maxDepth: number;
    /** Type definitions one stream may declare. */
    maxTypes: number;
    /**
     * Struct fields summed over every type definition of one stream. Each field costs one wire
     * byte but a record in memory, so without this a single large definition message could
     * make the type table many times larger than the input.
     */
    maxTypeFields: number;
    /** Values (fields, elements, keys) one decoded top-level value may produce, zero fields included. */
    maxValueItems: number;
}

export const DEFAULT_LIMITS: Readonly<GobLimits> = Object.freeze({
    maxMessageBytes: 64 * 1024 * 1024,
    maxDepth: 100,
    maxTypes: 10_000,
    maxTypeFields: 100_000,
    maxValueItems: 4_000_000,
});

export function resolveLimits(partial?: Partial<GobLimits>): GobLimits {
    const limits = {...DEFAULT_LIMITS, ...partial};
    for (const [key, value] of Object.entries(limits)) {
        if (!Number.isSafeInteger(value) || value <= 0) {
            throw new RangeError(`gob limit ${key} must be a positive integer, got ${String(value)}`);
        }
    }
    return limits;
}
