// The product's data model: templates (reusable processes) and runs (one release being
// coordinated). These shapes are stored in KV as JSON and served to the webapp as-is, so
// every field is plain JSON (no Date, no bigint). Instants are ISO-8601 strings in UTC;
// calendar days are 'YYYY-MM-DD'.

export const SCHEMA_VERSION = 1;

/** Stable slug of a role, e.g. 'release-manager'. */
export type RoleId = string;

export interface Role {
    id: RoleId;
    name: string;
}

/** The six roles of the default process, in display order. */
export const DEFAULT_ROLES: readonly Role[] = [
    {id: 'release-manager', name: 'Release Manager'},
    {id: 'dev', name: 'Dev'},
    {id: 'build', name: 'Build'},
    {id: 'qa', name: 'QA'},
    {id: 'logistics', name: 'Logistics'},
    {id: 'marketing', name: 'Marketing'},
];

/**
 * Where a due day sits relative to the release day T-0: n working days (T-n is -n, T+n is
 * +n), or n calendar days ("30 days after").
 */
export interface DayOffset {
    unit: 'working' | 'calendar';
    days: number;
}

/** A due time: an offset from T-0, an optional time of day and an optional zone. */
export interface DueSpec {
    offset: DayOffset;
    /** 'HH:mm'; absent means the end of the working day (17:00). */
    time?: string;
    /** IANA zone the time is given in (e.g. 'America/Los_Angeles'); absent means the run's zone. */
    zone?: string;
}

export interface TemplateCondition {
    /** Slug used by steps to refer to it. */
    id: string;
    /** The question asked when a run starts, e.g. "Does the dot release coincide with a regular release?" */
    question: string;
}

/** A message a step posts when its work is an announcement. Variables: {{version}}, {{releaseDay}}, {{issues}}, {{channel}}. */
export interface AnnouncementSpec {
    /** Settings key naming the target channel, e.g. 'AnnouncementChannel'. */
    channelSetting: string;
    message: string;
}

export interface TemplateStep {
    /** Unique within the template; stable across import and export. */
    id: string;
    title: string;
    /** Markdown. */
    description?: string;
    role: RoleId;
    /** Overrides the phase's due day (post-release steps). */
    due?: DueSpec;
    /** Condition id; the step applies only when the run answers it yes. */
    condition?: string;
    /** Only the Release Manager role, or a user it names, may tick it. */
    approval?: boolean;
    /** Recurs once per working day until the phase ends (e.g. merge the release branch back). */
    recurring?: 'daily';
    announcement?: AnnouncementSpec;
    /** One level only. */
    substeps: TemplateStep[];
}

export interface TemplatePhase {
    id: string;
    /** Display label, e.g. 'A'. */
    label: string;
    title: string;
    offset: DayOffset;
    steps: TemplateStep[];
}

export interface Template {
    schemaVersion: number;
    id: string;
    name: string;
    description?: string;
    roles: Role[];
    conditions: TemplateCondition[];
    phases: TemplatePhase[];
}

/** A parse problem, with a 1-based line number into the Markdown source. */
export interface TemplateError {
    line: number;
    message: string;
}

export type StepState = 'open' | 'done' | 'skipped';

export interface Evidence {
    postId: string;
    userId: string;
    at: string;
}

export interface Note {
    userId: string;
    at: string;
    text: string;
}

/** A note with its place in its step's notes (0 = the first ever added), as the notes route pages them. */
export interface NumberedNote extends Note {
    seq: number;
}

/** A page of a step's notes (GET /runs/{id}/steps/{stepId}/notes). */
export interface NotePage {
    /** Oldest first. */
    notes: NumberedNote[];
    /** Pass as `before` for the notes before these; null when these are the first. */
    nextBefore: number | null;
    /** Notes the step has in all. */
    noteCount: number;
}

/** A day a recurring daily step was ticked while it stayed open ("Done for <day>"). */
export interface DailyTick {
    /** 'YYYY-MM-DD' in the run's zone. */
    day: string;
    userId: string;
    at: string;
}

