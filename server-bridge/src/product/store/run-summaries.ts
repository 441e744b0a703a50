// Per-channel run summaries, so a channel's run list (the RHS list, `/release list` and
// `/release status`) reads a fixed number of small records whatever the number of runs:
// `sum:<channelId>:<k>` holds the summaries of the channel's runs whose id hashes to k
// (SUMMARY_PAGES pages). A run's summary is written after each change that alters it, and
// only if it is newer (by revision) than the one stored, so out-of-order writes are harmless.
// A summary missing after a crash is rebuilt from the run head by the next list.
import type {KVStore} from '../platform';
import type {Progress} from '../progress';
import {casUpdate} from './cas';
import {CorruptRecordError, decodeRecord, encodeRecord} from './codec';
import {KEY} from './keys';
import {RECORD_VERSION, type RunMeta} from './records';
import {chunkOfStep} from './step-chunks';

export const SUMMARY_PAGES = 16;

/** What a channel's run list shows of a run. */
export interface StoredSummary {
    id: string;
    version: string;
    releaseDay: string;
    status: RunMeta['status'];
    templateName: string;
    progress: Progress;
    revision: number;
    createdAt: string;
}

interface SummaryPage {
    schemaVersion: number;
    runs: Record<string, StoredSummary>;
}

export function summaryOf(run: RunMeta, progress: Progress): StoredSummary {
    return {
        id: run.id, version: run.version, releaseDay: run.releaseDay, status: run.status, templateName: run.templateName,
        progress: {...progress}, revision: run.revision, createdAt: run.createdAt,
    };
}

/** Whether a change alters what the list shows. */
export function summaryChanged(before: StoredSummary, after: StoredSummary): boolean {
    return before.status !== after.status || before.releaseDay !== after.releaseDay || before.version !== after.version ||
        before.templateName !== after.templateName || JSON.stringify(before.progress) !== JSON.stringify(after.progress);
}

const pageOf = (runId: string): number => chunkOfStep(runId, SUMMARY_PAGES);

function decodePage(key: string, bytes: Uint8Array | null): SummaryPage {
    if (!bytes) {
        return {schemaVersion: RECORD_VERSION, runs: {}};
    }
    const raw = decodeRecord(key, bytes);
    if (typeof raw.schemaVersion === 'number' && raw.schemaVersion > RECORD_VERSION) {
        throw new CorruptRecordError(`record at ${key} has schemaVersion ${raw.schemaVersion}, newer than this plugin understands (${RECORD_VERSION}); upgrade the plugin`);
    }
    const runs = raw.runs;
    if (typeof runs !== 'object' || runs === null || Array.isArray(runs)) {
        throw new CorruptRecordError(`record at ${key} is not a page of run summaries`);
    }
    return {schemaVersion: RECORD_VERSION, runs: runs as Record<string, StoredSummary>};
}

/** Stores the summary unless the page already has this run at the same or a newer revision. */
export async function writeSummary(kv: KVStore, channelId: string, summary: StoredSummary): Promise<void> {
    const key = KEY.summaries(channelId, pageOf(summary.id));
    await casUpdate(kv, key, (current) => {
        const page = decodePage(key, current);
        const known = Object.prototype.hasOwnProperty.call(page.runs, summary.id) ? page.runs[summary.id] : undefined;
        if (known && known.revision >= summary.revision) {
            return {skip: true, result: undefined};
        }
        const next: SummaryPage = {schemaVersion: RECORD_VERSION, runs: {...page.runs, [summary.id]: summary}};
        return {write: encodeRecord(`run summaries of channel ${channelId}`, next), result: undefined};
    });
}

/** Every summary stored for the channel, by run id (SUMMARY_PAGES reads, in parallel). */
export async function readSummaries(kv: KVStore, channelId: string): Promise<Map<string, StoredSummary>> {
    const out = new Map<string, StoredSummary>();
    const pages = await Promise.all(Array.from({length: SUMMARY_PAGES}, async (_, k) => {
        const key = KEY.summaries(channelId, k);
        return decodePage(key, await kv.get(key));
    }));
    for (const page of pages) {
        for (const [id, summary] of Object.entries(page.runs)) {
            out.set(id, summary);
        }
    }
    return out;
}
