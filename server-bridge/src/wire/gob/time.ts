/**
 * Go's time.Time on the wire: gob sends it through its GobEncode method, which is
 * MarshalBinary: version byte, seconds since January 1 of year 1 (int64), nanoseconds
 * (int32), zone offset in minutes (int16, -1 meaning UTC), and in version 2 one extra
 * byte of offset seconds.
 */
import {g, type GobEncoderSchema} from './schema';
import {GO_ZERO_TIME_UNIX, type GoTime} from './values';

const VERSION_1 = 1;
const VERSION_2 = 2;
/** Seconds from January 1 of year 1 to the Unix epoch (Go's unixToInternal). */
const UNIX_TO_INTERNAL = 62135596800n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function toNumberIfSafe(v: bigint): number | bigint {
    return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v;
}

export function marshalGoTime(t: GoTime): Uint8Array {
    if (!Number.isInteger(t.nsec) || t.nsec < 0 || t.nsec > 999_999_999) {
        throw new RangeError(`time.Time nanoseconds out of range: ${t.nsec}`);
    }
    let version = VERSION_1;
    let offsetMin = -1;
    let offsetSec = 0;
    if (t.offset !== null) {
        if (!Number.isInteger(t.offset)) {
            throw new RangeError(`time.Time zone offset must be whole seconds: ${t.offset}`);
        }
        if (t.offset % 60 !== 0) {
            version = VERSION_2;
            offsetSec = t.offset % 60; // truncated like Go's int8(offset % 60)
        }
        offsetMin = Math.trunc(t.offset / 60);
        if (offsetMin < -32768 || offsetMin === -1 || offsetMin > 32767) {
            throw new RangeError('time.Time: unexpected zone offset');
        }
    }
    const sec = (typeof t.sec === 'bigint' ? t.sec : BigInt(t.sec)) + UNIX_TO_INTERNAL;
    if (sec < -(1n << 63n) || sec >= 1n << 63n) {
        throw new RangeError('time.Time seconds out of range');
    }
    const out = new Uint8Array(version === VERSION_2 ? 16 : 15);
    const view = new DataView(out.buffer);
    out[0] = version;
    view.setBigInt64(1, sec);
    view.setInt32(9, t.nsec);
    view.setInt16(13, offsetMin);
    if (version === VERSION_2) {
        view.setInt8(15, offsetSec);
    }
    return out;
}

export function unmarshalGoTime(bytes: Uint8Array): GoTime {
    if (bytes.length === 0) {
        throw new Error('Time.UnmarshalBinary: no data');
    }
    const version = bytes[0];
    if (version !== VERSION_1 && version !== VERSION_2) {
        throw new Error('Time.UnmarshalBinary: unsupported version');
    }
    const want = version === VERSION_2 ? 16 : 15;
    if (bytes.length !== want) {
        throw new Error('Time.UnmarshalBinary: invalid length');
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const sec = view.getBigInt64(1) - UNIX_TO_INTERNAL;
    const nsec = view.getInt32(9);
    // Go adds the offset-seconds byte unsigned; mirror it so both sides agree on odd inputs.
    let offset = view.getInt16(13) * 60 + (version === VERSION_2 ? bytes[15] : 0);
    if (Object.is(offset, -0)) {
        offset = 0;
    }
    return {sec: toNumberIfSafe(sec), nsec, offset: offset === -60 ? null : offset};
}

export function isZeroGoTime(t: GoTime): boolean {
    return Number(t.sec) === GO_ZERO_TIME_UNIX && t.nsec === 0 && t.offset === null;
}

/** time.Time: Go gives it a GobEncode method, so its wire type is a GobEncoder type. */
export const goTimeSchema: GobEncoderSchema<GoTime> = g.gobEncoder<GoTime>({
    goName: 'time.Time',
    wire: 'GobEncoder',
    encode: marshalGoTime,
    decode: unmarshalGoTime,
    isZero: isZeroGoTime,
    zero: () => ({sec: GO_ZERO_TIME_UNIX, nsec: 0, offset: null}),
});
