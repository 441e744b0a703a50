// The default template ships in the plugin bundle as Markdown, so admins can read it,
// export it and start their own from it; it is parsed like any other template.
import fs from 'fs';
import path from 'path';
import type {Template} from '../model';
import {parseTemplate} from './parse';

export const DEFAULT_TEMPLATE_MARKDOWN_PATH = 'assets/templates/security-release.md';

/** Reads and parses the default template below the plugin bundle root; throws if it is missing or invalid. */
export function readDefaultTemplate(bundleRoot: string): Template {
    const file = path.join(bundleRoot, DEFAULT_TEMPLATE_MARKDOWN_PATH);
    let markdown: string;
    try {
        markdown = fs.readFileSync(file, 'utf8');
    } catch (err) {
        throw new Error(`cannot read the default template ${DEFAULT_TEMPLATE_MARKDOWN_PATH}: ${(err as Error).message}`);
    }
    const {template, errors} = parseTemplate(markdown);
    if (!template) {
        const listed = errors.slice(0, 5).map((e) => `line ${e.line}: ${e.message}`).join('; ');
        throw new Error(`the default template ${DEFAULT_TEMPLATE_MARKDOWN_PATH} is invalid: ${listed}`);
    }
    return template;
}
