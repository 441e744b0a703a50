// Shapes of the plugin's HTTP API that are not in the product model (docs/http-api.md).
// Type-only imports keep every byte of server code out of the bundle.
import type {RunStatus, RoleId, TemplateError, Template} from '../../../server-bridge/src/product/model';

export type {Run, RunStep, RunEvent, RunPhase, Template, TemplateError, Evidence, Note, EventType} from '../../../server-bridge/src/product/model';

export interface RunSummary {
    id: string;
    version: string;
    releaseDay: string;
    status: RunStatus;
    templateName: string;
    progress: {done: number; skipped: number; total: number};
}

export interface ChannelRuns {
    runs: RunSummary[];
    currentRunId: string | null;
}

export interface StartRun {
    channelId: string;
    templateId: string;
    version: string;
    releaseDay: string;
    timeZone: string;
    roles: Record<RoleId, string[]>;
    conditions: Record<string, boolean>;
    issues: string[];
    holidays?: string[];
}

export interface PreviewStep {
    id: string;
    parentId?: string;
    phaseId: string;
    title: string;
    role: RoleId;
    dueAt: string;
    applies: boolean;
}

export interface RunPreview {
    releaseDay: string;
    steps: PreviewStep[];
    warnings: string[];
}

export interface TemplateSummary {
    id: string;
    name: string;
    description?: string;
}

export interface Defaults {
    timeZone: string;
    workingDays: number[] | string;
    holidays: string[] | string;
    roles: Record<RoleId, string[]>;
    templates: TemplateSummary[];
}

export interface EventsPage {
    events: import('../../../server-bridge/src/product/model').RunEvent[];
    nextBefore: number | null;
}

export interface ParseResult {
    template: Template | null;
    errors: TemplateError[];
}

export type StepVerb = 'done' | 'undo' | 'skip' | 'assign' | 'due' | 'note' | 'evidence' | 'announce';

export type RunVerb = 'finish' | 'archive';

export type ActionSource = 'rhs' | 'post-menu';
