// The release history of a template, computed from the facts its finished runs left: how late
// each step, phase and role closed (median and worst), how long each phase took against its
// T-n plan, and one point per release for the trend. Lateness is how long after its due time
// a done step was closed, 0 when on time; skipped steps and steps left open are counted
// apart, not as lateness.
import type {DayOffset} from '../model';

import {insightsOf} from './insights';
import type {HistoryRun, HistoryStep} from './record';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Lateness {
    /** Done steps counted. */
    samples: number;
    /** Of them, closed after their due time. */
    late: number;
    medianHours: number;
    worstHours: number;
}

export interface StepHistory extends Lateness {
    stepId: string;
    title: string;
    phaseId: string;
    role: string;
    roleName: string;
    skipped: number;
    leftOpen: number;
    /** Per release it was done in, oldest first: hours late (0 on time). */
    recent: Array<{version: string; lateHours: number}>;
}

export interface PhaseHistory extends Lateness {
    phaseId: string;
    label: string;
    title: string;
    /** The phase's day, e.g. 'T-4'. */
    plan: string;
    /** Median over the releases, in days: from the end of the previous phase (the run's start for the first) to the phase's last due time. */
    plannedDays: number;
    /** Median over the releases, in days: from the previous phase's last close to this phase's (the finish, if a step was left open). */
    actualDays: number;
    worstActualDays: number;
    releases: number;
}

export interface RoleHistory extends Lateness {
    role: string;
    roleName: string;
}

export interface ReleasePoint extends Lateness {
    runId: string;
    version: string;
    releaseDay: string;
    finishedAt: string;
}

export interface HistorySummary {
    templateId: string;
    templateName: string;
    /** Oldest finish first. */
    releases: ReleasePoint[];
    /** Steps that were done at least once, latest (median, then worst) first. */
    steps: StepHistory[];
    /** In the newest release's phase order. */
    phases: PhaseHistory[];
    /** Latest (median, then worst) first. */
    roles: RoleHistory[];
    insights: string[];
}

