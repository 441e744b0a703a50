// Every KV key the product writes. Keys are short (Mattermost allows 150 characters) and
// namespaced by a prefix so a listKeys scan can find one kind of record.
export const KEY = {
    run: (runId: string): string => `run:${runId}`,
    channel: (channelId: string): string => `chan:${channelId}`,
    active: (): string => 'active',
    eventChunk: (runId: string, chunk: number): string => `ev:${runId}:${chunk}`,
    /** One generation of one step chunk of a run; never rewritten (see step-chunks.ts). */
    stepChunk: (runId: string, chunk: number, generation: string): string => `st:${runId}:${chunk}:${generation}`,
    /** Notes `n*25` to `n*25+24` of one step of a run (note-log.ts); `step` is the step id's key name. */
    noteChunk: (runId: string, step: string, chunk: number): string => `nt:${runId}:${step}:${chunk}`,
    /** Summaries of a channel's runs whose id hashes to `page` (run-summaries.ts). */
    summaries: (channelId: string, page: number): string => `sum:${channelId}:${page}`,
    template: (templateId: string): string => `tpl:${templateId}`,
    templateIndex: (): string => 'tpls',
    /** Which run holds a version in a channel (versions are at most 32 characters of [0-9A-Za-z.+-]). */
    version: (channelId: string, version: string): string => `ver:${channelId}:${version}`,
};

export const RUN_KEY_PREFIX = 'run:';
export const STEP_CHUNK_PREFIX = 'st:';
