// A new release manager's day, walked through in Chromium against the preview: settings that
// refuse a bad value where it is typed, condition questions answered explicitly, the daily
// merge-back due every working day, "My steps", "All my releases" and the calendar files. The
// tests run in order and share one preview.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import {DateTime} from 'luxon';
import type {Page} from 'playwright-core';

import {FRIDAY, isoDay, weekdayAhead} from '../preview/lib/days-ahead';
import {CHANNELS, PEOPLE} from '../preview/lib/seed';

import {openRhs, pluginApi, startE2E, type E2E} from './harness';

jest.setTimeout(120_000);

const CONSOLE = '/admin_console/plugins/plugin_com.mattermost.release-checklist';
const RELEASE = weekdayAhead(FRIDAY);
const RELEASE_DAY = isoDay(RELEASE);
const GOOD_HOLIDAY = isoDay(RELEASE.plus({weeks: 8}));
const REGULAR = 'Is a regular release in progress at the same time as this dot release?';
const MUG = 'Is the reporting security researcher still without a researcher mug from us?';
const PREV_TEST_STEP = /^Mark “Point prev\.test\.mattermost\.com at the dot-release RCs/;
const MUG_STEP = 'Mark “Order a security researcher mug for the reporter” done';
const MERGE_BACK = 'Merge the release branch back into master';
const ZONE = 'America/Los_Angeles';

let e2e: E2E;

// The first run may build the plugin executable.
beforeAll(async () => {
    e2e = await startE2E();
}, 400_000);

afterAll(async () => {
    await e2e?.close();
});

async function pickUser(scope: ReturnType<Page['locator']>, label: string, term: string): Promise<void> {
    await scope.getByLabel(label, {exact: true}).fill(term);
    await scope.getByRole('list', {name: 'Search people'}).getByRole('button').first().click();
}

/** Fills the RHS start form, answers both questions and starts; Dev is dan, the Release Manager rita. */
async function startRelease(page: Page, version: string, answer: 'Yes' | 'No'): Promise<void> {
    const rhs = page.getByTestId('rhs');
    const form = rhs.getByRole('form', {name: 'Start a release'});
    await form.getByLabel('Version').fill(version);
    await form.getByLabel('Release day (T-0)').fill(RELEASE_DAY);
    for (const question of [REGULAR, MUG]) {
        await form.getByRole('radiogroup', {name: question}).getByRole('radio', {name: answer}).check();
    }
    await pickUser(form, 'Release Manager', 'rita');
    await pickUser(form, 'Dev', 'dan');
    await form.getByRole('button', {name: 'Start release'}).click();
    await rhs.getByRole('heading', {name: new RegExp(`Release ${version.replace(/\./g, '\\.')}`)}).waitFor();
}

async function defaults(page: Page): Promise<{holidays: string[]}> {
    const res = await pluginApi(page, 'GET', '/defaults');
    expect(res.status).toBe(200);
    return res.json as {holidays: string[]};
}

test('a bad holiday line is refused in the System Console, with the error under the field', async () => {
    const ada = await e2e.signIn('ada', CONSOLE);
    const holidays = ada.getByRole('textbox', {name: 'Holidays:'});
    await holidays.fill(`${GOOD_HOLIDAY}\n2030-13-01`);
    const described = await holidays.getAttribute('aria-describedby');
    const error = ada.locator(`[id="${described}"]`);
    await error.getByText('Line 2: Holiday \'2030-13-01\' is not a date in the form YYYY-MM-DD.').waitFor();
    await ada.getByRole('button', {name: 'Save', exact: true}).click();
    await ada.getByRole('alert').filter({hasText: 'Holidays: Line 2'}).waitFor();
    expect(await ada.getByText('Settings saved.').count()).toBe(0);
    expect((await defaults(ada)).holidays).toEqual([]);

    // Corrected, it saves, and the server uses it.
    await holidays.fill(GOOD_HOLIDAY);
    await ada.getByRole('button', {name: 'Save', exact: true}).click();
    await ada.getByRole('status').filter({hasText: 'Settings saved.'}).waitFor();
    expect((await defaults(ada)).holidays).toEqual([GOOD_HOLIDAY]);
});

