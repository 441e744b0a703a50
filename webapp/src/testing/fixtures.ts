// Test data: runs shaped as the server sends them (server-bridge product model).
// Test-only value imports from the server: none of this reaches the bundle.
import {DEFAULT_ROLES} from '../../../server-bridge/src/product/model';
import {scriptedRun} from '../../../server-bridge/src/product/report/test-fixtures';

import type {Run, RunStep, RunSummary} from '../api/types';
import {progressOf} from '../model/steps';

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
        phaseId: 'a',
        title: `Step ${seq}`,
        role: 'dev',
        approval: false,
        due: {offset: {unit: 'working', days: -4}},
        dueAt: '2030-01-01T17:00:00.000Z',
        dueOverridden: false,
        state: 'open',
        notes: [],
        noteCount: over.notes?.length ?? 0,
        evidence: [],
        ...over,
    };
}

/**
 * A run as the server sends it: the header and phases of the product's scripted run (the
 * one its report, bot and command tests share), with this suite's ids, people and steps.
 */
export function makeRun(over: Partial<Run> = {}, steps: RunStep[] = [makeStep()]): Run {
    const base = scriptedRun();
    return {
        ...base,
        id: 'run-1',
        channelId: CHANNEL,
        teamId: TEAM,
        releaseDay: '2030-01-07',
        timeZone: 'UTC',
        roles: {'release-manager': [RM], dev: [DEV], qa: [ME]},
        roleNames: Object.fromEntries(DEFAULT_ROLES.map((r) => [r.id, r.name])),
        conditions: {},
        conditionQuestions: {},
        issues: [],
        createdBy: RM,
        createdAt: '2029-12-01T00:00:00.000Z',
        steps,
        revision: 1,
        ...over,
    };
}

/** A run with `n` steps spread over the four phases and the roles, some closed. */
export function bigRun(n: number): Run {
    const roles = DEFAULT_ROLES.map((r) => r.id);
    const phases = scriptedRun().phases.map((p) => p.id);
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

/** The list entry GET /runs answers for a run (the server's summarize). */
export function summaryOf(run: Run): RunSummary {
    const {done, skipped, open, total} = progressOf(run);
    const progress = {done, skipped, open, total};
    return {id: run.id, version: run.version, releaseDay: run.releaseDay, status: run.status, templateName: run.templateName, progress};
}
