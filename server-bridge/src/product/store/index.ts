// Storage on the Mattermost KV contract: the in-memory KV, the run and template repositories.
export {MemoryKV, KVError, KV_KEY_MAX_LENGTH, type ConflictInjector} from './memory-kv';
export {casUpdate, ConflictError, MAX_CAS_ATTEMPTS} from './cas';
export {ValueTooLargeError, CorruptRecordError, MAX_VALUE_BYTES} from './codec';
export {FutureRecordError} from './migrate';
export {RunRepository, RunNotFoundError, LimitError, LIMITS, isSafeId, type NewEvent, type RunChange, type RepairReport, type StepsChanged, type RunHeadView} from './run-repository';
export {TemplateRepository, isTemplateId, MAX_TEMPLATES, type TemplateSource} from './template-repository';
export {EVENTS_PER_CHUNK, RUN_RECORD_VERSION, type StoredRun, type StoredTemplate, type RunMeta} from './records';
export {KEY} from './keys';
export {VersionClaims, VersionTakenError, CLAIM_PENDING_MS} from './version-claims';
export {newId} from './ids';
export type {EventPage} from './event-log';
export {NOTES_PER_CHUNK, RECENT_NOTES, RECENT_NOTES_MAX, type NotePage} from './note-log';
export {SUMMARY_PAGES, type StoredSummary} from './run-summaries';