test('a start with both questions answered Yes shows both conditional steps; one answered No leaves them out', async () => {
    const rita = await e2e.signIn('rita', '/core/channels/security-release');
    await openRhs(rita);
    const rhs = rita.getByTestId('rhs');
    // Nothing is answered for the release manager: both questions start unanswered.
    const form = rhs.getByRole('form', {name: 'Start a release'});
    for (const question of [REGULAR, MUG]) {
        await expect(form.getByRole('radiogroup', {name: question}).getByRole('radio', {checked: true}).count()).resolves.toBe(0);
    }
    await startRelease(rita, '3.0.0', 'Yes');
    await rhs.getByRole('button', {name: PREV_TEST_STEP}).waitFor();
    await rhs.getByRole('button', {name: MUG_STEP}).waitFor();
    await expect(rhs.getByRole('region', {name: 'Conditions'}).textContent()).resolves.toContain(`${MUG} Yes`);

    await rhs.getByRole('button', {name: 'Start a release'}).click();
    await startRelease(rita, '3.0.1', 'No');
    await rhs.getByRole('button', {name: 'Show the 2 steps that do not apply'}).waitFor();
    await expect(rhs.getByRole('button', {name: PREV_TEST_STEP}).count()).resolves.toBe(0);
    await expect(rhs.getByRole('button', {name: MUG_STEP}).count()).resolves.toBe(0);
    await expect(rhs.getByRole('region', {name: 'Conditions'}).textContent()).resolves.toContain(`${MUG} No`);
});

test('the daily merge-back is under Due today on two different working days (the browser\'s clock set to each)', async () => {
    const dan = await e2e.signIn('dan', '/core/channels/security-release');
    // T-3 and T-2 of the release started above (Tuesday and Wednesday), at noon UTC: the same
    // calendar day in the run's zone (Los Angeles) and the browser's (Toronto).
    for (const day of [RELEASE.minus({days: 3}), RELEASE.minus({days: 2})]) {
        await dan.clock.setFixedTime(new Date(`${isoDay(day)}T12:00:00Z`));
        await dan.reload();
        await openRhs(dan);
        const today = dan.getByTestId('rhs').getByRole('region', {name: 'Due today'});
        await today.getByRole('link', {name: MERGE_BACK}).waitFor();
        await expect(dan.getByTestId('rhs').getByRole('button', {name: `Mark “${MERGE_BACK}” done for today`}).getAttribute('aria-pressed')).resolves.toBe('false');
    }
});

