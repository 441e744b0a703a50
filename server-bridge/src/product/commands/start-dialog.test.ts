// Bare `/release start` opens the start form as an interactive dialog (the mobile path): the
// template's fields, the settings' defaults, the plugin's callback URL; a refused dialog is
// a clear ephemeral answer, and nothing is written either way.
import {sampleTemplate} from '../testing/fixtures';
import {CHANNEL, DEV, OUTSIDER, makeHarness, type Harness} from '../testing/service-harness';
import {START_DIALOG_URL, decodeState} from '../dialogs/start-form';
import {executeReleaseCommand, type CommandDeps} from './execute';
import {commandRunsFromService} from './run-service-adapter';

function setup(config?: Record<string, unknown>): {h: Harness; deps: CommandDeps} {
    const template = sampleTemplate();
    template.conditions.push({id: 'researcher-needs-mug', question: 'Does the researcher need a mug? '.repeat(8)});
    const h = makeHarness({template, config});
    const deps: CommandDeps = {
        runs: commandRunsFromService(h.service), api: h.platform, log: h.platform.log, botUserId: () => 'bot', now: () => h.clock.now,
    };
    return {h, deps};
}

const args = (userId: string, triggerId?: string) => ({command: '/release start', userId, channelId: CHANNEL, teamId: 'team1', ...(triggerId ? {triggerId} : {})});

it('opens a dialog with the template, version, release day, zone, one yes/no per condition and issue links', async () => {
    const {h, deps} = setup({DefaultTimeZone: 'Europe/Berlin'});
    const reply = await executeReleaseCommand(deps, args(DEV, 'trig-1'));
    expect(reply).toEqual({responseType: 'ephemeral', text: ''});
    expect(h.platform.dialogs).toHaveLength(1);
    const [request] = h.platform.dialogs;
    expect(request.triggerId).toBe('trig-1');
    expect(request.url).toBe(START_DIALOG_URL);
    expect(request.url).toBe('/plugins/com.mattermost.release-checklist/api/v1/dialogs/start');
    const d = request.dialog;
    expect(d.callbackId).toBe('release-start');
    expect(d.elements.map((e) => `${e.name}:${e.type}`)).toEqual([
        'template:select', 'version:text', 'release_day:text', 'time_zone:text',
        'condition_regular-release:radio', 'condition_researcher-needs-mug:radio', 'issues:textarea',
    ]);
    const byName = new Map(d.elements.map((e) => [e.name, e]));
    expect(byName.get('template')?.options).toEqual([{text: 'Security release', value: 'security-release'}]);
    expect(byName.get('template')?.default).toBe('security-release');
    expect(byName.get('time_zone')?.default).toBe('Europe/Berlin');
    // Monday 2 March 2026: five working days on is Monday 9 March, so phase A (T-4) starts the next day.
    expect(byName.get('release_day')?.default).toBe('2026-03-09');
    // An explicit Yes / No with no default, required: nothing is answered for the person.
    expect(byName.get('condition_regular-release')).toEqual({
        displayName: 'Regular release', name: 'condition_regular-release', type: 'radio', helpText: 'Does the dot release coincide with a regular release?',
        options: [{text: 'Yes', value: 'yes'}, {text: 'No', value: 'no'}],
    });
    expect(byName.get('issues')?.optional).toBe(true);
    expect(decodeState(d.state)).toEqual({channelId: CHANNEL, templateId: 'security-release'});
    // Mattermost refuses a dialog over its limits as a whole.
    expect(d.title.length).toBeLessThanOrEqual(24);
    for (const e of d.elements) {
        expect([e.name, e.displayName.length > 0 && e.displayName.length <= 24]).toEqual([e.name, true]);
        expect([e.name, (e.helpText ?? '').length <= 150, (e.placeholder ?? '').length <= 150]).toEqual([e.name, true, true]);
    }
    expect(await h.runs.listChannel(CHANNEL)).toEqual({runs: [], currentRunId: null});
});

it('answers with a clear ephemeral message when the server refuses the dialog', async () => {
    const {h, deps} = setup();
    h.platform.dialogFailure = new Error('OpenInteractiveDialog: trigger ID expired');
    const reply = await executeReleaseCommand(deps, args(DEV, 'old-trigger'));
    expect(reply.responseType).toBe('ephemeral');
    expect(reply.text).toMatch(/start form could not be opened \(the server said: OpenInteractiveDialog: trigger ID expired\)\. Nothing was changed\./);
    expect(reply.text).toContain('`/release start <version> <release day YYYY-MM-DD> --if <condition>=yes|no`');
    expect(h.platform.logs.some((l) => l.level === 'warn' && l.message.includes('could not open the start form'))).toBe(true);
    expect(h.platform.dialogs).toEqual([]);
});

it('refuses non-members before showing them anything', async () => {
    const {h, deps} = setup();
    const reply = await executeReleaseCommand(deps, args(OUTSIDER, 'trig-2'));
    expect(reply.text).toMatch(/not a member/);
    expect(h.platform.dialogs).toEqual([]);
});

it('without a trigger id (an older host) explains how to start instead', async () => {
    const {h, deps} = setup();
    const reply = await executeReleaseCommand(deps, args(DEV));
    expect(reply.text).toContain('/release start <version> <release day YYYY-MM-DD>');
    expect(h.platform.dialogs).toEqual([]);
});

it('with every question answered by --if starts at once, without a dialog, and says the answers', async () => {
    const {h, deps} = setup();
    const reply = await executeReleaseCommand(deps, {...args(DEV, 'trig-3'), command: '/release start 1.2.0 2026-03-20 --if regular-release=yes --if researcher-needs-mug=no'});
    expect(reply.text).toContain('Started release 1.2.0');
    expect(reply.text).toContain('Does the dot release coincide with a regular release? **yes**');
    expect(h.platform.dialogs).toEqual([]);
    const {runs} = await h.service.channelRuns(DEV, CHANNEL);
    expect(runs[0].conditions).toEqual({'regular-release': true, 'researcher-needs-mug': false});
});

it('with a question left unanswered asks in the form, holding what was typed, and starts nothing', async () => {
    const {h, deps} = setup();
    const reply = await executeReleaseCommand(deps, {...args(DEV, 'trig-4'), command: '/release start 1.2.0 2026-03-20 --if researcher-needs-mug=no'});
    expect(reply).toEqual({responseType: 'ephemeral', text: 'Release 1.2.0 is not started yet: answer the template\'s questions in the form that opened.'});
    const byName = new Map(h.platform.dialogs[0].dialog.elements.map((e) => [e.name, e]));
    expect(byName.get('version')?.default).toBe('1.2.0');
    expect(byName.get('release_day')?.default).toBe('2026-03-20');
    expect(byName.get('condition_researcher-needs-mug')?.default).toBe('no');
    expect(byName.get('condition_regular-release')?.default).toBeUndefined();
    expect(await h.runs.listChannel(CHANNEL)).toEqual({runs: [], currentRunId: null});
});
