// Templates in KV (`tpl:<id>` plus the `tpls` index), seeded from the bundled default
// template the first time anyone asks for templates.
import type {KVStore} from '../platform';
import type {Template} from '../model';
import {casUpdate} from './cas';
import {LimitError} from './run-repository';
import {decodeRecord, encodeRecord} from './codec';
import {KEY} from './keys';
import {migrateStoredTemplate, migrateTemplateIndex} from './migrate';
import {RECORD_VERSION, type StoredTemplate} from './records';

export const MAX_TEMPLATES = 200;

export interface TemplateSource {
    template: Template;
    markdown: string;
}

export class TemplateRepository {
    private seeding: Promise<void> | null = null;

    /** `loadDefault` gives the bundled default template; it is called at most once per process when KV has none. */
    constructor(private readonly kv: KVStore, private readonly loadDefault: () => Promise<TemplateSource>) {}

    async list(): Promise<StoredTemplate[]> {
        await this.ensureSeeded();
        const out: StoredTemplate[] = [];
        for (const id of await this.ids()) {
            const t = await this.read(id);
            if (t) {
                out.push(t);
            }
        }
        return out;
    }

    async get(templateId: string): Promise<StoredTemplate | null> {
        await this.ensureSeeded();
        return this.read(templateId);
    }

    /** Creates or replaces a template; the id is the template's own. */
    async put(source: TemplateSource, userId: string, at: string): Promise<StoredTemplate> {
        const id = source.template.id;
        if (!isTemplateId(id)) {
            throw new Error(`template id "${id}" must be 1-64 characters of a-z, 0-9 and -`);
        }
        // Seed first, so saving a template before anyone listed them never hides the default.
        await this.ensureSeeded();
        const record: StoredTemplate = {schemaVersion: RECORD_VERSION, template: source.template, markdown: source.markdown, updatedAt: at, updatedBy: userId};
        const bytes = encodeRecord(`template ${id}`, record);
        // Record first, index second: a crash between leaves a template that is simply not listed until saved again.
        await this.kv.set(KEY.template(id), bytes);
        await casUpdate(this.kv, KEY.templateIndex(), (current) => {
            const ids = current ? migrateTemplateIndex(KEY.templateIndex(), decodeRecord(KEY.templateIndex(), current)).ids : [];
            if (ids.includes(id)) {
                return {skip: true, result: undefined};
            }
            if (ids.length >= MAX_TEMPLATES) {
                throw new LimitError(`at most ${MAX_TEMPLATES} templates can be stored; delete one from KV or reuse an id`);
            }
            return {write: encodeRecord('template index', {schemaVersion: RECORD_VERSION, ids: [...ids, id]}), result: undefined};
        });
        return record;
    }

    private async ids(): Promise<string[]> {
        const bytes = await this.kv.get(KEY.templateIndex());
        return bytes ? migrateTemplateIndex(KEY.templateIndex(), decodeRecord(KEY.templateIndex(), bytes)).ids : [];
    }

    private async read(templateId: string): Promise<StoredTemplate | null> {
        if (!isTemplateId(templateId)) {
            return null;
        }
        const key = KEY.template(templateId);
        const bytes = await this.kv.get(key);
        return bytes ? migrateStoredTemplate(key, decodeRecord(key, bytes)) : null;
    }

    private async ensureSeeded(): Promise<void> {
        if (!this.seeding) {
            this.seeding = this.seed().catch((err) => {
                this.seeding = null;
                throw err;
            });
        }
        return this.seeding;
    }

    private async seed(): Promise<void> {
        if ((await this.kv.get(KEY.templateIndex())) !== null) {
            return;
        }
        const source = await this.loadDefault();
        // Only the first of several servers seeds; the others see the index and keep theirs.
        const key = KEY.template(source.template.id);
        const record: StoredTemplate = {schemaVersion: RECORD_VERSION, template: source.template, markdown: source.markdown, updatedAt: new Date(0).toISOString(), updatedBy: 'system'};
        await this.kv.setWithOptions(key, encodeRecord(`template ${source.template.id}`, record), {atomic: true, oldValue: null});
        await this.kv.setWithOptions(KEY.templateIndex(), encodeRecord('template index', {schemaVersion: RECORD_VERSION, ids: [source.template.id]}), {atomic: true, oldValue: null});
    }
}

export function isTemplateId(id: string): boolean {
    return /^[a-z0-9][a-z0-9-]{0,63}$/.test(id);
}
