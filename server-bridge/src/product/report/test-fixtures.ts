// A scripted run shared by the tests of the report, the bot, the commands and the reminders:
// a small version of the security release process with every kind of step state.
import type {Run, RunEvent, RunStep} from '../model';
import type {PlatformUser} from '../platform';

export function user(id: string, username: string, firstName = '', lastName = ''): PlatformUser {
    return {id, username, firstName, lastName, nickname: '', isBot: false, deleteAt: 0};
}

export const USERS: PlatformUser[] = [
    user('u-rm', 'rita', 'Rita', 'Manager'),
    user('u-dev', 'dave', 'Dave', 'Developer'),
    user('u-qa', 'quinn'),
    user('u-build', 'bob', 'Bob', 'Builder'),
    user('u-out', 'olga', 'Olga', 'Outsider'),
];

function step(partial: Partial<RunStep> & Pick<RunStep, 'id' | 'phaseId' | 'title' | 'role' | 'dueAt'>): RunStep {
    return {
        approval: false,
        due: {offset: {unit: 'working', days: 0}},
        dueOverridden: false,
        state: 'open',
        notes: [],
        noteCount: partial.notes?.length ?? 0,
        evidence: [],
        ...partial,
    };
}

/** Release 1.1.1 on Tuesday 2024-03-12 in Toronto (EDT from 2024-03-10). */
export function scriptedRun(): Run {
    return {
        schemaVersion: 1,
        id: 'run1',
        channelId: 'chan1',
        teamId: 'team1',
        templateId: 'security-release',
        templateName: 'Security release',
        version: '1.1.1',
        releaseDay: '2024-03-12',
        timeZone: 'America/Toronto',
        workingDays: [1, 2, 3, 4, 5],
        holidays: [],
        roles: {'release-manager': ['u-rm'], dev: ['u-dev'], qa: ['u-qa'], build: ['u-build']},
        roleNames: {'release-manager': 'Release Manager', dev: 'Dev', qa: 'QA', build: 'Build'},
        conditions: {'regular-release': false},
        conditionQuestions: {'regular-release': 'Does the dot release coincide with a regular release?'},
        issues: ['https://issues.example.com/MM-1', 'https://issues.example.com/MM-2?q=(x)'],
        status: 'active',
        createdBy: 'u-rm',
        createdAt: '2024-03-05T14:00:00.000Z',
        phases: [
            {id: 'a', label: 'A', title: 'Code complete', offset: {unit: 'working', days: -4}},
            {id: 'b', label: 'B', title: 'Release candidate cut', offset: {unit: 'working', days: -3}},
            {id: 'c', label: 'C', title: 'Release candidate testing', offset: {unit: 'working', days: -2}},
            {id: 'd', label: 'D', title: 'Release build cut', offset: {unit: 'working', days: 0}},
        ],
        steps: [
            step({id: 'post-checklist', phaseId: 'a', title: 'Post this checklist in the Release Checklist channel', role: 'release-manager',
                dueAt: '2024-03-06T22:00:00.000Z', state: 'done', closedBy: 'u-rm', closedAt: '2024-03-06T15:00:00.000Z',
                evidence: [{postId: 'post-a1', userId: 'u-rm', at: '2024-03-06T15:00:00.000Z'}]}),
            step({id: 'announce', phaseId: 'a', title: 'Make a post in Announcements channel', role: 'release-manager',
                dueAt: '2024-03-06T22:00:00.000Z', state: 'done', closedBy: 'u-rm', closedAt: '2024-03-06T16:00:00.000Z',
                announcement: {channelSetting: 'AnnouncementChannel', message: 'Security release {{version}} on {{releaseDay}}:\n{{issues}}'},
                evidence: [{postId: 'post-a2', userId: 'u-rm', at: '2024-03-06T16:00:00.000Z'}, {postId: 'post-a3', userId: 'u-dev', at: '2024-03-06T16:30:00.000Z'}]}),
            step({id: 'hotfix-prs', phaseId: 'a', title: 'PRs for hotfixes are made to | release branch', role: 'dev',
                dueAt: '2024-03-06T22:00:00.000Z', state: 'skipped', skipReason: 'No hotfix needed | see [thread](javascript:alert(1))',
                closedBy: 'u-dev', closedAt: '2024-03-06T17:00:00.000Z'}),
            step({id: 'verify-rc', phaseId: 'b', title: 'Verify with Release Manager before cutting any new RC', role: 'build',
                dueAt: '2024-03-07T22:00:00.000Z', approval: true}),
            step({id: 'update-prev', phaseId: 'c', title: 'Update prev.test.mattermost.com', role: 'qa', condition: 'regular-release',
                dueAt: '2024-03-08T22:00:00.000Z'}),
            step({id: 'test-rc', phaseId: 'c', title: 'Test the new RC', role: 'qa', dueAt: '2024-03-08T22:00:00.000Z',
                notes: [{userId: 'u-qa', at: '2024-03-08T14:00:00.000Z', text: 'Blocked on | the RC build @all'}]}),
            step({id: 'installers', phaseId: 'd', title: 'Contact owners of community installers', role: 'release-manager',
                dueAt: '2024-03-12T21:00:00.000Z', assignee: 'u-dev'}),
            step({id: 'installers/chef', parentId: 'installers', phaseId: 'd', title: 'Chef Cookbook issue', role: 'release-manager',
                dueAt: '2024-03-12T21:00:00.000Z', state: 'done', closedBy: 'u-dev', closedAt: '2024-03-12T18:00:00.000Z',
                evidence: [{postId: 'post-d1', userId: 'u-dev', at: '2024-03-12T18:00:00.000Z'}]}),
            step({id: 'installers/yunohost', parentId: 'installers', phaseId: 'd', title: 'Yunohost pull request', role: 'release-manager',
                dueAt: '2024-03-12T21:00:00.000Z'}),
        ],
        revision: 7,
    };
}

export function scriptedEvents(): RunEvent[] {
    const base = {schemaVersion: 1, runId: 'run1', source: 'rhs' as const};
    return [
        {...base, seq: 0, type: 'run-created', userId: 'u-rm', at: '2024-03-05T14:00:00.000Z'},
        {...base, seq: 1, type: 'step-done', userId: 'u-rm', at: '2024-03-06T15:00:00.000Z', stepId: 'post-checklist', postId: 'post-a1'},
        {...base, seq: 2, type: 'step-done', userId: 'u-rm', at: '2024-03-06T16:00:00.000Z', stepId: 'announce', postId: 'post-a2'},
        {...base, seq: 3, type: 'evidence-attached', userId: 'u-dev', at: '2024-03-06T16:30:00.000Z', stepId: 'announce', postId: 'post-a3'},
        {...base, seq: 4, type: 'step-skipped', userId: 'u-dev', at: '2024-03-06T17:00:00.000Z', stepId: 'hotfix-prs', data: {reason: 'No hotfix needed | see [thread](javascript:alert(1))'}},
        {...base, seq: 5, type: 'release-day-moved', userId: 'u-rm', at: '2024-03-07T12:00:00.000Z', data: {from: '2024-03-11', to: '2024-03-12'}},
        {...base, seq: 6, type: 'step-done', userId: 'u-dev', at: '2024-03-12T18:00:00.000Z', stepId: 'installers/chef', postId: 'post-d1', source: 'slash-command'},
    ];
}

export function userMap(): Map<string, PlatformUser> {
    return new Map(USERS.map((u) => [u.id, u]));
}
