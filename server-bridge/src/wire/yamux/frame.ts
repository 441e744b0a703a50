// yamux wire format (hashicorp/yamux spec): a 12-byte big-endian header
// [version u8][type u8][flags u16][stream id u32][length u32], followed by `length`
// payload bytes for data frames only. For window updates the length is the window delta,
// for pings an opaque id echoed back, for go-away the reason code.

export const PROTO_VERSION = 0;
export const HEADER_SIZE = 12;

/** The stream window every stream starts with on both sides (256 KiB). */
export const INITIAL_STREAM_WINDOW = 256 * 1024;

/** Largest value a uint32 field can hold; windows may never exceed it. */
export const MAX_UINT32 = 0xffffffff;

export enum FrameType {
    Data = 0,
    WindowUpdate = 1,
    Ping = 2,
    GoAway = 3,
}

export const Flag = {
    SYN: 1,
    ACK: 2,
    FIN: 4,
    RST: 8,
} as const;

export const GoAwayCode = {
    Normal: 0,
    ProtocolError: 1,
    InternalError: 2,
} as const;

export interface FrameHeader {
    version: number;
    type: FrameType;
    flags: number;
    streamId: number;
    length: number;
}

export function encodeHeader(type: FrameType, flags: number, streamId: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(HEADER_SIZE);
    writeHeader(buf, type, flags, streamId, length);
    return buf;
}

/** Writes a header into the first HEADER_SIZE bytes of `buf`. */
export function writeHeader(buf: Buffer, type: FrameType, flags: number, streamId: number, length: number): void {
    buf[0] = PROTO_VERSION;
    buf[1] = type;
    buf.writeUInt16BE(flags, 2);
    buf.writeUInt32BE(streamId, 4);
    buf.writeUInt32BE(length, 8);
}

/** Reads the fields of a header without judging them; see the session for validation. */
export function decodeHeader(buf: Buffer, offset = 0): FrameHeader {
    const h: FrameHeader = {version: 0, type: 0, flags: 0, streamId: 0, length: 0};
    readHeaderInto(h, buf, offset);
    return h;
}

/** decodeHeader into an existing object (the frame reader's, reused for every frame). */
export function readHeaderInto(h: FrameHeader, buf: Buffer, offset: number): void {
    h.version = buf[offset];
    h.type = buf[offset + 1];
    h.flags = buf.readUInt16BE(offset + 2);
    h.streamId = buf.readUInt32BE(offset + 4);
    h.length = buf.readUInt32BE(offset + 8);
}

export function describeHeader(h: FrameHeader): string {
    return `Vsn:${h.version} Type:${h.type} Flags:${h.flags} StreamID:${h.streamId} Length:${h.length}`;
}
