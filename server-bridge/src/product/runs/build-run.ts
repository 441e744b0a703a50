// From a template and a start request to a run (or its preview): validation against the
// template, the release day check, and a due time for every step.
import {checkReleaseDay, isValidDay, isValidTimeZone, scheduleTemplate, ScheduleError, type ScheduleContext} from '../schedule';
import {SCHEMA_VERSION, type Run, type RunStep, type Template, type TemplateStep} from '../model';
import {invalid} from './errors';
import {BOUNDS, USER_ID_FORMAT, VERSION_FORMAT, tooLong, tooMany, type StartRunInput} from './inputs';
import {isPastDay, pastDayWarning, pastPhaseWarnings} from './past-day';
import type {EffectiveSettings} from './settings';
import {ownValue} from '../own';

export interface PreviewStep {
    id: string;
    parentId?: string;
    phaseId: string;
    title: string;
    role: string;
    dueAt: string;
    applies: boolean;
}

export interface RunPlan {
    releaseDay: string;
    calendar: ScheduleContext;
    steps: RunStep[];
    preview: PreviewStep[];
    warnings: string[];
}

/** Checks the request against the template and settings; throws ActionError naming the field. */
export function planRun(template: Template, input: StartRunInput, settings: EffectiveSettings, createdAt: string): RunPlan {
    if (input.version.length > BOUNDS.versionLength) {
        throw invalid(tooLong('version', BOUNDS.versionLength), 'version');
    }
    if (!VERSION_FORMAT.test(input.version)) {
        throw invalid('version must look like 1.2.3 (optionally with a suffix such as -rc1)', 'version');
    }
    const zone: string = input.timeZone;
    if (!isValidTimeZone(input.timeZone)) {
        throw invalid(`'${zone.slice(0, 64)}' is not a known IANA time zone (e.g. America/Los_Angeles)`, 'timeZone');
    }
    if (!isValidDay(input.releaseDay)) {
        throw invalid('releaseDay must be a date in the form YYYY-MM-DD', 'releaseDay');
    }
    const extra = input.holidays ?? [];
    if (extra.length > BOUNDS.runHolidays) {
        throw invalid(tooMany('holidays', BOUNDS.runHolidays, 'extra holidays'), 'holidays');
    }
    extra.forEach((h, i) => {
        if (!isValidDay(h)) {
            throw invalid(`holiday '${String(h).slice(0, 20)}' is not a date in the form YYYY-MM-DD`, `holidays.${i}`);
        }
    });
    checkRoles(template, input.roles);
    checkConditions(template, input.conditions);
    checkIssues(input.issues);

    const holidays = [...new Set([...settings.holidays, ...extra])].sort();
    const base = {timeZone: input.timeZone, workingDays: settings.workingDays, holidays};
    const check = checkReleaseDay(input.releaseDay, base, settings.releaseDayPolicy);
    if (!check.ok) {
        throw invalid(check.error, 'releaseDay');
    }
    const warnings = check.moved ? [`${input.releaseDay} is not a working day; the release day moves to ${check.releaseDay}.`] : [];
    if (isPastDay(check.releaseDay, input.timeZone, createdAt)) {
        warnings.push(pastDayWarning(check.releaseDay));
    }
    const calendar: ScheduleContext = {...base, releaseDay: check.releaseDay};
    let scheduled;
    try {
        scheduled = scheduleTemplate(template, calendar);
    } catch (err) {
        if (err instanceof ScheduleError) {
            throw invalid(`the template cannot be scheduled on this calendar: ${err.message}`, 'releaseDay');
        }
        throw err;
    }

    const byId = templateSteps(template);
    const steps: RunStep[] = scheduled.map((s) => {
        const {step, parent} = byId.get(s.id) as {step: TemplateStep; parent?: TemplateStep};
        const condition = step.condition ?? parent?.condition;
        const run: RunStep = {
            id: s.id,
            phaseId: s.phaseId,
            title: step.title,
            role: step.role,
            approval: step.approval === true,
            due: s.due,
            dueAt: s.dueAt,
            dueOverridden: false,
            state: 'open',
            notes: [],
            noteCount: 0,
            evidence: [],
        };
        if (s.parentId) {
            run.parentId = s.parentId;
        }
        if (step.description !== undefined) {
            run.description = step.description;
        }
        if (step.recurring) {
            run.recurring = step.recurring;
        }
        if (step.announcement) {
            run.announcement = step.announcement;
        }
        if (condition !== undefined) {
            run.condition = condition;
            if (ownValue(input.conditions, condition) !== true) {
                const question = template.conditions.find((c) => c.id === condition)?.question ?? condition;
                run.state = 'skipped';
                run.skipReason = notApplicableReason(question);
                run.closedAt = createdAt;
            }
        }
        return run;
    });
    // A release day today or later may still leave its first phases behind (T-4 yesterday): warn, do not refuse.
    if (!isPastDay(check.releaseDay, input.timeZone, createdAt)) {
        warnings.push(...pastPhaseWarnings(template.phases, steps, input.timeZone, createdAt));
    }
    const preview = steps.map((s) => ({
        id: s.id, ...(s.parentId ? {parentId: s.parentId} : {}), phaseId: s.phaseId, title: s.title, role: s.role, dueAt: s.dueAt,
        applies: s.condition === undefined || ownValue(input.conditions, s.condition) === true,
    }));
    return {releaseDay: check.releaseDay, calendar, steps, preview, warnings};
}

