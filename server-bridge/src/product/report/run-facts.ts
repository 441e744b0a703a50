// Small derived facts about a run that the report, the status reply, the digest and the
// reminders all need, computed one way.
import type {DayOffset, Run, RunStep} from '../model';
import {ownValue} from '../own';

export {applies, progressOf, type Progress} from '../progress';

/** The users who own a step: its assignee, otherwise everyone in its role. */
export function ownersOf(run: Run, step: RunStep): string[] {
    if (step.assignee) {
        return [step.assignee];
    }
    return roleMembers(run, step.role);
}

/** The users in a role (none for a role the run does not have). */
export function roleMembers(run: Run, roleId: string): string[] {
    return ownValue(run.roles, roleId) ?? [];
}

export function roleName(run: Run, roleId: string): string {
    return ownValue(run.roleNames, roleId) ?? roleId;
}

export function isOverdue(step: RunStep, now: Date): boolean {
    const due = Date.parse(step.dueAt);
    return step.state === 'open' && !Number.isNaN(due) && due < now.getTime();
}

/** 'T-4', 'T-0', 'T+1', or 'T+30 calendar days'. */
export function offsetLabel(offset: DayOffset): string {
    const sign = offset.days < 0 ? '-' : '+';
    const base = offset.days === 0 ? 'T-0' : `T${sign}${Math.abs(offset.days)}`;
    return offset.unit === 'calendar' ? `${base} calendar days` : base;
}

/** Display number of a step: '3' for the third top-level step, '3.2' for its second sub-step. */
export function stepNumbers(run: Run): Map<string, string> {
    const numbers = new Map<string, string>();
    // Top-level steps first, so a sub-step listed before its parent still gets a number.
    run.steps.filter((s) => !s.parentId).forEach((s, i) => numbers.set(s.id, String(i + 1)));
    const subCounts = new Map<string, number>();
    for (const step of run.steps) {
        if (step.parentId) {
            const n = (subCounts.get(step.parentId) ?? 0) + 1;
            subCounts.set(step.parentId, n);
            numbers.set(step.id, `${numbers.get(step.parentId) ?? '?'}.${n}`);
        }
    }
    return numbers;
}
