// Reads and writes `hist:<templateId>` with the same compare-and-set discipline as the runs,
// so two runs of one template finishing at the same moment both land in the history.
import type {KVStore} from '../platform';
import type {Run} from '../model';
import {casUpdate, isTemplateId} from '../store';
import {decodeRecord, encodeRecord} from '../store/codec';

import {emptyHistory, historyKey, historyRunOf, parseHistory, withRun, type HistoryRun} from './record';

export class HistoryStore {
    constructor(private readonly kv: KVStore) {}

    /** The template's finished runs the history keeps, oldest finish first. */
    async read(templateId: string): Promise<HistoryRun[]> {
        if (!isTemplateId(templateId)) {
            return [];
        }
        const key = historyKey(templateId);
        const bytes = await this.kv.get(key);
        return bytes ? parseHistory(key, decodeRecord(key, bytes)).runs : [];
    }

    /** Adds a finished run (again: a run finished twice keeps its latest facts). */
    async record(run: Run): Promise<void> {
        if (!isTemplateId(run.templateId)) {
            return;
        }
        const key = historyKey(run.templateId);
        const entry = historyRunOf(run);
        await casUpdate(this.kv, key, (current) => {
            const record = current ? parseHistory(key, decodeRecord(key, current)) : emptyHistory(run.templateId);
            return {write: encodeRecord(`release history of ${run.templateId}`, withRun(record, entry)), result: undefined};
        });
    }
}
