// The Go host's script for the real product executable: a seeded team, channel, members and
// an admin, then the product's own HTTP API (docs/http-api.md), /release status, and the
// API calls activation must have made.
import {isoDay, TUESDAY, weekdayAhead} from '../../preview/lib/days-ahead';

/** A template in the Markdown dialect, about `bytes` long: one phase, many Dev steps. */
export function largeTemplateMarkdown(bytes: number): string {
    const head = '# Large template {#large}\n\nRoles: Release Manager, Dev\n\n## A. Code complete (T-1)\n\n### Dev\n\n';
    const lines: string[] = [];
    let size = head.length;
    for (let i = 0; size < bytes; i++) {
        const line = `- Check component number ${i} of the release candidate build and write down what was found {#step-${i}}\n`;
        lines.push(line);
        size += line.length;
    }
    return head + lines.join('');
}

export function productScript(bundlePath: string): Record<string, unknown> {
    // Release days count from today, since a run may not start in the past: a Tuesday ahead,
    // and the dialog's run four weeks after it.
    const firstDay = weekdayAhead(TUESDAY);
    const releaseDay = isoDay(firstDay);
    const dialogReleaseDay = isoDay(firstDay.plus({weeks: 4}));
    const startRun = {
        channelId: 'c1', templateId: 'security-release', version: '1.1.1', releaseDay, timeZone: 'Europe/Berlin',
        roles: {'release-manager': ['u1']}, conditions: {'during-regular-release': false, 'researcher-needs-mug': true}, issues: [],
    };
    // What the start dialog posts back (Mattermost's SubmitDialogRequest); user_id is a lie the route must ignore.
    const submitDialog = (submission: Record<string, unknown>) => ({
        type: 'dialog_submission', callback_id: 'release-start', state: JSON.stringify({c: 'c1', t: 'security-release'}),
        user_id: 'u2', channel_id: 'c1', team_id: 't1', submission, cancelled: false,
    });
    const goodSubmission = {
        template: 'security-release', version: '2.0.0', release_day: dialogReleaseDay, time_zone: 'Europe/Berlin',
        'condition_during-regular-release': false, 'condition_researcher-needs-mug': true, issues: 'https://example.com/issue/7',
    };
    return {
        expectHooks: ['OnActivate', 'OnDeactivate', 'OnConfigurationChange', 'ServeHTTP', 'ExecuteCommand'],
        // Mattermost hands the settings over with lower-cased keys.
        config: {defaulttimezone: 'Europe/Berlin', remindersenabled: false, reminderhour: 9},
        siteURL: 'http://localhost:8065',
        serverVersion: '9.11.0',
        bundlePath,
        users: [{id: 'u1', username: 'alice', timeZone: 'Europe/Berlin'}, {id: 'u2', username: 'bob'}],
        teams: [{id: 't1', name: 'team-one', displayName: 'Team One'}],
        channels: [{id: 'c1', teamId: 't1', type: 'O', name: 'release', displayName: 'Release'}],
        members: [{channelId: 'c1', userId: 'u1'}, {channelId: 'c1', userId: 'u2'}],
        permissions: [{userId: 'u1', permission: 'manage_system'}],
        requests: [
            {name: 'list-runs', method: 'GET', path: '/api/v1/runs?channel_id=c1', userId: 'u1', status: 200, bodyContains: '"runs":[]'},
            {name: 'start-run', method: 'POST', path: '/api/v1/runs', userId: 'u1', json: startRun, status: 201, bodyContains: '"version":"1.1.1"', capture: {runId: 'id'}},
            {name: 'get-run', method: 'GET', path: '/api/v1/runs/{{runId}}', userId: 'u1', status: 200, bodyContains: `"releaseDay":"${releaseDay}"`},
            {name: 'list-after-start', method: 'GET', path: '/api/v1/runs?channel_id=c1', userId: 'u2', status: 200, bodyContains: '"currentRunId":"{{runId}}"'},
            {name: 'post-empty-body', method: 'POST', path: '/api/v1/runs/{{runId}}/current', userId: 'u1', bodyBytes: 0, status: 200, bodyContains: '"currentRunId":"{{runId}}"'},
            {name: 'post-no-body-stream', method: 'POST', path: '/api/v1/runs/{{runId}}/current', userId: 'u1', noBodyStream: true, status: 200},
            {name: 'post-5mb', method: 'POST', path: '/api/v1/runs', userId: 'u1', bodyBytes: 5 << 20, status: 413, bodyContains: 'larger than'},
            {name: 'bad-json', method: 'POST', path: '/api/v1/runs', userId: 'u1', bodyBytes: 100, status: 400, bodyContains: 'not valid JSON'},
            {name: 'large-answer', method: 'POST', path: '/api/v1/templates/parse', userId: 'u1', json: {markdown: largeTemplateMarkdown(250 * 1024)}, status: 200, bodyContains: '"step-1000"', minWrites: 2},
            {name: 'admin-only', method: 'POST', path: '/api/v1/templates/parse', userId: 'u2', json: {markdown: '# T'}, status: 403},
            {name: 'anonymous', method: 'GET', path: '/api/v1/runs?channel_id=c1', status: 401},
            {name: 'non-member', method: 'GET', path: '/api/v1/runs/{{runId}}', userId: 'u3', status: 403},
            {name: 'dialog-bad-fields', method: 'POST', path: '/api/v1/dialogs/start', userId: 'u1', json: submitDialog({...goodSubmission, version: 'two', release_day: '2030-13-45'}), status: 200, bodyContains: '"release_day":"Give the release day'},
            {name: 'dialog-non-member', method: 'POST', path: '/api/v1/dialogs/start', userId: 'u3', json: submitDialog(goodSubmission), status: 403},
            {name: 'dialog-start', method: 'POST', path: '/api/v1/dialogs/start', userId: 'u1', json: submitDialog(goodSubmission), status: 200, bodyContains: '{}'},
            {name: 'list-after-dialog', method: 'GET', path: '/api/v1/runs?channel_id=c1', userId: 'u2', status: 200, bodyContains: '"version":"2.0.0"'},
            {name: 'unknown-route', method: 'GET', path: '/api/v1/nope', userId: 'u1', status: 404},
        ],
        commands: [
            {name: 'release-status', command: '/release status', userId: 'u1', channelId: 'c1', teamId: 't1', textContains: 'Release 2.0.0', responseType: 'ephemeral'},
            // Bare start opens the dialog and answers nothing itself.
            {name: 'release-start-dialog', command: '/release start', userId: 'u1', channelId: 'c1', teamId: 't1', triggerId: 'trigger-1', textContains: '', responseType: 'ephemeral'},
        ],
        expectDialogs: [{
            name: 'release-start', triggerId: 'trigger-1', url: '/plugins/com.mattermost.release-checklist/api/v1/dialogs/start', callbackId: 'release-start',
            elements: ['template:select', 'version:text', 'release_day:text', 'time_zone:text', 'condition_during-regular-release:radio', 'condition_researcher-needs-mug:radio', 'issues:textarea'],
        }],
        expectApiCalls: [
            'LoadPluginConfiguration', 'GetBundlePath', 'EnsureBotUser', 'SetProfileImage', 'RegisterCommand', 'KVGet',
            'KVSetWithOptions', 'GetChannelMember', 'HasPermissionTo', 'CreatePost', 'PublishWebSocketEvent', 'OpenInteractiveDialog',
        ],
    };
}
