// Hand-built records for tests: a small template with every kind of step (sub-steps, a
// condition, an approval gate, a recurring step, a post-release step with its own due time)
// and a bare run, so store and run tests do not depend on the template parser.
import {DEFAULT_ROLES, SCHEMA_VERSION, type Run, type RunStep, type Template, type TemplateStep} from '../model';

function step(id: string, title: string, role: string, extra: Partial<TemplateStep> = {}): TemplateStep {
    return {id, title, role, substeps: [], ...extra};
}

export function sampleTemplate(): Template {
    return {
        schemaVersion: SCHEMA_VERSION,
        id: 'security-release',
        name: 'Security release',
        roles: DEFAULT_ROLES.map((r) => ({...r})),
        conditions: [{id: 'regular-release', question: 'Does the dot release coincide with a regular release?'}],
        phases: [
            {
                id: 'a', label: 'A', title: 'Code complete', offset: {unit: 'working', days: -4},
                steps: [
                    step('fixes-merged', 'Merge the fixes', 'dev'),
                    // As in the default template: daily from its phase's day (T-4) until T-0.
                    step('merge-back', 'Merge the release branch back', 'dev', {recurring: 'daily', due: {offset: {unit: 'working', days: 0}}}),
                    step('tell-regular', 'Tell the regular release team', 'release-manager', {condition: 'regular-release'}),
                ],
            },
            {
                id: 'b', label: 'B', title: 'Release candidate cut', offset: {unit: 'working', days: -3},
                steps: [
                    step('approve-rc', 'Verify with the Release Manager before cutting any new RC', 'build', {approval: true}),
                    step('cut-rc', 'Cut the release candidate', 'build'),
                ],
            },
            {
                id: 'd', label: 'D', title: 'Release build cut', offset: {unit: 'working', days: 0},
                steps: [
                    step('installers', 'Tell the installer maintainers', 'logistics', {
                        substeps: [step('puppet', 'Puppet', 'logistics'), step('chef', 'Chef', 'logistics')],
                    }),
                    step('blog', 'Publish the blog post', 'marketing', {due: {offset: {unit: 'calendar', days: 1}, time: '08:00', zone: 'America/Los_Angeles'}}),
                ],
            },
        ],
    };
}

export function bareStep(id: string, extra: Partial<RunStep> = {}): RunStep {
    return {
        id, phaseId: 'a', title: `Step ${id}`, role: 'dev', approval: false,
        due: {offset: {unit: 'working', days: -4}}, dueAt: '2026-01-05T01:00:00.000Z', dueOverridden: false,
        state: 'open', notes: [], noteCount: extra.notes?.length ?? 0, evidence: [], ...extra,
    };
}

export function bareRun(id: string, channelId: string, extra: Partial<Run> = {}): Run {
    return {
        schemaVersion: SCHEMA_VERSION, id, channelId, templateId: 'security-release', templateName: 'Security release',
        version: '1.1.1', releaseDay: '2026-01-09', timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], holidays: [],
        roles: {'release-manager': ['rm']}, roleNames: {'release-manager': 'Release Manager'},
        conditions: {}, conditionQuestions: {}, issues: [], status: 'active', createdBy: 'u1',
        createdAt: '2026-01-01T00:00:00.000Z', phases: [], steps: [bareStep('s1'), bareStep('s2')], revision: 1, ...extra,
    };
}
