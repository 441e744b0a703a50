// The security release journey in a real browser against the preview host: admin settings,
// starting 1.1.1 with its schedule preview, marking a step done from a post's menu, live
// updates in a second person's browser, skipping a conditional step, an outsider kept out,
// moving the release day, and the report. The steps run in order and share one preview.
import {join} from 'node:path';

import {DateTime} from 'luxon';
import type {Page} from 'playwright-core';

import {FRIDAY, isoDay, weekdayAhead} from '../preview/lib/days-ahead';
import {CHANNELS} from '../preview/lib/seed';

import {openRhs, pluginApi, SCREENSHOTS, startE2E, type E2E} from './harness';

jest.setTimeout(120_000);

// Days count from today (a run may not start in the past): release on the Friday at least three
// weeks ahead with a holiday on the Wednesday before it. T-4 working days back from that Friday:
// Thu (1), Wed is the holiday, Tue (2), Mon (3), the previous Friday (4); without the holiday
// it would be the Monday (Thu, Wed, Tue, Mon).
const RELEASE = weekdayAhead(FRIDAY);
const RELEASE_DAY = isoDay(RELEASE);
const HOLIDAY = isoDay(RELEASE.minus({days: 2}));
const T4 = RELEASE.minus({days: 7});
const T4_WITHOUT_HOLIDAY = RELEASE.minus({days: 4});
// Moved to the Tuesday after: Mon (1), Fri (2), Thu (3), Wed is the holiday, Tue (4), the
// Tuesday a week before the new release day.
const MOVED = RELEASE.plus({days: 4});
const MOVED_DAY = isoDay(MOVED);
const MOVED_T4 = MOVED.minus({days: 7});
// Steps are due at 17:00 in the run's zone; the API gives the instant in UTC.
const DUE_TIME = '17:00';
const T4_STEP = 'Share this checklist in the release checklist channel once the fix list is final';
const DEV_STEP = 'Review pull requests made from the release branch and merge what is needed';
const CONDITIONAL_STEP = 'Point prev.test.mattermost.com at the dot-release RCs';
const CONDITION = 'Is a regular release in progress at the same time as this dot release?';

interface RunStep {id: string; title: string; state: string; dueAt: string; evidence: Array<{postId: string}>; skipReason?: string}
interface Run {id: string; releaseDay: string; timeZone: string; steps: RunStep[]}

let e2e: E2E;
let rita: Page;
let quinn: Page;
let runId = '';
let evidencePostId = '';

/** The UTC date of the due instant of a step due on `day` in `zone`. */
function dueUtcDate(day: DateTime, zone: string): string {
    return isoDay(DateTime.fromISO(`${isoDay(day)}T${DUE_TIME}`, {zone}).toUTC());
}

/** Matches a day as the schedule preview writes it, e.g. "Dec 11" (and not "Dec 1"). */
function shownAs(day: DateTime): RegExp {
    return new RegExp(`\\b${day.setLocale('en-US').toFormat('LLL d')}\\b`);
}

async function currentRun(page: Page): Promise<Run> {
    const list = await pluginApi(page, 'GET', `/runs?channel_id=${CHANNELS.release.id}`);
    expect(list.status).toBe(200);
    const id = (list.json as {currentRunId: string}).currentRunId;
    const run = await pluginApi(page, 'GET', `/runs/${id}`);
    expect(run.status).toBe(200);
    return run.json as Run;
}

