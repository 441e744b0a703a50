// Release history: per template, how late steps, phases and roles closed across its finished
// runs, how long phases took against plan, the trend, and sentences saying so.
export {HistoryService, type HistoryServiceDeps} from './service';
export {HistoryStore} from './store';
export {summarizeHistory, median, type HistorySummary, type StepHistory, type PhaseHistory, type RoleHistory, type ReleasePoint, type Lateness} from './summarize';
export {insightsOf, RECENT_RELEASES} from './insights';
export {formatHours, formatDays} from './format';
export {HISTORY_RUNS, HISTORY_VERSION, HISTORY_MAX_BYTES, historyKey, historyRunOf, withRun, parseHistory, type HistoryRun, type HistoryRecord} from './record';
