// Pure views over a run's steps: progress, what needs attention, grouping for display,
// owners and who may tick what. Kept free of React so it is cheap to test and to memoize.
import {applies, progressOf as countProgress, type Progress as RunProgress} from '../../../server-bridge/src/product/progress';
import {attentionOf as sharedAttention, type Attention} from '../../../server-bridge/src/product/attention';

import type {Run, RunStep} from '../api/types';
import {ownValue} from './own';

export const RELEASE_MANAGER = 'release-manager';

export interface Progress extends RunProgress {
    /** 0..100, whole numbers. */
    percent: number;
}

/**
 * Counted as the server counts the run list and the report (the shared, dependency-free
 * product/progress module): a step whose condition the run answered "no" is left out.
 */
export function progressOf(run: Pick<Run, 'conditions' | 'steps'>): Progress {
    const p = countProgress({conditions: run.conditions ?? {}, steps: run.steps});
    return {...p, percent: p.total === 0 ? 0 : Math.round(((p.done + p.skipped) / p.total) * 100)};
}

/**
 * False when the run answered the step's condition "no": the step is not part of this
 * release (the server's shared rule, so the RHS, run list, reminders and report agree).
 */
export function stepApplies(run: Pick<Run, 'conditions'>, step: RunStep): boolean {
    return applies({conditions: run.conditions ?? {}}, step);
}

export function isOverdue(step: RunStep, nowMs: number): boolean {
    return step.state === 'open' && Date.parse(step.dueAt) < nowMs;
}

export type {Attention};

/**
 * Overdue first (oldest first), then due today (soonest first), by the server's shared rule
 * (product/attention.ts), so the RHS lists what the reminders, the digest and `/release
 * status` list; "today" is the viewer's calendar day, a daily step's the run's.
 */
export function attentionOf(run: Run, nowMs: number, dayKey: (ms: number) => string): Attention {
    return sharedAttention({...run, conditions: run.conditions ?? {}}, nowMs, dayKey);
}

export interface StepNode {
    step: RunStep;
    substeps: RunStep[];
}

export interface RoleGroup {
    role: string;
    roleName: string;
    nodes: StepNode[];
}

export interface PhaseGroup {
    id: string;
    label: string;
    title: string;
    roles: RoleGroup[];
    progress: {closed: number; total: number};
}

/** Phases in run order; inside each, roles in the run's role order; sub-steps under their parent. */
export function groupRun(run: Run): PhaseGroup[] {
    const roleOrder = Object.keys(run.roleNames ?? {});
    const rank = (role: string) => {
        const i = roleOrder.indexOf(role);
        return i === -1 ? roleOrder.length : i;
    };
    const childrenOf = new Map<string, RunStep[]>();
    for (const s of run.steps) {
        if (s.parentId) {
            const list = childrenOf.get(s.parentId) ?? [];
            list.push(s);
            childrenOf.set(s.parentId, list);
        }
    }
    const stepIds = new Set(run.steps.map((s) => s.id));
    return run.phases.map((phase) => {
        const steps = run.steps.filter((s) => s.phaseId === phase.id);
        const groups = new Map<string, StepNode[]>();
        for (const s of steps) {
            // A sub-step whose parent is missing is shown on its own rather than lost.
            if (s.parentId && stepIds.has(s.parentId)) {
                continue;
            }
            const nodes = groups.get(s.role) ?? [];
            nodes.push({step: s, substeps: childrenOf.get(s.id) ?? []});
            groups.set(s.role, nodes);
        }
        const roles = [...groups.entries()].
            sort(([a], [b]) => rank(a) - rank(b)).
            map(([role, nodes]) => ({role, roleName: run.roleNames?.[role] ?? role, nodes}));
        // Counted like the run's progress: steps that do not apply are in neither number.
        const counted = steps.filter((s) => stepApplies(run, s));
        const closed = counted.filter((s) => s.state !== 'open').length;
        return {id: phase.id, label: phase.label, title: phase.title, roles, progress: {closed, total: counted.length}};
    });
}

export function ownersOf(run: Run, step: RunStep): string[] {
    if (step.assignee) {
        return [step.assignee];
    }
    return (run.roles && ownValue(run.roles, step.role)) ?? [];
}

export function isReleaseManager(run: Run, userId: string): boolean {
    return (run.roles?.[RELEASE_MANAGER] ?? []).includes(userId);
}

/**
 * Who may finish, archive, move or re-staff a run: the server's rule (Release Manager, the
 * run's starter, a system admin). Only decides what is offered; the server still decides.
 */
export function mayManageRun(run: Run, userId: string, systemAdmin: boolean): boolean {
    return systemAdmin || run.createdBy === userId || isReleaseManager(run, userId);
}

/** Approval steps are the Release Manager's to tick or undo; everything else is anyone's. */
export function mayClose(run: Run, step: RunStep, userId: string): boolean {
    return !step.approval || isReleaseManager(run, userId);
}

/** Open steps of a run for the step chooser: the caller's own first, then by due time. */
export function openStepsFor(run: Run, userId: string, query: string): RunStep[] {
    const q = query.trim().toLowerCase();
    const mine = (s: RunStep) => (ownersOf(run, s).includes(userId) ? 0 : 1);
    return run.steps.
        filter((s) => s.state === 'open' && (q === '' || s.title.toLowerCase().includes(q))).
        sort((a, b) => mine(a) - mine(b) || Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

export function allUserIds(run: Run): string[] {
    const ids = new Set<string>();
    Object.values(run.roles ?? {}).forEach((list) => list.forEach((id) => ids.add(id)));
    for (const s of run.steps) {
        if (s.assignee) {
            ids.add(s.assignee);
        }
        if (s.closedBy) {
            ids.add(s.closedBy);
        }
        // Evidence links and notes name who posted them.
        s.evidence.forEach((e) => ids.add(e.userId));
        s.notes.forEach((n) => ids.add(n.userId));
    }
    return [...ids];
}
