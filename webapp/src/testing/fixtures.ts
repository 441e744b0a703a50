// Test data: runs shaped as the server sends them (server-bridge product model).
import type {Run, RunStep} from '../api/types';

export const ME = 'user-me';
export const RM = 'user-rm';
export const DEV = 'user-dev';
export const CHANNEL = 'channel-1';
export const TEAM = 'team-1';

let seq = 0;

export function makeStep(over: Partial<RunStep> = {}): RunStep {
    seq++;
    return {
        id: `s${seq}`,
        phaseId: 'A',
        title: `Step ${seq}`,
        role: 'dev',
        approval: false,
        due: {offset: {unit: 'working', days: -4}},
        dueAt: '2030-01-01T17:00:00.000Z',
        dueOverridden: false,
        state: 'open',
        notes: [],
        evidence: [],
        ...over,
    };
}

export function makeRun(over: Partial<Run> = {}, steps: RunStep[] = [makeStep()]): Run {
    return {
        schemaVersion: 1,
        id: 'run-1',
        channelId: CHANNEL,
        teamId: TEAM,
        templateId: 'security-release',
        templateName: 'Security release',
        version: '1.1.1',
        releaseDay: '2030-01-07',
        timeZone: 'UTC',
        workingDays: [1, 2, 3, 4, 5],
        holidays: [],
        roles: {'release-manager': [RM], dev: [DEV], qa: [ME]},
        roleNames: {'release-manager': 'Release Manager', dev: 'Dev', build: 'Build', qa: 'QA', logistics: 'Logistics', marketing: 'Marketing'},
        conditions: {},
        conditionQuestions: {},
        issues: [],
        status: 'active',
        createdBy: RM,
        createdAt: '2029-12-01T00:00:00.000Z',
        phases: [
            {id: 'A', label: 'A', title: 'Code complete', offset: {unit: 'working', days: -4}},
            {id: 'B', label: 'B', title: 'Release candidate cut', offset: {unit: 'working', days: -3}},
            {id: 'C', label: 'C', title: 'Release candidate testing', offset: {unit: 'working', days: -2}},
            {id: 'D', label: 'D', title: 'Release build cut', offset: {unit: 'working', days: 0}},
        ],
        steps,
        revision: 1,
        ...over,
    };
}

/** A run with `n` steps spread over the four phases and the roles, some closed. */
export function bigRun(n: number): Run {
    const roles = ['release-manager', 'dev', 'build', 'qa', 'logistics', 'marketing'];
    const phases = ['A', 'B', 'C', 'D'];
    const steps: RunStep[] = [];
    for (let i = 0; i < n; i++) {
        steps.push(makeStep({
            id: `big-${i}`,
            title: `Big step ${i}`,
            phaseId: phases[i % phases.length],
            role: roles[i % roles.length],
            state: i % 5 === 0 ? 'done' : 'open',
            dueAt: new Date(Date.UTC(2030, 0, 1 + (i % 4), 17)).toISOString(),
        }));
    }
    return makeRun({id: 'run-big'}, steps);
}

export function summaryOf(run: Run) {
    return {
        id: run.id,
        version: run.version,
        releaseDay: run.releaseDay,
        status: run.status,
        templateName: run.templateName,
        progress: {
            done: run.steps.filter((s) => s.state === 'done').length,
            skipped: run.steps.filter((s) => s.state === 'skipped').length,
            total: run.steps.length,
        },
    };
}
