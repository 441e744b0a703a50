// The security release journey in a real browser, one set of steps and assertions for every
// backend behind the preview page: the stand-in (test/e2e/security-release.test.ts) and a
// real Mattermost server (test/mattermost/browser-journey.test.ts). Admin settings saved
// through the System Console, starting 1.1.1 with its schedule preview, marking a step done
// from a real post's menu, live updates in a second person's browser, skipping a
// conditional step, an outsider kept out, moving the release day, the report, a dropped
// websocket, the live-update delay over 24 toggles, the start dialog (the mobile path), and
// "Done" clicked in a reminder DM.
// The steps run in order and share one backend.
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import {DateTime} from 'luxon';
import type {Page} from 'playwright-core';

import {FRIDAY, isoDay, weekdayAhead} from '../preview/lib/days-ahead';

import {openRhs, pluginApi, PLUGIN_ID, REPO_ROOT, type E2E} from './harness';

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
const TOGGLE_STEP = 'Open the hotfix pull requests against the release branch';
const TOGGLES = 24;

interface RunStep {id: string; title: string; state: string; dueAt: string; evidence: Array<{postId: string}>; skipReason?: string}
interface Run {id: string; version: string; releaseDay: string; timeZone: string; steps: RunStep[]}

/** The UTC date of the due instant of a step due on `day` in `zone`. */
function dueUtcDate(day: DateTime, zone: string): string {
    return isoDay(DateTime.fromISO(`${isoDay(day)}T${DUE_TIME}`, {zone}).toUTC());
}

