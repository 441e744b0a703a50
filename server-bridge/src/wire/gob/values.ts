/**
 * The TypeScript shapes of decoded Go values that have no native JavaScript equivalent, with
 * small constructors so encoder input and decoder output look the same.
 */

/** A non-nil Go interface value: the registered concrete type name and the concrete value. */
export interface GoInterface {
    readonly type: string;
    readonly value: unknown;
}

/** A Go complex64 or complex128. */
export interface GoComplex {
    readonly real: number;
    readonly imag: number;
}

/**
 * A Go time.Time as its binary form carries it: Unix seconds (number while safe, bigint
 * beyond 2^53), nanoseconds within the second, and the zone offset in seconds east of UTC, or
 * null for Go's UTC location. Go's zero time is {sec: -62135596800, nsec: 0, offset: null}.
 */
export interface GoTime {
    readonly sec: number | bigint;
    readonly nsec: number;
    readonly offset: number | null;
}

/** Unix seconds of Go's zero time, January 1 of year 1, UTC. */
export const GO_ZERO_TIME_UNIX = -62135596800;

export function goInterface(type: string, value: unknown): GoInterface {
    return {type, value};
}

export function goComplex(real: number, imag: number): GoComplex {
    return {real, imag};
}

export function goZeroTime(): GoTime {
    return {sec: GO_ZERO_TIME_UNIX, nsec: 0, offset: null};
}

/** A GoTime for a JavaScript Date (millisecond precision), in UTC unless an offset is given. */
export function goTimeFromDate(date: Date, offset: number | null = null): GoTime {
    const ms = date.getTime();
    if (!Number.isFinite(ms)) {
        throw new RangeError('goTimeFromDate: invalid Date');
    }
    const sec = Math.floor(ms / 1000);
    return {sec, nsec: (ms - sec * 1000) * 1_000_000, offset};
}

/** The JavaScript Date of a GoTime (nanoseconds below a millisecond are dropped). */
export function goTimeToDate(t: GoTime): Date {
    return new Date(Number(t.sec) * 1000 + Math.floor(t.nsec / 1_000_000));
}

export function isGoInterface(v: unknown): v is GoInterface {
    return typeof v === 'object' && v !== null && typeof (v as GoInterface).type === 'string' && 'value' in v;
}

/**
 * Turns a JSON-like JavaScript value into the interface values Go's encoding/json would have
 * produced (string, float64, bool, []interface {}, map[string]interface {}), the shape
 * Mattermost keeps in map[string]interface{} fields such as Post.Props.
 */
export function jsonToGoInterface(v: unknown): GoInterface | null {
    if (v === null || v === undefined) {
        return null;
    }
    switch (typeof v) {
    case 'string':
        return goInterface('string', v);
    case 'number':
        return goInterface('float64', v);
    case 'boolean':
        return goInterface('bool', v);
    case 'object':
        if (Array.isArray(v)) {
            return goInterface('[]interface {}', v.map(jsonToGoInterface));
        }
        return goInterface('map[string]interface {}', new Map(Object.entries(v).map(([k, e]) => [k, jsonToGoInterface(e)])));
    default:
        throw new TypeError(`jsonToGoInterface: cannot represent a ${typeof v}`);
    }
}

/**
 * The reverse: strips interface wrappers and turns string-keyed Maps into plain objects, for
 * code that wants JSON-like data (Maps with other keys stay Maps).
 */
export function goInterfaceToJSON(v: unknown): unknown {
    if (isGoInterface(v)) {
        return goInterfaceToJSON(v.value);
    }
    if (Array.isArray(v)) {
        return v.map(goInterfaceToJSON);
    }
    if (v instanceof Map) {
        if ([...v.keys()].every((k) => typeof k === 'string')) {
            const out: Record<string, unknown> = {};
            for (const [k, e] of v) {
                Object.defineProperty(out, k as string, {value: goInterfaceToJSON(e), enumerable: true, writable: true, configurable: true});
            }
            return out;
        }
        return new Map([...v].map(([k, e]) => [goInterfaceToJSON(k), goInterfaceToJSON(e)]));
    }
    if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
        const out: Record<string, unknown> = {};
        for (const [k, e] of Object.entries(v)) {
            Object.defineProperty(out, k, {value: goInterfaceToJSON(e), enumerable: true, writable: true, configurable: true});
        }
        return out;
    }
    return v;
}
