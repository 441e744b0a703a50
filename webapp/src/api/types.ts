// Shapes of the plugin's HTTP API (docs/http-api.md). The server declares them once; the
// webapp takes them from there with type-only imports, so the compiler keeps the two sides
// in step and not one byte of server code reaches the bundle.
import type {UserSource} from '../../../server-bridge/src/product/runs/inputs';
import type {RunDefaults, RunService} from '../../../server-bridge/src/product/runs/service';

export type {Run, RunStep, RunEvent, RunPhase, Template, TemplateError, Evidence, Note, NumberedNote, NotePage, DailyTick, EventType} from '../../../server-bridge/src/product/model';
export type {RunSummary, RunPreview, TemplateSummary, RunDelta} from '../../../server-bridge/src/product/runs/service';
export type {SettingProblem} from '../../../server-bridge/src/product/runs/settings';
export type {MyRun, MyStep} from '../../../server-bridge/src/product/runs/my-steps';
export type {HistorySummary, StepHistory, PhaseHistory, RoleHistory, ReleasePoint} from '../../../server-bridge/src/product/history/summarize';
export type {AllReleases, ReleaseOverview, ReleaseHealth} from '../../../server-bridge/src/product/runs/all-releases';

/**
 * GET /defaults: the run service's defaults, plus (for system admins only; absent for
 * everyone else) the plugin settings the server ignored, one sentence each.
 */
export type Defaults = RunDefaults & {settingsProblems?: string[]};
export type {StartRunInput as StartRun} from '../../../server-bridge/src/product/runs/inputs';
export type {PreviewStep} from '../../../server-bridge/src/product/runs/build-run';
export type {EventPage as EventsPage} from '../../../server-bridge/src/product/store/event-log';
export type {ParseResult} from '../../../server-bridge/src/product/template/parse';

/** GET /runs?channel_id=: the channel's runs, oldest first, and which one is current. */
export type ChannelRuns = Awaited<ReturnType<RunService['listRuns']>>;

/** The step routes the RHS and the step chooser call: /runs/:id/steps/:stepId/<verb>. */
export type StepVerb = 'done' | 'undo' | 'skip' | 'assign' | 'due' | 'note' | 'evidence' | 'announce';

export type RunVerb = 'finish' | 'archive';

/** The sources the webapp reports in the event log (the server also accepts slash-command and api). */
export type ActionSource = Extract<UserSource, 'rhs' | 'post-menu'>;
