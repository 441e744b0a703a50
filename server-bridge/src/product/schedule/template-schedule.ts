// Due times for a whole template (a run being created or previewed) and the recompute
// after the release day moves. Only open steps that nobody re-timed by hand follow the
// new day: done and skipped steps keep their history.
import type {DueSpec, RunStep, Template, TemplatePhase, TemplateStep} from '../model';
import {ScheduleContext} from './context';
import {computeDueAt} from './due';

/**
 * The spec a step is due by: its own, else its parent's (sub-steps of a post-release
 * step share its day), else its phase's offset at the default time.
 */
export function effectiveDue(phase: TemplatePhase, step: TemplateStep, parent?: TemplateStep): DueSpec {
    if (step.due) {
        return step.due;
    }
    if (parent?.due) {
        return parent.due;
    }
    return {offset: {...phase.offset}};
}

export interface ScheduledStep {
    /** Template step id; sub-steps are '<parent id>/<sub id>' as in RunStep. */
    id: string;
    parentId?: string;
    phaseId: string;
    due: DueSpec;
    dueAt: string;
}

/** Every step and sub-step of the template, in template order, with its due instant. */
export function scheduleTemplate(template: Template, ctx: ScheduleContext): ScheduledStep[] {
    const out: ScheduledStep[] = [];
    for (const phase of template.phases) {
        for (const step of phase.steps) {
            const due = effectiveDue(phase, step);
            out.push({id: step.id, phaseId: phase.id, due, dueAt: computeDueAt(ctx, due)});
            for (const sub of step.substeps) {
                const subDue = effectiveDue(phase, sub, step);
                out.push({id: `${step.id}/${sub.id}`, parentId: step.id, phaseId: phase.id, due: subDue, dueAt: computeDueAt(ctx, subDue)});
            }
        }
    }
    return out;
}

/** The steps with dueAt recomputed on the new calendar where the step is open and not overridden. */
export function rescheduleSteps(steps: readonly RunStep[], ctx: ScheduleContext): RunStep[] {
    return steps.map((step) => {
        if (step.state !== 'open' || step.dueOverridden) {
            return step;
        }
        const dueAt = computeDueAt(ctx, step.due);
        return dueAt === step.dueAt ? step : {...step, dueAt};
    });
}