/** Matches a day as the schedule preview writes it, e.g. "Dec 11" (and not "Dec 1"). */
function shownAs(day: DateTime): RegExp {
    return new RegExp(`\\b${day.setLocale('en-US').toFormat('LLL d')}\\b`);
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

function percentile(sorted: number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function pickUser(scope: ReturnType<Page['locator']>, label: string, term: string): Promise<void> {
    await scope.getByLabel(label, {exact: true}).fill(term);
    await scope.getByRole('list', {name: 'Search people'}).getByRole('button').first().click();
}

/**
 * Answers the start form's questions: `yes` yes, any other no. A question is a checkbox
 * (checked means yes) or a required Yes/No radio group, depending on the webapp's version.
 */
async function answerQuestions(form: ReturnType<Page['locator']>, yes: string): Promise<void> {
    const question = form.getByLabel(yes, {exact: true});
    if (await question.getAttribute('role') !== 'radiogroup') {
        await question.check();
        return;
    }
    for (const group of await form.getByRole('radiogroup').all()) {
        const name = await group.evaluate((el) => {
            const ids = (el.getAttribute('aria-labelledby') ?? '').split(' ').filter(Boolean);
            return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ') || el.getAttribute('aria-label') || '';
        });
        await group.getByRole('radio', {name: name.includes(yes) ? 'Yes' : 'No', exact: true}).check();
    }
}

/** Records in the page when the step's tick changes state (a MutationObserver; pages share the machine clock). */
async function watchStep(page: Page, stepTitle: string): Promise<void> {
    await page.evaluate((title) => {
        const w = window as unknown as {seen: Array<{pressed: string | null; at: number}>};
        w.seen = [];
        let last: string | null = null;
        new MutationObserver(() => {
            const button = Array.from(document.querySelectorAll('[data-testid="rhs"] button[aria-pressed]'))
                .find((b) => (b.getAttribute('aria-label') ?? '').includes(title));
            const pressed = button?.getAttribute('aria-pressed') ?? null;
            if (pressed !== last) {
                last = pressed;
                w.seen.push({pressed, at: performance.timeOrigin + performance.now()});
            }
        }).observe(document.body, {subtree: true, childList: true, attributes: true});
    }, stepTitle);
}

export function securityReleaseJourney(label: string, start: () => Promise<E2E>): void {
    let e2e: E2E;
    let rita: Page;
    let quinn: Page;
    let runId = '';
    let evidencePostId = '';

    const b = () => e2e.backend;
    const channelPath = () => `/${b().team}/channels/${b().channel.name}`;
    const composer = (page: Page) => page.getByLabel(`Write to ${b().channel.displayName}`);

    async function currentRun(page: Page): Promise<Run> {
        const list = await pluginApi(page, 'GET', `/runs?channel_id=${b().channel.id}`);
        expect(list.status).toBe(200);
        const id = (list.json as {currentRunId: string}).currentRunId;
        const run = await pluginApi(page, 'GET', `/runs/${id}`);
        expect(run.status).toBe(200);
        return run.json as Run;
    }

    async function shot(page: Page, name: string, selector?: string): Promise<void> {
        const path = join(e2e.screenshots, `${name}.png`);
        if (selector) {
            await page.locator(selector).screenshot({path});
        } else {
            await page.screenshot({path});
        }
    }

    describe(`security release journey in the browser (${label})`, () => {
        // The first run may build the plugin executable, or the Mattermost server.
        beforeAll(async () => {
            e2e = await start();
        }, 1_200_000);

        afterAll(async () => {
            await e2e?.close();
        }, 60_000);

        test('the admin sets the default role assignments and a holiday in the System Console', async () => {
            const {cast} = b();
            const admin = await e2e.signIn(cast.admin, `/admin_console/plugins/plugin_${PLUGIN_ID}`);
            const roles = admin.locator('[data-setting="DefaultRoleAssignments"]');
            await roles.getByLabel('Release Manager', {exact: true}).waitFor();
            for (const [role, who] of [['Release Manager', cast.releaseManager], ['Dev', cast.dev], ['Build', cast.build], ['QA', cast.qa], ['Logistics', cast.logistics], ['Marketing', cast.marketing]]) {
                await pickUser(roles, role, who);
            }
            await admin.getByRole('textbox', {name: 'Holidays:'}).fill(HOLIDAY);
            await shot(admin, 'console-settings');
            await shot(admin, 'console-role-assignments', '[data-setting="DefaultRoleAssignments"]');
            await admin.getByRole('button', {name: 'Save', exact: true}).click();
            await admin.getByRole('status').filter({hasText: 'Settings saved.'}).waitFor();

            const defaults = (await pluginApi(admin, 'GET', '/defaults')).json as {holidays: string[]; roles: Record<string, string[]>};
            expect(defaults.holidays).toContain(HOLIDAY);
            expect(defaults.roles['release-manager']).toEqual([b().userId(cast.releaseManager)]);
            expect(defaults.roles.qa).toEqual([b().userId(cast.qa)]);
        });

        test('the release manager starts 1.1.1 and the preview counts T-4 in working days around the holiday', async () => {
            rita = await e2e.signIn(b().cast.releaseManager, channelPath());
            await openRhs(rita);
            const rhs = rita.getByTestId('rhs');
            await rhs.getByLabel('Version').fill('1.1.1');
            await rhs.getByLabel('Release day (T-0)').fill(RELEASE_DAY);
            await answerQuestions(rhs, CONDITION);
            const preview = rhs.getByRole('region', {name: 'Schedule preview'});
            const t4 = preview.getByRole('listitem').filter({hasText: T4_STEP});
            await t4.waitFor();
            await expect(t4.textContent()).resolves.toMatch(shownAs(T4));
            await expect(t4.textContent()).resolves.not.toMatch(shownAs(T4_WITHOUT_HOLIDAY));
            // Role defaults from the console are filled in.
            await expect(rhs.getByRole('button', {name: new RegExp(`^Remove .*\\b${b().cast.releaseManager}\\b`, 'i')}).count()).resolves.toBeGreaterThan(0);
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
            quinn = await e2e.signIn(b().cast.qa, channelPath());
            await openRhs(quinn);
            const quinnStep = quinn.getByTestId('rhs').getByRole('button', {name: `Mark “${DEV_STEP}” done`});
            await quinnStep.waitFor();

            const dan = await e2e.signIn(b().cast.dev, channelPath());
            await composer(dan).fill('fix merged');
            await composer(dan).press('Enter');
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
            console.log(`[${label}] QA saw the step done ${Date.now() - marked} ms after the developer's click returned`);
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
            const outsider = await e2e.signIn(b().cast.outsider, `/${b().team}/channels/town-square`);
            await expect(outsider.getByRole('navigation', {name: 'Channels'}).getByText(b().channel.displayName).count()).resolves.toBe(0);
            await openRhs(outsider);
            await outsider.getByTestId('rhs').getByRole('heading', {name: 'No release in this channel yet'}).waitFor();
            await expect(outsider.getByTestId('rhs').getByRole('heading', {name: /Release 1\.1\.1/}).count()).resolves.toBe(0);
            await outsider.goto(`${b().url}${channelPath()}`);
            await outsider.getByRole('alert').filter({hasText: 'Channel not found, or you are not a member.'}).waitFor();
            expect((await pluginApi(outsider, 'GET', `/runs/${runId}`)).status).toBe(403);
            expect((await pluginApi(outsider, 'GET', `/runs?channel_id=${b().channel.id}`)).status).toBe(403);
            expect((await pluginApi(outsider, 'POST', `/runs/${runId}/steps/${encodeURIComponent('test-rc')}/done`, {})).status).toBe(403);
            // A client-sent identity header is stripped: it does not make the outsider the release manager.
            const forged = await outsider.request.get(`${b().url}/plugins/${PLUGIN_ID}/api/v1/runs/${runId}`, {
                headers: {'Mattermost-User-Id': b().userId(b().cast.releaseManager), 'X-Requested-With': 'XMLHttpRequest'},
            });
            expect(forged.status()).toBe(403);
        });

        test('the release manager moves the release day with /release and the open steps follow', async () => {
            const before = await currentRun(rita);
            await composer(rita).fill(`/release move ${MOVED_DAY}`);
            await composer(rita).press('Enter');
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
            await composer(rita).fill('/release report');
            await composer(rita).press('Enter');
            await rita.getByTestId('post').filter({hasText: DEV_STEP}).filter({has: rita.locator(`a[href$="/pl/${evidencePostId}"]`)}).first().waitFor();
        });

        test('after a dropped websocket the page reconnects and catches up on what it missed', async () => {
            const step = 'Test the new RC and confirm the fixes merged to the release branch work';
            const rhs = quinn.getByTestId('rhs');
            await rhs.getByRole('button', {name: `Mark “${step}” done`}).waitFor();
            b().disconnectEvents();
            await quinn.getByText('Reconnecting…').waitFor();
            // The change happens while QA's page hears nothing.
            const run = await currentRun(rita);
            const id = run.steps.find((s) => s.title === step)!.id;
            expect((await pluginApi(rita, 'POST', `/runs/${run.id}/steps/${encodeURIComponent(id)}/done`, {source: 'api'})).status).toBe(200);
            await expect(rhs.getByRole('button', {name: `Undo “${step}”`}).count()).resolves.toBe(0);
            b().reconnectEvents();
            await rhs.getByRole('button', {name: `Undo “${step}”`}).waitFor();
            await expect(quinn.getByText('Reconnecting…').count()).resolves.toBe(0);
        });

        test(`QA's open page follows ${TOGGLES} toggles in the release manager's sidebar, each without a reload`, async () => {
            await quinn.getByTestId('rhs').getByRole('button', {name: `Mark “${TOGGLE_STEP}” done`}).waitFor();
            await watchStep(quinn, TOGGLE_STEP);
            let navigations = 0;
            quinn.on('framenavigated', () => navigations++);
            const delays: number[] = [];
            for (let i = 0; i < TOGGLES; i++) {
                const willBe = i % 2 === 0 ? 'true' : 'false';
                const button = rita.getByTestId('rhs').getByRole('button', {name: willBe === 'true' ? `Mark “${TOGGLE_STEP}” done` : `Undo “${TOGGLE_STEP}”`});
                await button.waitFor();
                const clickedAt = await button.evaluate((el) => {
                    (el as HTMLButtonElement).click();
                    return performance.timeOrigin + performance.now();
                });
                const seenAt = await quinn.waitForFunction(({want, after}) => {
                    const seen = (window as unknown as {seen: Array<{pressed: string | null; at: number}>}).seen;
                    return seen.find((s) => s.pressed === want && s.at >= after)?.at ?? false;
                }, {want: willBe, after: clickedAt}, {timeout: 10_000});
                delays.push(Number(await seenAt.jsonValue()) - clickedAt);
                // The next click waits for the clicker's own panel to settle.
                await rita.getByTestId('rhs').getByRole('button', {name: willBe === 'true' ? `Undo “${TOGGLE_STEP}”` : `Mark “${TOGGLE_STEP}” done`}).waitFor();
            }
            expect(delays).toHaveLength(TOGGLES);
            expect(navigations).toBe(0);

            // Measured, not asserted: click in one context to visible in the other.
            const sorted = [...delays].sort((x, y) => x - y);
            const figures = {
                backend: b().name, toggles: TOGGLES, p50Ms: Math.round(percentile(sorted, 50)), p95Ms: Math.round(percentile(sorted, 95)),
                maxMs: Math.round(sorted[sorted.length - 1]), budgetMs: 1000,
            };
            mkdirSync(join(REPO_ROOT, 'test', 'out'), {recursive: true});
            writeFileSync(join(REPO_ROOT, 'test', 'out', `live-update-latency-${b().slug}.json`), `${JSON.stringify(figures, null, 2)}\n`);
            console.log(`[${label}] live update across browser contexts over ${TOGGLES} toggles: p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms, max ${figures.maxMs} ms`);
        });

        test('/release start opens the start dialog: the page\'s own check, the server\'s field error, then the run starts', async () => {
            await composer(rita).fill('/release start');
            await composer(rita).press('Enter');
            const dialog = rita.getByRole('dialog', {name: 'Start a release'});
            await dialog.waitFor();
            await shot(rita, 'start-dialog', '.pv-dialog');
            // Left empty, the required version is refused before anything is sent.
            await dialog.getByRole('button', {name: 'Start', exact: true}).click();
            await dialog.getByText('This field is required.').first().waitFor();
            expect(await dialog.getByLabel('Version').getAttribute('aria-invalid')).toBe('true');
            await dialog.getByLabel('Version').fill('1.1.2');
            // Every yes/no question of the template (a required radio group) is answered no.
            for (const question of await dialog.getByRole('radiogroup').all()) {
                await question.getByRole('radio', {name: 'No', exact: true}).check();
            }
            // A release day the plugin cannot read comes back from the server under its field.
            await dialog.getByLabel('Release day (T-0)').fill('2030-13-45');
            await dialog.getByRole('button', {name: 'Start', exact: true}).click();
            await dialog.getByText(/Give the release day as YYYY-MM-DD/).waitFor();
            await expect(dialog.getByText('This field is required.').count()).resolves.toBe(0);
            await dialog.getByLabel('Release day (T-0)').fill(RELEASE_DAY);
            await dialog.getByRole('button', {name: 'Start', exact: true}).click();
            await dialog.waitFor({state: 'detached'});
            const runs = await until(async () => (await pluginApi(rita, 'GET', `/runs?channel_id=${b().channel.id}`)).json as {runs: Array<{version: string}>},
                (list) => list.runs.some((r) => r.version === '1.1.2'));
            expect(runs.runs.map((r) => r.version).sort()).toEqual(['1.1.1', '1.1.2']);
        });

        test('the developer clicks Done in a reminder DM: the step is done and the card says who did it', async () => {
            const {cast} = b();
            // Due tomorrow, so the developer's T-4 steps are overdue now and a reminder lists them.
            const started = await pluginApi(rita, 'POST', '/runs', {
                channelId: b().channel.id, templateId: 'security-release', version: '1.2.0', releaseDay: nextWorkingDay(), timeZone: 'UTC',
                roles: {'release-manager': [b().userId(cast.releaseManager)], dev: [b().userId(cast.dev)]},
                conditions: {'during-regular-release': false, 'researcher-needs-mug': false}, issues: [],
            });
            expect(started.status).toBe(201);
            const run = started.json as Run;
            const reminded = await pluginApi(rita, 'POST', `/runs/${run.id}/remind`, {});
            // The Release Manager's and the developer's.
            expect(reminded.json).toEqual({sent: 2});
            // The live status post of the new run, in the channel (the README's picture).
            await rita.reload();
            const status = rita.getByTestId('post').filter({hasText: 'Release 1.2.0 status'});
            await status.waitFor();
            await status.scrollIntoViewIfNeeded();
            await shot(rita, 'status-post', `[data-post-id="${await status.getAttribute('data-post-id')}"]`);

            const dan = await e2e.signIn(cast.dev, `/${b().team}/messages/@release-checklist`);
            const card = dan.getByTestId('attachment').filter({hasText: TOGGLE_STEP});
            await card.getByRole('button', {name: 'Done', exact: true}).waitFor();
            expect(await card.getByRole('link', {name: 'Open the checklist'}).getAttribute('href')).toMatch(/\/pl\/[a-z0-9]{26}$/);
            const reminder = dan.getByTestId('post').filter({has: card});
            await shot(dan, 'reminder-buttons', `[data-post-id="${await reminder.getAttribute('data-post-id')}"]`);
            await card.getByRole('button', {name: 'Done', exact: true}).click();
            // The server applies the plugin's update; the page hears post_edited.
            await card.getByText(/Done by @dan at \d\d:\d\d/).waitFor();
            expect(await card.getByRole('button').count()).toBe(0);
            const after = (await pluginApi(dan, 'GET', `/runs/${run.id}`)).json as Run & {steps: Array<RunStep & {closedBy?: string}>};
            expect(after.steps.find((st) => st.title === TOGGLE_STEP)).toMatchObject({state: 'done', closedBy: b().userId(cast.dev)});
        });
    });
}

/** The next Monday-to-Friday day after today (UTC). */
function nextWorkingDay(): string {
    let day = DateTime.utc().startOf('day').plus({days: 1});
    while (day.weekday > 5) {
        day = day.plus({days: 1});
    }
    return isoDay(day);
}
