import React from 'react';

/**
 * User-written Markdown, rendered the way Mattermost renders posts when the host exposes
 * its renderer (it escapes HTML); plain text otherwise. Never injected as raw HTML.
 */
export function Markdown({text}: {text: string}) {
    const utils = window.PostUtils;
    if (utils?.formatText && utils.messageHtmlToComponent) {
        const html = utils.formatText(text, {atMentions: true, markdown: true});
        return <div className='rc-md'>{utils.messageHtmlToComponent(html, {mentionHighlight: false})}</div>;
    }
    return <div className='rc-md rc-pre'>{text}</div>;
}