test('"My steps" for Dev shows only Dev\'s steps, and Dev\'s steps of the release in another channel with a link to it', async () => {
    const rita = await e2e.signIn('rita', '/core/channels/town-square');
    const other = await pluginApi(rita, 'POST', '/runs', {
        channelId: CHANNELS.townSquare.id, templateId: 'security-release', version: '4.0.0', releaseDay: RELEASE_DAY, timeZone: 'America/Los_Angeles',
        roles: {'release-manager': [PEOPLE.rita.id], dev: [PEOPLE.dan.id]}, conditions: {'during-regular-release': false, 'researcher-needs-mug': false}, issues: [],
    });
    expect(other.status).toBe(201);

    const dan = await e2e.signIn('dan', '/core/channels/security-release');
    const list = (await pluginApi(dan, 'GET', `/runs?channel_id=${CHANNELS.release.id}`)).json as {currentRunId: string};
    const run = (await pluginApi(dan, 'GET', `/runs/${list.currentRunId}`)).json as {steps: Array<{id: string; role: string; state: string; parentId?: string; assignee?: string}>};
    const devSteps = run.steps.filter((s) => s.role === 'dev' && s.state === 'open' && !s.parentId && !s.assignee).map((s) => s.id);
    expect(devSteps.length).toBeGreaterThan(2);

    await openRhs(dan);
    const rhs = dan.getByTestId('rhs');
    await rhs.getByRole('heading', {name: /Release 3\.0\.1/}).waitFor();
    // Opening the RHS put keyboard focus in it.
    await expect(dan.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="rhs"]')))).resolves.toBe(true);
    await rhs.getByRole('button', {name: 'My steps'}).click();
    await expect(rhs.getByRole('button', {name: 'My steps'}).getAttribute('aria-pressed')).resolves.toBe('true');
    const shown = await rhs.locator('li[data-step-id]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.stepId));
    expect([...shown].sort()).toEqual([...devSteps].sort());
    expect(new Set(await rhs.locator('.rc-role h4').allTextContents())).toEqual(new Set(['Dev']));
    const others = rhs.getByRole('region', {name: 'Your steps in other releases'});
    await others.getByRole('link', {name: 'Release 4.0.0 in Town Square'}).waitFor();
    await expect(others.textContent()).resolves.toContain(MERGE_BACK);
});

test('"All my releases" lists Dev\'s releases of both channels and opens one in its channel; the calendar downloads through the session; the outsider sees only his', async () => {
    const dan = await e2e.signIn('dan', '/core/channels/security-release');
    await openRhs(dan);
    const rhs = dan.getByTestId('rhs');
    await rhs.getByRole('heading', {name: /Release 3\.0\.1/}).waitFor();

    // The run's calendar links download in the browser with the session cookie, nothing else.
    const [download] = await Promise.all([dan.waitForEvent('download'), rhs.getByRole('link', {name: 'My steps (.ics)'}).click()]);
    expect(download.suggestedFilename()).toBe('release-3.0.1-my-steps.ics');
    const ics = readFileSync((await download.path())!, 'utf8');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain(`SUMMARY:Release 3.0.1: ${MERGE_BACK}`);
    expect(ics).toMatch(/DTSTART;TZID=America\/Los_Angeles:\d{8}T170000/);

    // A release due in two working days has T-4 and T-3 behind it with their steps open: at risk.
    let soon = DateTime.now().setZone(ZONE).startOf('day');
    for (let left = 2; left > 0;) {
        soon = soon.plus({days: 1});
        left -= soon.weekday <= 5 ? 1 : 0;
    }
    const rita = await e2e.signIn('rita', '/core/channels/town-square');
    const started = await pluginApi(rita, 'POST', '/runs', {
        channelId: CHANNELS.townSquare.id, templateId: 'security-release', version: '4.0.1', releaseDay: isoDay(soon), timeZone: ZONE,
        roles: {'release-manager': [PEOPLE.rita.id], dev: [PEOPLE.dan.id]}, conditions: {'during-regular-release': false, 'researcher-needs-mug': false}, issues: [],
    });
    expect(started.status).toBe(201);

    await rhs.getByRole('button', {name: 'All my releases'}).click();
    const all = rhs.getByRole('region', {name: 'All my releases'});
    await all.getByRole('heading', {name: 'Release 4.0.0'}).waitFor();
    expect(await all.getByRole('heading', {level: 3}).allTextContents()).toEqual(['Release 4.0.1', 'Release 3.0.0', 'Release 3.0.1', 'Release 4.0.0']);
    const risky = all.getByRole('listitem').filter({has: dan.getByRole('heading', {name: 'Release 4.0.1'})});
    await expect(risky.textContent()).resolves.toMatch(/At risk: \d+ steps overdue/);
    await expect(risky.textContent()).resolves.toContain('Overdue');
    const town = all.getByRole('listitem').filter({has: dan.getByRole('heading', {name: 'Release 4.0.0'})});
    await expect(town.textContent()).resolves.toContain('Town Square · core');
    await expect(town.textContent()).resolves.toMatch(/Your next step: #\d+ /);
    await expect(town.getByRole('progressbar', {name: 'Progress of release 4.0.0'}).getAttribute('aria-valuenow')).resolves.toBe('0');
    await rhs.screenshot({path: join(e2e.screenshots, 'all-releases.png')});

    await town.getByRole('button', {name: 'Open release 4.0.0'}).click();
    await dan.waitForURL(/\/core\/channels\/town-square$/);
    await rhs.getByRole('heading', {name: /Release 4\.0\.0/}).waitFor();
    await expect(rhs.getByRole('button', {name: 'This channel'}).getAttribute('aria-pressed')).resolves.toBe('true');

    // Oscar is in Town Square only: the security release channel's runs are not his to see.
    const oscar = await e2e.signIn('oscar', '/core/channels/town-square');
    const listed = (await pluginApi(oscar, 'GET', '/all')).json as {releases: Array<{version: string}>; total: number};
    expect([listed.releases.map((r) => r.version), listed.total]).toEqual([['4.0.1', '4.0.0'], 2]);
    const list = (await pluginApi(dan, 'GET', `/runs?channel_id=${CHANNELS.release.id}`)).json as {currentRunId: string};
    expect((await pluginApi(oscar, 'GET', `/runs/${list.currentRunId}/calendar.ics`)).status).toBe(403);
});