export interface RunStep {
    /** Template step id; sub-steps are '<parent id>/<sub id>'. */
    id: string;
    parentId?: string;
    phaseId: string;
    title: string;
    description?: string;
    role: RoleId;
    /** User id overriding the role's owners. */
    assignee?: string;
    approval: boolean;
    recurring?: 'daily';
    condition?: string;
    announcement?: AnnouncementSpec;
    due: DueSpec;
    /** Concrete due instant (UTC ISO), derived from `due` unless `dueOverridden`. */
    dueAt: string;
    dueOverridden: boolean;
    state: StepState;
    skipReason?: string;
    /** Who closed it (done or skipped) and when. */
    closedBy?: string;
    closedAt?: string;
    /**
     * The latest of the step's notes, oldest first (at most RECENT_NOTES_MAX once the step has
     * changed since notes got records of their own); the earlier ones are paged from
     * `GET /runs/{id}/steps/{stepId}/notes`. Note i of `notes` has seq `noteCount - notes.length + i`.
     */
    notes: Note[];
    /** Notes ever added to the step. */
    noteCount: number;
    /** Recurring daily steps: the days ticked while the step stayed open, one per day; undo takes today's back. */
    ticks?: DailyTick[];
    evidence: Evidence[];
}

export type RunStatus = 'active' | 'finished' | 'archived';

/** Per-run settings (POST /runs/{id}/settings). */
export interface RunSettings {
    /** The daily digest in the run's channel carries the step buttons reminders have. */
    channelButtons?: boolean;
}

export interface RunPhase {
    id: string;
    label: string;
    title: string;
    offset: DayOffset;
}

export interface Run {
    schemaVersion: number;
    id: string;
    channelId: string;
    teamId?: string;
    templateId: string;
    templateName: string;
    /** e.g. '1.1.1' */
    version: string;
    /** T-0, 'YYYY-MM-DD' in the run's zone. */
    releaseDay: string;
    timeZone: string;
    /** Working days as ISO weekday numbers (1 = Monday ... 7 = Sunday). */
    workingDays: number[];
    /** 'YYYY-MM-DD' dates that are not working days (settings plus the run's own). */
    holidays: string[];
    roles: Record<RoleId, string[]>;
    roleNames: Record<RoleId, string>;
    conditions: Record<string, boolean>;
    conditionQuestions: Record<string, string>;
    /** Links to the security issues being fixed. */
    issues: string[];
    status: RunStatus;
    createdBy: string;
    createdAt: string;
    finishedAt?: string;
    phases: RunPhase[];
    steps: RunStep[];
    /** Per-run choices of the Release Manager; absent means the defaults (all off). */
    settings?: RunSettings;
    /** Bumped on every stored change; lets clients drop stale updates. */
    revision: number;
}

export type EventSource = 'rhs' | 'post-menu' | 'slash-command' | 'api' | 'bot' | 'system' | 'message-button';

export type EventType =
    | 'run-created'
    | 'step-done'
    | 'step-undone'
    | 'step-skipped'
    | 'step-reassigned'
    | 'step-due-changed'
    | 'step-note'
    | 'evidence-attached'
    | 'release-day-moved'
    | 'roles-changed'
    | 'condition-changed'
    | 'run-finished'
    | 'run-archived'
    | 'announcement-posted'
    | 'reminder-sent'
    | 'settings-changed';

export interface RunEvent {
    schemaVersion: number;
    /** Position in the run's log, from 0. */
    seq: number;
    runId: string;
    type: EventType;
    userId: string;
    at: string;
    source: EventSource;
    stepId?: string;
    postId?: string;
    /** Free-form details: reason, old and new values. */
    data?: Record<string, string | number | boolean | null>;
}

/** Plugin settings as the System Console stores them (plugin.json settings_schema keys). */
export interface PluginSettings {
    DefaultTimeZone: string;
    WorkingDays: string;
    Holidays: string;
    ReleaseDayOnHoliday: 'reject' | 'next' | 'previous';
    RemindersEnabled: boolean;
    ReminderHour: number;
    AnnouncementChannel: string;
    ReleaseDiscussionChannel: string;
    InstallersChannel: string;
    WhoCanStart: 'members' | 'listed';
    AllowedStarters: string;
    /** JSON: Record<RoleId, string[] of user ids>. */
    DefaultRoleAssignments: string;
    /** Unused in the console config value itself; templates live in KV and are edited through the admin route. */
    Templates?: string;
}