export function median(values: number[]): number {
    if (values.length === 0) {
        return 0;
    }
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function latenessOf(hours: number[]): Lateness {
    return {
        samples: hours.length,
        late: hours.filter((h) => h > 0).length,
        medianHours: round2(median(hours)),
        worstHours: round2(hours.length ? Math.max(...hours) : 0),
    };
}

/** Hours a done step closed after its due time (0 on time); null for a step not done. */
export function lateHoursOf(step: HistoryStep): number | null {
    if (step.state !== 'done' || !step.closedAt) {
        return null;
    }
    const late = (Date.parse(step.closedAt) - Date.parse(step.dueAt)) / HOUR;
    return Number.isFinite(late) ? Math.max(0, late) : null;
}

export function offsetText(offset: DayOffset): string {
    const base = offset.days === 0 ? 'T-0' : `T${offset.days < 0 ? '-' : '+'}${Math.abs(offset.days)}`;
    return offset.unit === 'calendar' ? `${base} calendar days` : base;
}

interface PhaseSpan {
    plannedDays: number;
    actualDays: number;
    hours: number[];
}

/** Each phase of one run with its planned and actual span (phases without steps are left out). */
function phaseSpans(run: HistoryRun): Map<string, PhaseSpan> {
    const spans = new Map<string, PhaseSpan>();
    const start = Date.parse(run.createdAt);
    let prevPlanned = start;
    let prevActual = start;
    for (const phase of run.phases) {
        const steps = run.steps.filter((s) => s.phaseId === phase.id);
        if (steps.length === 0) {
            continue;
        }
        const plannedEnd = Math.max(...steps.map((s) => Date.parse(s.dueAt)));
        const actualEnd = Math.max(...steps.map((s) => Date.parse(s.state !== 'open' && s.closedAt ? s.closedAt : run.finishedAt)));
        spans.set(phase.id, {
            plannedDays: Math.max(0, (plannedEnd - prevPlanned) / DAY),
            actualDays: Math.max(0, (actualEnd - prevActual) / DAY),
            hours: steps.map(lateHoursOf).filter((h): h is number => h !== null),
        });
        prevPlanned = Math.max(prevPlanned, plannedEnd);
        prevActual = Math.max(prevActual, actualEnd);
    }
    return spans;
}

const latestFirst = (a: Lateness, b: Lateness): number => b.medianHours - a.medianHours || b.worstHours - a.worstHours || b.late - a.late;

/** `runs` oldest finish first, as the history store keeps them. */
export function summarizeHistory(templateId: string, templateName: string, runs: HistoryRun[]): HistorySummary {
    const newest = runs[runs.length - 1];
    const releases: ReleasePoint[] = runs.map((run) => ({
        runId: run.runId, version: run.version, releaseDay: run.releaseDay, finishedAt: run.finishedAt,
        ...latenessOf(run.steps.map(lateHoursOf).filter((h): h is number => h !== null)),
    }));

    // Steps by id; titles, phases and roles as the newest run that had the step names them.
    const stepAcc = new Map<string, {last: HistoryStep; roleName: string; hours: number[]; skipped: number; leftOpen: number; recent: StepHistory['recent']}>();
    const roleAcc = new Map<string, {roleName: string; hours: number[]}>();
    for (const run of runs) {
        for (const step of run.steps) {
            const acc = stepAcc.get(step.id) ?? {last: step, roleName: step.role, hours: [], skipped: 0, leftOpen: 0, recent: []};
            acc.last = step;
            acc.roleName = run.roleNames[step.role] ?? step.role;
            const late = lateHoursOf(step);
            if (late !== null) {
                acc.hours.push(late);
                acc.recent.push({version: run.version, lateHours: round2(late)});
                const role = roleAcc.get(step.role) ?? {roleName: acc.roleName, hours: []};
                role.roleName = acc.roleName;
                role.hours.push(late);
                roleAcc.set(step.role, role);
            } else if (step.state === 'skipped') {
                acc.skipped++;
            } else if (step.state === 'open') {
                acc.leftOpen++;
            }
            stepAcc.set(step.id, acc);
        }
    }
    const steps: StepHistory[] = [...stepAcc.entries()]
        .filter(([, a]) => a.hours.length > 0)
        .map(([stepId, a]) => ({
            stepId, title: a.last.title, phaseId: a.last.phaseId, role: a.last.role, roleName: a.roleName,
            skipped: a.skipped, leftOpen: a.leftOpen, recent: a.recent, ...latenessOf(a.hours),
        }))
        .sort(latestFirst);
    const roles: RoleHistory[] = [...roleAcc.entries()]
        .map(([role, a]) => ({role, roleName: a.roleName, ...latenessOf(a.hours)}))
        .sort(latestFirst);

    const spansByRun = runs.map(phaseSpans);
    const phases: PhaseHistory[] = (newest?.phases ?? []).flatMap((phase) => {
        const spans = spansByRun.map((m) => m.get(phase.id)).filter((s): s is PhaseSpan => s !== undefined);
        if (spans.length === 0) {
            return [];
        }
        return [{
            phaseId: phase.id, label: phase.label, title: phase.title, plan: offsetText(phase.offset),
            plannedDays: round2(median(spans.map((s) => s.plannedDays))),
            actualDays: round2(median(spans.map((s) => s.actualDays))),
            worstActualDays: round2(Math.max(...spans.map((s) => s.actualDays))),
            releases: spans.length,
            ...latenessOf(spans.flatMap((s) => s.hours)),
        }];
    });

    const summary: HistorySummary = {
        templateId, templateName: newest?.templateName ?? templateName, releases, steps, phases, roles, insights: [],
    };
    summary.insights = insightsOf(summary);
    return summary;
}