/** Polls until `done` holds (the slash command answers before its effects are read back). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let value = await read();
    while (!done(value)) {
        if (Date.now() > deadline) {
            throw new Error(`condition not reached in ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 500)}`);
        }
        await new Promise((r) => setTimeout(r, 100));
        value = await read();
    }
    return value;
}

async function shot(page: Page, name: string, selector?: string): Promise<void> {
    const path = join(SCREENSHOTS, `${name}.png`);
    if (selector) {
        await page.locator(selector).screenshot({path});
    } else {
        await page.screenshot({path});
    }
}

async function pickUser(scope: ReturnType<Page['locator']>, label: string, term: string): Promise<void> {
    await scope.getByLabel(label, {exact: true}).fill(term);
    await scope.getByRole('list', {name: 'Search people'}).getByRole('button').first().click();
}

// The first run may build the plugin executable.
beforeAll(async () => {
    e2e = await startE2E();
}, 400_000);

afterAll(async () => {
    await e2e?.close();
});

test('the admin sets the default role assignments and a holiday in the System Console', async () => {
    const ada = await e2e.signIn('ada', '/admin_console/plugins/plugin_com.mattermost.release-checklist');
    const roles = ada.locator('[data-setting="DefaultRoleAssignments"]');
    await roles.getByLabel('Release Manager', {exact: true}).waitFor();
    for (const [role, who] of [['Release Manager', 'rita'], ['Dev', 'dan'], ['Build', 'bill'], ['QA', 'quinn'], ['Logistics', 'lena'], ['Marketing', 'maya']]) {
        await pickUser(roles, role, who);
    }
    await ada.getByLabel('Holidays:').fill(HOLIDAY);
    await shot(ada, 'console-settings');
    await shot(ada, 'console-role-assignments', '[data-setting="DefaultRoleAssignments"]');
    await ada.getByRole('button', {name: 'Save', exact: true}).click();
    await ada.getByRole('status').filter({hasText: 'Settings saved.'}).waitFor();

    const defaults = (await pluginApi(ada, 'GET', '/defaults')).json as {holidays: string[]; roles: Record<string, string[]>};
    expect(defaults.holidays).toContain(HOLIDAY);
    expect(defaults.roles['release-manager']).toEqual([expect.stringMatching(/^rita/)]);
    expect(defaults.roles.qa).toEqual([expect.stringMatching(/^quinn/)]);
});

test('the release manager starts 1.1.1 and the preview counts T-4 in working days around the holiday', async () => {
    rita = await e2e.signIn('rita', '/core/channels/security-release');
    await openRhs(rita);
    const rhs = rita.getByTestId('rhs');
    await rhs.getByLabel('Version').fill('1.1.1');
    await rhs.getByLabel('Release day (T-0)').fill(RELEASE_DAY);
    await rhs.getByLabel(CONDITION).check();
    const preview = rhs.getByRole('region', {name: 'Schedule preview'});
    const t4 = preview.getByRole('listitem').filter({hasText: T4_STEP});
    await t4.waitFor();
    await expect(t4.textContent()).resolves.toMatch(shownAs(T4));
    await expect(t4.textContent()).resolves.not.toMatch(shownAs(T4_WITHOUT_HOLIDAY));
    // Role defaults from the console are filled in.
    await expect(rhs.getByRole('button', {name: /Remove (rita|Rita)/}).count()).resolves.toBeGreaterThan(0);
    await rhs.getByLabel('Version').scrollIntoViewIfNeeded();
    await shot(rita, 'start-form', '[data-testid="rhs"]');
    await preview.evaluate((el) => el.scrollIntoView({block: 'start'}));
    await shot(rita, 'schedule-preview', '[data-testid="rhs"]');

    await rhs.getByRole('button', {name: 'Start release'}).click();
    await rhs.getByRole('heading', {name: /Release 1\.1\.1/}).waitFor();
    const run = await currentRun(rita);
    runId = run.id;
    expect(run.releaseDay).toBe(RELEASE_DAY);
    expect(run.steps.find((s) => s.title === T4_STEP)?.dueAt.slice(0, 10)).toBe(dueUtcDate(T4, run.timeZone));
    await rhs.getByRole('heading', {name: /Release 1\.1\.1/}).scrollIntoViewIfNeeded();
    await shot(rita, 'rhs-light', '[data-testid="rhs"]');
    await rita.getByRole('button', {name: 'Dark theme'}).click();
    await shot(rita, 'rhs-dark', '[data-testid="rhs"]');
    await shot(rita, 'preview-dark');
    await rita.getByRole('button', {name: 'Dark theme'}).click();
});

test('the developer marks the step done from the post menu; QA sees it without reloading', async () => {
    quinn = await e2e.signIn('quinn', '/core/channels/security-release');
    await openRhs(quinn);
    const quinnStep = quinn.getByTestId('rhs').getByRole('button', {name: `Mark “${DEV_STEP}” done`});
    await quinnStep.waitFor();

    const dan = await e2e.signIn('dan', '/core/channels/security-release');
    await dan.getByLabel('Write to Security Release').fill('fix merged');
    await dan.getByLabel('Write to Security Release').press('Enter');
    const post = dan.getByTestId('post').filter({hasText: 'fix merged'});
    await post.waitFor();
    evidencePostId = (await post.getAttribute('data-post-id'))!;
    await post.hover();
    await post.getByRole('button', {name: 'Message actions'}).click();
    await post.getByRole('menuitem', {name: 'Mark step done'}).waitFor();
    await shot(dan, 'post-menu');
    await post.getByRole('menuitem', {name: 'Mark step done'}).click();
    const dialog = dan.getByRole('dialog');
    await dialog.getByRole('button', {name: new RegExp(DEV_STEP)}).click();
    const marked = Date.now();

    // QA's page gets the change through the live event, not a reload.
    const navigations: string[] = [];
    quinn.on('framenavigated', (f) => navigations.push(f.url()));
    await quinn.getByTestId('rhs').getByRole('button', {name: `Undo “${DEV_STEP}”`}).waitFor({timeout: 10_000});
    console.log(`QA saw the step done ${Date.now() - marked} ms after the developer's click returned`);
    expect(navigations).toEqual([]);

    // The bot answers in the post's thread.
    await dan.locator(`[data-testid="post"][data-root-id="${evidencePostId}"]`).first().waitFor();
    const run = await currentRun(dan);
    const step = run.steps.find((s) => s.title === DEV_STEP)!;
    expect(step.state).toBe('done');
    expect(step.evidence.map((e) => e.postId)).toContain(evidencePostId);
});

test('QA skips the conditional step with a reason', async () => {
    const rhs = quinn.getByTestId('rhs');
    await rhs.getByRole('button', {name: new RegExp(`More actions for “${CONDITIONAL_STEP}`)}).click();
    await rhs.getByRole('button', {name: 'Skip', exact: true}).click();
    await rhs.getByLabel('Reason for skipping').fill('No regular release this month');
    await rhs.getByRole('button', {name: 'Skip step'}).click();
    await rhs.getByText('Skipped: No regular release this month').waitFor();
    await rhs.getByText('Skipped: No regular release this month').scrollIntoViewIfNeeded();
    await shot(quinn, 'rhs-skipped-step', '[data-testid="rhs"]');
    const step = (await currentRun(quinn)).steps.find((s) => s.title.startsWith(CONDITIONAL_STEP))!;
    expect(step.state).toBe('skipped');
    expect(step.skipReason).toBe('No regular release this month');
});

test('the outsider sees no run and gets 403 from the API', async () => {
    const oscar = await e2e.signIn('oscar', '/core/channels/town-square');
    await expect(oscar.getByRole('navigation', {name: 'Channels'}).getByText('Security Release').count()).resolves.toBe(0);
    await openRhs(oscar);
    await oscar.getByTestId('rhs').getByRole('heading', {name: 'No release in this channel yet'}).waitFor();
    await expect(oscar.getByTestId('rhs').getByRole('heading', {name: /Release 1\.1\.1/}).count()).resolves.toBe(0);
    await oscar.goto(`${e2e.preview.url}/core/channels/security-release`);
    await oscar.getByRole('alert').filter({hasText: 'Channel not found, or you are not a member.'}).waitFor();
    expect((await pluginApi(oscar, 'GET', `/runs/${runId}`)).status).toBe(403);
    expect((await pluginApi(oscar, 'GET', `/runs?channel_id=${CHANNELS.release.id}`)).status).toBe(403);
    expect((await pluginApi(oscar, 'POST', `/runs/${runId}/steps/${encodeURIComponent('test-rc')}/done`, {})).status).toBe(403);
    // A client-sent identity header is stripped: it does not make oscar the release manager.
    const forged = await oscar.request.get(`${e2e.preview.url}/plugins/com.mattermost.release-checklist/api/v1/runs/${runId}`, {
        headers: {'Mattermost-User-Id': 'rita0000000000000000000000'},
    });
    expect(forged.status()).toBe(403);
});

test('the release manager moves the release day with /release and the open steps follow', async () => {
    const before = await currentRun(rita);
    await rita.getByLabel('Write to Security Release').fill(`/release move ${MOVED_DAY}`);
    await rita.getByLabel('Write to Security Release').press('Enter');
    const after = await until(() => currentRun(rita), (run) => run.releaseDay === MOVED_DAY);
    for (const step of before.steps) {
        const moved = after.steps.find((s) => s.id === step.id)!;
        if (step.state === 'open') {
            expect(moved.dueAt > step.dueAt).toBe(true);
        } else {
            expect(moved.state).toBe(step.state);
        }
    }
    // T-4 from the moved Tuesday skips the holiday: the Tuesday a week before.
    expect(after.steps.find((s) => s.title === T4_STEP)?.dueAt.slice(0, 10)).toBe(dueUtcDate(MOVED_T4, after.timeZone));
});

test('the report lists every done step with its evidence link', async () => {
    const run = await currentRun(rita);
    const done = run.steps.filter((s) => s.state === 'done');
    expect(done.length).toBeGreaterThan(0);
    const report = (await pluginApi(rita, 'GET', `/runs/${run.id}/report`)).json as {markdown: string};
    for (const step of done) {
        expect(report.markdown).toContain(step.title);
        for (const e of step.evidence) {
            expect(report.markdown).toContain(`/pl/${e.postId}`);
        }
    }
    await rita.getByLabel('Write to Security Release').fill('/release report');
    await rita.getByLabel('Write to Security Release').press('Enter');
    await rita.getByTestId('post').filter({hasText: DEV_STEP}).filter({has: rita.locator(`a[href$="/pl/${evidencePostId}"]`)}).first().waitFor();
});

test('after a dropped connection the page reconnects and the plugin refetches what it missed', async () => {
    const step = 'Test the new RC and confirm the fixes merged to the release branch work';
    const rhs = quinn.getByTestId('rhs');
    await rhs.getByRole('button', {name: `Mark “${step}” done`}).waitFor();
    e2e.preview.hub.disconnectAll();
    await quinn.getByText('Reconnecting…').waitFor();
    // The change happens while QA's page hears nothing.
    const run = await currentRun(rita);
    const id = run.steps.find((s) => s.title === step)!.id;
    expect((await pluginApi(rita, 'POST', `/runs/${run.id}/steps/${encodeURIComponent(id)}/done`, {source: 'api'})).status).toBe(200);
    await expect(rhs.getByRole('button', {name: `Undo “${step}”`}).count()).resolves.toBe(0);
    e2e.preview.hub.reconnectAll();
    await rhs.getByRole('button', {name: `Undo “${step}”`}).waitFor();
});
