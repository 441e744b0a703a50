// Incremental frame parser. Socket chunks arrive at arbitrary boundaries; the reader keeps
// at most one partial header (12 bytes) and hands data payloads on piece by piece as they
// arrive, so it never buffers a whole frame and never allocates from a length it read.

import {FrameHeader, HEADER_SIZE, readHeaderInto} from './frame';

/** Receives the pieces of one data frame's payload, in order, with the chunk each came in. */
export interface BodySink {
    receivePiece(piece: Buffer, parent: Buffer): void;
}

export interface FrameHandler {
    /**
     * Called once per header. For a data frame with a payload, returns where the payload
     * goes (null discards it). May throw to abort parsing; the reader then stays stopped.
     * The header object is reused for the next frame: it must not be kept.
     */
    onHeader(header: FrameHeader): BodySink | null;
}

export class FrameReader {
    private readonly headerBuf = Buffer.alloc(HEADER_SIZE);
    /** One header object for every frame: no allocation per frame. */
    private readonly header: FrameHeader = {version: 0, type: 0, flags: 0, streamId: 0, length: 0};
    private headerFill = 0;
    private bodyRemaining = 0;
    private sink: BodySink | null = null;
    private stopped = false;

    constructor(private readonly handler: FrameHandler) {}

    /** Stops all further parsing (after a fatal error or shutdown). */
    stop(): void {
        this.stopped = true;
    }

    feed(chunk: Buffer): void {
        let off = 0;
        while (off < chunk.length && !this.stopped) {
            if (this.bodyRemaining > 0) {
                const n = Math.min(this.bodyRemaining, chunk.length - off);
                this.bodyRemaining -= n;
                const sink = this.sink;
                if (this.bodyRemaining === 0) {
                    this.sink = null;
                }
                if (sink) {
                    sink.receivePiece(chunk.subarray(off, off + n), chunk);
                }
                off += n;
                continue;
            }
            const header = this.header;
            if (this.headerFill === 0 && chunk.length - off >= HEADER_SIZE) {
                readHeaderInto(header, chunk, off);
                off += HEADER_SIZE;
            } else {
                const n = Math.min(HEADER_SIZE - this.headerFill, chunk.length - off);
                chunk.copy(this.headerBuf, this.headerFill, off, off + n);
                this.headerFill += n;
                off += n;
                if (this.headerFill < HEADER_SIZE) {
                    return;
                }
                this.headerFill = 0;
                readHeaderInto(header, this.headerBuf, 0);
            }
            const sink = this.handler.onHeader(header);
            if (this.stopped) {
                return;
            }
            if (header.type === 0 && header.length > 0) {
                this.bodyRemaining = header.length;
                this.sink = sink;
            }
        }
    }
}
