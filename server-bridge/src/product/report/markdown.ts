// Escaping for text that comes from users (step titles, reasons, notes, names) when it is put
// into Markdown the bot posts. The goal is structural safety: user text can never open a
// link, close a table cell, start a heading or list, or mention anyone.

/** Characters that start or end Markdown constructs inline. */
const INLINE_SPECIALS = /[\\`*_{}[\]()<>#+!|~]/g;

/**
 * An '@' that starts a word: @channel, @all and @here notify everyone, and a user or group
 * name notifies those people when the bot reposts user text. An '@' inside a word (an e-mail
 * address) is not a mention and is left alone.
 */
const MENTION = /(^|[^\w.])@(?=[A-Za-z0-9_])/g;

/** One line of user text, safe inside a paragraph or list item. */
export function escapeInline(text: string): string {
    return text
        .replace(/\r\n?|\n/g, ' ')
        .replace(INLINE_SPECIALS, (c) => `\\${c}`)
        // A zero-width space after '@' keeps the word readable but stops the mention.
        .replace(MENTION, '$1@\u200b')
        .trim()
        // A leading '-' or '1.' would turn the text into a list item wherever it starts a line.
        .replace(/^-(?=[\s-]|$)/, '\\-')
        .replace(/^(\d+)\.(?=\s|$)/, '$1\\.');
}

/** User text safe inside a table cell: one line, pipes escaped, never empty. */
export function escapeCell(text: string): string {
    const escaped = escapeInline(text);
    return escaped === '' ? ' ' : escaped;
}

/**
 * A URL safe inside `[text](url)`: only http(s) is accepted (no javascript: or data:), and
 * the characters that would end the link destination are percent-encoded. Returns null for
 * anything else, so the caller shows it as plain text instead.
 */
export function safeUrl(raw: string): string | null {
    let url: URL;
    try {
        url = new URL(raw.trim());
    } catch {
        return null;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return null;
    }
    return url.toString().replace(/[()<>\s|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A Markdown link when the URL is safe, otherwise the escaped text. */
export function link(text: string, rawUrl: string): string {
    const url = safeUrl(rawUrl);
    const label = escapeInline(text);
    return url === null ? label : `[${label}](${url})`;
}

/** Permalink to a post: the team's URL when known, otherwise Mattermost's team-agnostic redirect. */
export function permalink(siteURL: string, postId: string, teamName?: string): string {
    const base = siteURL.replace(/\/+$/, '');
    const team = teamName ? encodeURIComponent(teamName) : '_redirect';
    return `${base}/${team}/pl/${encodeURIComponent(postId)}`;
}

/**
 * A step's number as posts write it: `#25`, `#7.2`. Written `25.` at the start of a list item
 * it is a numbered-list marker, which Mattermost renders as a nested list numbered its own
 * way; `#25` stays literal (a hashtag needs a letter first) and is what `/release done` takes.
 */
export function stepRef(number: string | undefined): string {
    return number ? `#${number}` : '';
}
