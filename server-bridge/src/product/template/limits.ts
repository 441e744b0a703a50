// Bounds that keep parsing linear and its output readable, whatever is pasted in.

/** Larger input gets one error and is not parsed at all. */
export const MAX_TEMPLATE_BYTES = 256 * 1024;

/** Errors shown; the rest are summed up in a final "and N more" entry. */
export const MAX_ERRORS = 50;

/** Errors kept for sorting before the cap is applied; beyond this they are only counted. */
export const MAX_ERRORS_KEPT = 1000;

export const MAX_LINE_LENGTH = 2000;
export const MAX_TITLE_LENGTH = 300;
export const MAX_ID_LENGTH = 64;
export const MAX_ROLES = 20;
export const MAX_CONDITIONS = 50;
/**
 * Steps per template, sub-steps included (the default template has 33). A run stores every
 * step with its schedule and state (about 220 bytes each) and its text in one KV value:
 * without this bound a template of short lines ("- s1", 30,000 of them) fits the Markdown
 * limit and makes a record no run or template can be stored in. At 2500 steps a run of a
 * 256 KiB template measured 785 KB, under the 900 KiB value limit.
 */
export const MAX_STEPS = 2500;
