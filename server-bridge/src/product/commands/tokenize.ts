// Reads words from a slash command line. Double or single quotes group words ("Test the new
// RC"); mobile keyboards produce curly quotes, so those count too. An unclosed quote is an
// error rather than a silent guess. Words are read one at a time so that free text at the
// end (a skip reason) is taken raw and never tokenized.

export interface Word {
    text: string;
    /** Offset in the line just after the word and its closing quote. */
    end: number;
}

export type ReadResult = {ok: true; word: Word | null} | {ok: false; error: string};

const CLOSING: Record<string, string[]> = {'"': ['"'], "'": ["'"], '\u201c': ['\u201d', '"'], '\u2018': ['\u2019', "'"]};

/** The next word at or after `from`, or null at the end of the line. */
export function readWord(line: string, from: number): ReadResult {
    let i = from;
    while (i < line.length && /\s/.test(line[i])) {
        i++;
    }
    if (i >= line.length) {
        return {ok: true, word: null};
    }
    const closers = CLOSING[line[i]];
    if (closers) {
        let j = i + 1;
        while (j < line.length && !closers.includes(line[j])) {
            j++;
        }
        if (j >= line.length) {
            return {ok: false, error: `A quote is not closed: ${line.slice(i)}`};
        }
        return {ok: true, word: {text: line.slice(i + 1, j), end: j + 1}};
    }
    let j = i;
    while (j < line.length && !/\s/.test(line[j])) {
        j++;
    }
    return {ok: true, word: {text: line.slice(i, j), end: j}};
}

/** All the words of a line. */
export function tokenize(line: string): {ok: true; words: Word[]} | {ok: false; error: string} {
    const words: Word[] = [];
    let at = 0;
    for (;;) {
        const r = readWord(line, at);
        if (!r.ok) {
            return r;
        }
        if (!r.word) {
            return {ok: true, words};
        }
        words.push(r.word);
        at = r.word.end;
    }
}
