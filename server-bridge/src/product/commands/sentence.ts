// Joining messages into replies: a message may or may not end its own sentence, so the
// joiner adds the full stop only where one is missing (never "..").
export function endSentence(text: string): string {
    const trimmed = text.trimEnd();
    return /[.!?:]$/.test(trimmed) || trimmed === '' ? trimmed : `${trimmed}.`;
}
