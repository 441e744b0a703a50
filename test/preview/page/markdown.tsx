// The host's PostUtils: Markdown to HTML with every piece of raw HTML in the text escaped,
// then HTML to React elements through an allow-list of tags and attributes, so nothing a
// user wrote is ever injected as markup (the contract Mattermost's own renderer keeps).
import {Marked} from 'marked';
import React from 'react';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const marked = new Marked({
    gfm: true,
    breaks: true,
    renderer: {
        html: ({text}) => escapeHtml(text),
    },
});

export function formatText(text: string): string {
    return marked.parse(String(text ?? ''), {async: false});
}

const ALLOWED = new Set([
    'p', 'br', 'hr', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span',
]);
const SAFE_HREF = /^(https?:|mailto:|\/(?!\/)|#)/i;

function convert(node: Node, key: number): React.ReactNode {
    if (node.nodeType === Node.TEXT_NODE) {
        return node.textContent;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) {
        return null;
    }
    const el = node as Element;
    const tag = el.tagName.toLowerCase();
    const children = Array.from(el.childNodes).map((c, i) => convert(c, i));
    if (!ALLOWED.has(tag)) {
        // Unknown elements keep their text and drop themselves.
        return <React.Fragment key={key}>{children}</React.Fragment>;
    }
    const props: Record<string, unknown> = {key};
    if (tag === 'a') {
        const href = el.getAttribute('href') ?? '';
        if (SAFE_HREF.test(href)) {
            props.href = href;
            if (/^https?:/i.test(href) && !href.startsWith(window.location.origin)) {
                props.target = '_blank';
                props.rel = 'noopener noreferrer';
            }
        }
    }
    const voidTag = tag === 'br' || tag === 'hr';
    return React.createElement(tag, props, voidTag ? undefined : children);
}

export function messageHtmlToComponent(html: string): React.ReactNode {
    const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
    return <span className='pv-md'>{Array.from(doc.body.childNodes).map((c, i) => convert(c, i))}</span>;
}
