// Multi-line blocks (descriptions, messages) gathered line by line: blank lines inside a
// block are kept, blank lines around it are not.

/** Adds a line, first restoring the blank lines seen since the block's previous line. */
export function appendWithBlanks(into: string[], text: string, blanks: number): void {
    if (into.length > 0) {
        for (let i = 0; i < blanks; i++) {
            into.push('');
        }
    }
    into.push(text);
}

export function leadingBlankCount(lines: readonly string[]): number {
    let n = 0;
    while (n < lines.length && lines[n].trim() === '') {
        n++;
    }
    return n;
}

export function trimBlankLines(lines: readonly string[]): string[] {
    let start = leadingBlankCount(lines);
    let end = lines.length;
    while (end > start && lines[end - 1].trim() === '') {
        end--;
    }
    start = Math.min(start, end);
    return lines.slice(start, end);
}
