// go-plugin v1.7.0 reads a plugin's stderr with a 64 KiB line buffer: a longer line loses its
// [LEVEL] prefix and reaches the server's log in 64 KiB pieces at debug level, which the
// server's default log level drops (test/conformance/protocol shows it). So a message is
// cut to fit one line, with what was cut said at its end.

/** Room for the message in one line, leaving space for the prefix and the cut note. */
export const MAX_LOG_MESSAGE_BYTES = 60 * 1024;

/** The message, or its first MAX_LOG_MESSAGE_BYTES bytes (at a character boundary) and a note. */
export function fitLogMessage(message: string, maxBytes = MAX_LOG_MESSAGE_BYTES): string {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit: short messages skip the encoding.
    if (message.length * 3 <= maxBytes) {
        return message;
    }
    const bytes = Buffer.from(message, 'utf8');
    if (bytes.length <= maxBytes) {
        return message;
    }
    let cut = maxBytes;
    // Back up over continuation bytes so no character is split.
    while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) {
        cut--;
    }
    return `${bytes.subarray(0, cut).toString('utf8')} … (${bytes.length - cut} more bytes cut)`;
}
