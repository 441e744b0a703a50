// The template Markdown dialect: parse, export, and the default template in the bundle.
// The dialect is described in docs/template-dialect.md.
export {parseTemplate} from './parse';
export type {ParseResult} from './parse';
export {exportTemplate} from './export';
export {readDefaultTemplate, DEFAULT_TEMPLATE_MARKDOWN_PATH} from './default-template';
export {ANNOUNCEMENT_CHANNEL_SETTINGS} from './markers';
export {MAX_TEMPLATE_BYTES, MAX_ERRORS} from './limits';
export {slugify} from './slug';