/** Why a step is out of the release: its question was answered no (at the start or later). */
export function notApplicableReason(question: string): string {
    return `Does not apply: "${question}" was answered no.`;
}

export function buildRun(template: Template, input: StartRunInput, plan: RunPlan, ids: {runId: string; userId: string; teamId?: string; createdAt: string}): Run {
    const run: Run = {
        schemaVersion: SCHEMA_VERSION,
        id: ids.runId,
        channelId: input.channelId,
        templateId: template.id,
        templateName: template.name,
        version: input.version,
        releaseDay: plan.releaseDay,
        timeZone: input.timeZone,
        workingDays: plan.calendar.workingDays,
        holidays: plan.calendar.holidays,
        roles: Object.fromEntries(template.roles.map((r) => [r.id, [...new Set(ownValue(input.roles, r.id) ?? [])]])),
        roleNames: Object.fromEntries(template.roles.map((r) => [r.id, r.name])),
        conditions: Object.fromEntries(template.conditions.map((c) => [c.id, ownValue(input.conditions, c.id) === true])),
        conditionQuestions: Object.fromEntries(template.conditions.map((c) => [c.id, c.question])),
        issues: [...input.issues],
        status: 'active',
        createdBy: ids.userId,
        createdAt: ids.createdAt,
        phases: template.phases.map((p) => ({id: p.id, label: p.label, title: p.title, offset: {...p.offset}})),
        steps: plan.steps,
        revision: 1,
    };
    if (ids.teamId) {
        run.teamId = ids.teamId;
    }
    return run;
}

function templateSteps(template: Template): Map<string, {step: TemplateStep; parent?: TemplateStep}> {
    const map = new Map<string, {step: TemplateStep; parent?: TemplateStep}>();
    for (const phase of template.phases) {
        for (const step of phase.steps) {
            map.set(step.id, {step});
            for (const sub of step.substeps) {
                map.set(`${step.id}/${sub.id}`, {step: sub, parent: step});
            }
        }
    }
    return map;
}

export function checkRoles(template: Pick<Template, 'roles'>, roles: Record<string, string[]>): void {
    const known = new Set(template.roles.map((r) => r.id));
    for (const [role, users] of Object.entries(roles)) {
        if (!known.has(role)) {
            throw invalid(`unknown role '${role.slice(0, 64)}'; the roles are ${[...known].join(', ')}`, `roles.${role.slice(0, 64)}`);
        }
        if (users.length > BOUNDS.usersPerRole) {
            throw invalid(tooMany(`roles.${role.slice(0, 64)}`, BOUNDS.usersPerRole, 'users per role'), `roles.${role}`);
        }
        users.forEach((u, i) => {
            if (!USER_ID_FORMAT.test(u)) {
                throw invalid('not a user id', `roles.${role}.${i}`);
            }
        });
    }
}

function checkConditions(template: Template, conditions: Record<string, boolean>): void {
    const known = new Set(template.conditions.map((c) => c.id));
    for (const id of Object.keys(conditions)) {
        if (!known.has(id)) {
            throw invalid(`unknown condition '${id.slice(0, 64)}'`, `conditions.${id.slice(0, 64)}`);
        }
    }
    for (const c of template.conditions) {
        if (typeof ownValue(conditions, c.id) !== 'boolean') {
            throw invalid(`answer the question "${c.question}" with yes or no`, `conditions.${c.id}`);
        }
    }
}

function checkIssues(issues: string[]): void {
    if (issues.length > BOUNDS.issues) {
        throw invalid(tooMany('issues', BOUNDS.issues, 'issue links'), 'issues');
    }
    issues.forEach((link, i) => {
        if (link.length > BOUNDS.issueLength) {
            throw invalid(tooLong('issue link', BOUNDS.issueLength), `issues.${i}`);
        }
        if (!isHttpUrl(link)) {
            throw invalid('issue links must be http(s) URLs', `issues.${i}`);
        }
    });
}

function isHttpUrl(text: string): boolean {
    try {
        const url = new URL(text);
        return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
        return false;
    }
}
