// Mattermost rejects posts longer than 16383 characters, and a long run's report exceeds
// that. This splits Markdown into posts at blank lines (between sections and tables),
// falling back to line boundaries, and repeats a table's header row in each part so every
// post still renders its table.

export const MAX_POST_LENGTH = 16383;

function tableHeader(lines: string[]): string[] {
    return lines.length >= 2 && lines[0].startsWith('|') && /^\|[-| :]+\|$/.test(lines[1]) ? lines.slice(0, 2) : [];
}

/** Splits one too-long block into pieces of whole lines (or hard cuts of a single huge line). */
function splitBlock(block: string, limit: number): string[] {
    const lines = block.split('\n');
    // A header that would crowd out the rows is not repeated.
    const found = tableHeader(lines);
    const header = found.join('\n').length < limit / 4 ? found : [];
    const headerText = header.length ? header.join('\n') + '\n' : '';
    const body = header.length ? lines.slice(2) : lines;
    const room = limit - headerText.length;
    const pieces: string[] = [];
    let current = '';
    const flush = (): void => {
        if (current !== '') {
            pieces.push(headerText + current);
            current = '';
        }
    };
    for (const line of body) {
        const chunks: string[] = [];
        for (let i = 0; i < Math.max(1, line.length); i += room) {
            chunks.push(line.slice(i, i + room));
        }
        for (const chunk of chunks) {
            const next = current === '' ? chunk : `${current}\n${chunk}`;
            if (next.length > room) {
                flush();
                current = chunk;
            } else {
                current = next;
            }
        }
    }
    flush();
    return pieces;
}

export function splitMessage(markdown: string, limit = MAX_POST_LENGTH): string[] {
    if (limit < 200) {
        throw new Error('splitMessage: limit too small');
    }
    const blocks = markdown.trimEnd().split(/\n{2,}/);
    const posts: string[] = [];
    let current = '';
    for (const block of blocks) {
        const pieces = block.length > limit ? splitBlock(block, limit) : [block];
        for (const piece of pieces) {
            const next = current === '' ? piece : `${current}\n\n${piece}`;
            if (next.length > limit) {
                posts.push(current);
                current = piece;
            } else {
                current = next;
            }
        }
    }
    if (current !== '') {
        posts.push(current);
    }
    return posts;
}
