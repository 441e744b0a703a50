// Incremental frame parser. Socket chunks arrive at arbitrary boundaries; the reader keeps
// at most one partial header (12 bytes) and hands data payloads on piece by piece as they
// arrive, so it never buffers a whole frame and never allocates from a length it read.

import {decodeHeader, FrameHeader, HEADER_SIZE} from './frame';

/** Receives the pieces of one data frame's payload, in order; `last` on the final piece. */
export type BodySink = (piece: Buffer, parent: Buffer, last: boolean) => void;

export interface FrameHandler {
    /**
     * Called once per header. For a data frame with a payload, returns where the payload
     * goes (null discards it). May throw to abort parsing; the reader then stays stopped.
     */
    onHeader(header: FrameHeader): BodySink | null;
}

export class FrameReader {
    private readonly headerBuf = Buffer.alloc(HEADER_SIZE);
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
                    sink(chunk.subarray(off, off + n), chunk, this.bodyRemaining === 0);
                }
                off += n;
                continue;
            }
            let header: FrameHeader;
            if (this.headerFill === 0 && chunk.length - off >= HEADER_SIZE) {
                header = decodeHeader(chunk, off);
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
                header = decodeHeader(this.headerBuf);
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
