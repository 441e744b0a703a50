import {fitLogMessage, MAX_LOG_MESSAGE_BYTES} from './host-log';

// go-plugin's stderr reader takes at most 65,535 bytes before the newline as one line.
const GO_PLUGIN_LINE_BYTES = 64 * 1024 - 1;

test('a message that fits is left alone', () => {
    expect(fitLogMessage('ServeHTTP failed: boom')).toBe('ServeHTTP failed: boom');
    const edge = 'é'.repeat(MAX_LOG_MESSAGE_BYTES / 2);
    expect(fitLogMessage(edge)).toBe(edge);
});

test('a long message is cut to one stderr line with its level prefix, and says how much was cut', () => {
    const message = `ServeHTTP failed: ${'y'.repeat(200_000)}`;
    const fitted = fitLogMessage(message);
    expect(Buffer.byteLength(`[ERROR] ${fitted}`)).toBeLessThanOrEqual(GO_PLUGIN_LINE_BYTES);
    expect(fitted.startsWith('ServeHTTP failed: yyy')).toBe(true);
    const cut = Buffer.byteLength(message) - MAX_LOG_MESSAGE_BYTES;
    expect(fitted.endsWith(`y … (${cut} more bytes cut)`)).toBe(true);
});

test('the cut never splits a character', () => {
    // Two ASCII bytes first, so byte 1000 falls on the second byte of a 3-byte character.
    const message = `ab${'€'.repeat(30_000)}`;
    const fitted = fitLogMessage(message, 1000);
    const kept = fitted.slice(0, fitted.indexOf(' … '));
    expect(kept).toBe(`ab${'€'.repeat(332)}`);
    expect(fitted).not.toContain('\uFFFD');
    expect(fitted.endsWith(`(${2 + 3 * 30_000 - 998} more bytes cut)`)).toBe(true);
});
