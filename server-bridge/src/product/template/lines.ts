// Splits the source into classified lines: the dialect is line-oriented, so every
// decision the parser makes is about one line, its indent and its first characters.

export type LineKind = 'blank' | 'heading' | 'item' | 'quote' | 'bold' | 'text';

export interface SourceLine {
    /** 1-based. */
    no: number;
    kind: LineKind;
    /** Leading spaces, a tab counting as 4. */
    indent: number;
    /** The line after its indent, without trailing whitespace. */
    text: string;
    /** heading: number of '#'. */
    level?: number;
    /** heading, item, quote, bold: what follows the marker. */
    content?: string;
    /** item: column where its content starts. */
    contentCol?: number;
}

const HEADING = /^(#{1,6})(?:[ \t]+(.*))?$/;
const ITEM = /^([-*+]|\d{1,9}[.)])(?:([ \t]+)(.*))?$/;
const QUOTE = /^>(?: ?)(.*)$/;
const BOLD = /^\*\*([^*]+?):?\*\*:?$/;

function measureIndent(line: string): {indent: number; rest: string} {
    let indent = 0;
    let i = 0;
    for (; i < line.length; i++) {
        if (line[i] === ' ') {
            indent++;
        } else if (line[i] === '\t') {
            indent += 4;
        } else {
            break;
        }
    }
    return {indent, rest: line.slice(i)};
}

export function classifyLine(raw: string, no: number): SourceLine {
    const {indent, rest} = measureIndent(raw.trimEnd());
    if (rest === '') {
        return {no, kind: 'blank', indent: 0, text: ''};
    }
    const heading = indent === 0 ? HEADING.exec(rest) : null;
    if (heading) {
        return {no, kind: 'heading', indent, text: rest, level: heading[1].length, content: (heading[2] ?? '').trim()};
    }
    const item = ITEM.exec(rest);
    if (item) {
        const gap = item[2] ?? '';
        return {no, kind: 'item', indent, text: rest, content: (item[3] ?? '').trim(), contentCol: indent + item[1].length + (gap.length || 1)};
    }
    const quote = QUOTE.exec(rest);
    if (quote) {
        return {no, kind: 'quote', indent, text: rest, content: quote[1]};
    }
    const bold = indent === 0 ? BOLD.exec(rest) : null;
    if (bold) {
        return {no, kind: 'bold', indent, text: rest, content: bold[1].trim()};
    }
    return {no, kind: 'text', indent, text: rest};
}

/** Lines of any common ending; a leading byte-order mark is dropped. */
export function splitSource(source: string): string[] {
    return source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}
