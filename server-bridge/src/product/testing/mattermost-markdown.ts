// Posted Markdown as Mattermost reads it, for tests: the mobile apps parse posts with
// Mattermost's commonmark fork (@mattermost/commonmark), the web app with marked (GitHub
// flavour). Both are asked, so a post that renders differently from what was written (a step
// number turned into a list marker) fails here rather than in a channel.
import {Parser, type Node} from '@mattermost/commonmark';
import {lexer, type Token, type Tokens} from 'marked';

export interface ListItem {
    /** The list's kind and, for a numbered list, the number it starts from. */
    ordered: boolean;
    start: number | null;
    /** The item's text as rendered (nested lists excluded). */
    text: string;
    /** 1 for an item of a top-level list, 2 for an item of a list inside an item, ... */
    depth: number;
}

function textOf(node: Node): string {
    let out = '';
    const walker = node.walker();
    let e = walker.next();
    while (e) {
        // A nested list is an item of its own.
        if (e.entering && e.node !== node && e.node.type === 'list') {
            walker.resumeAt(e.node, false);
        } else if (e.entering && (e.node.type === 'text' || e.node.type === 'code') && e.node.literal) {
            out += e.node.literal;
        } else if (e.entering && (e.node.type === 'softbreak' || e.node.type === 'linebreak')) {
            out += '\n';
        }
        e = walker.next();
    }
    return out;
}

/** Every list item of the Markdown as @mattermost/commonmark reads it. */
export function commonmarkItems(markdown: string): ListItem[] {
    const items: ListItem[] = [];
    const visit = (node: Node, depth: number) => {
        for (let child = node.firstChild; child; child = child.next) {
            if (child.type === 'list') {
                for (let item = child.firstChild; item; item = item.next) {
                    items.push({ordered: child.listType === 'ordered', start: child.listStart, text: textOf(item), depth: depth + 1});
                    visit(item, depth + 1);
                }
            } else {
                visit(child, depth);
            }
        }
    };
    visit(new Parser().parse(markdown), 0);
    return items;
}

/** The rendered text of a token: escapes resolved, hard breaks as newlines. */
function inlineText(token: Token): string {
    if (token.type === 'br') {
        return '\n';
    }
    const inner = (token as {tokens?: Token[]}).tokens;
    if (Array.isArray(inner) && inner.length > 0) {
        return inner.map(inlineText).join('');
    }
    return 'text' in token ? String(token.text) : '';
}

/** Every list item of the Markdown as marked (the web app's parser, GitHub flavour) reads it. */
export function markedItems(markdown: string): ListItem[] {
    const items: ListItem[] = [];
    const visit = (tokens: Token[], depth: number) => {
        for (const t of tokens) {
            if (t.type === 'list') {
                const list = t as Tokens.List;
                for (const item of list.items) {
                    const text = item.tokens.filter((x) => x.type !== 'list').map(inlineText).join('\n');
                    items.push({ordered: list.ordered, start: list.ordered ? Number(list.start) : null, text, depth: depth + 1});
                    visit(item.tokens, depth + 1);
                }
            } else if ('tokens' in t && Array.isArray(t.tokens)) {
                visit(t.tokens, depth);
            }
        }
    };
    visit(lexer(markdown, {gfm: true}), 0);
    return items;
}
