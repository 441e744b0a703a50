// The History tab in Chromium against the preview: six finished releases of the security
// release template are seeded into the plugin's KV as the history record a finish writes
// (`hist:security-release`), one release is started in the channel, and the RHS shows the
// insight sentences and the charts, screenshotted in the light and the dark theme.
import {join} from 'node:path';

import type {Page} from 'playwright-core';

import {historyKey, type HistoryRun} from '../../server-bridge/src/product/history';
import {FRIDAY, isoDay, weekdayAhead} from '../preview/lib/days-ahead';
import {CHANNELS} from '../preview/lib/seed';

import {openRhs, pluginApi, standIn, startE2E, type E2E} from './harness';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const PHASES = [
    {id: 'a-code-complete', label: 'A', title: 'Code complete', offset: {unit: 'working' as const, days: -4}, start: 0},
    {id: 'b-release-candidate-cut', label: 'B', title: 'Release candidate cut', offset: {unit: 'working' as const, days: -3}, start: 24},
    {id: 'c-release-candidate-testing', label: 'C', title: 'Release candidate testing', offset: {unit: 'working' as const, days: -2}, start: 48},
    {id: 'd-release-build-cut', label: 'D', title: 'Release build cut', offset: {unit: 'working' as const, days: 0}, start: 96},
];
/** Step, phase, role, due hour after its phase's day starts, hours late in releases 1.0.1 ... 1.0.6. */
const STEPS: Array<[string, string, number, string, number, number[]]> = [
    ['merge-fixes', 'Merge the security fixes into the release branch', 0, 'dev', 17, [0, 3, 0, 0, 1, 0]],
    ['cut-rc1', 'Cut RC1 and post the build links', 1, 'build', 12, [2, 0, 5, 0, 0, 0]],
    ['test-rc', 'Run the release candidate test pass', 2, 'qa', 17, [24, 0, 30, 24, 20, 6]],
    ['upgrade-test', 'Test the upgrade from the previous dot release', 2, 'qa', 17, [0, 4, 26, 0, 2, 0]],
    ['update-docs', 'Update the download links and the changelog', 2, 'logistics', 17, [0, 0, 0, 10, 0, 0]],
    ['release-build', 'Cut the final release build', 3, 'build', 12, [0, 2, 8, 0, 0, 3]],
    ['blog-post', 'Publish the security release blog post', 3, 'marketing', 17, [0, 0, 0, 0, 0, 0]],
];
const ROLE_NAMES = {'release-manager': 'Release Manager', dev: 'Dev', build: 'Build', qa: 'QA', logistics: 'Logistics', marketing: 'Marketing'};

function seededRun(k: number): HistoryRun {
    const day = Date.parse('2026-06-01T13:00:00Z') + (k - 1) * 21 * 24 * HOUR;
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
        runId: `seededrun${k}`, channelId: CHANNELS.release.id, version: `1.0.${k}`, releaseDay: iso(day + 96 * HOUR).slice(0, 10),
        templateName: 'Security release', createdAt: iso(day - 7 * HOUR), finishedAt: iso(day + 120 * HOUR), roleNames: ROLE_NAMES,
        phases: PHASES.map(({start: _start, ...p}) => p),
        steps: STEPS.map(([id, title, phase, role, due, late]) => {
            const dueAt = day + (PHASES[phase].start + due - 13) * HOUR;
            return {id, title, phaseId: PHASES[phase].id, role, dueAt: iso(dueAt), closedAt: iso(dueAt + late[k - 1] * HOUR), state: 'done' as const};
        }),
    };
}

let e2e: E2E;

beforeAll(async () => {
    e2e = await startE2E(async () => {
        const backend = await standIn();
        const record = {schemaVersion: 1, templateId: 'security-release', runs: [1, 2, 3, 4, 5, 6].map(seededRun)};
        await backend.preview.platform.kv.set(historyKey('security-release'), new TextEncoder().encode(JSON.stringify(record)));
        return backend;
    });
}, 400_000);

afterAll(async () => {
    await e2e?.close();
});

/** The sidebar from its top to the end of the history (the sidebar itself runs to the window's bottom). */
async function shot(page: Page, name: string): Promise<void> {
    const rhs = await page.getByTestId('rhs').boundingBox();
    const history = await page.locator('.rc-history').boundingBox();
    if (!rhs || !history) {
        throw new Error('the sidebar or the history is not on screen');
    }
    const clip = {x: rhs.x, y: rhs.y, width: rhs.width, height: history.y + history.height + 16 - rhs.y};
    await page.screenshot({path: join(e2e.screenshots, `${name}.png`), clip});
}

test('the History tab shows the template\'s release history, readable in the light and the dark theme', async () => {
    const rita = await e2e.signIn('rita', `/core/channels/${CHANNELS.release.name}`);
    const ritaId = e2e.backend.userId('rita');
    const started = await pluginApi(rita, 'POST', '/runs', {
        channelId: CHANNELS.release.id, templateId: 'security-release', version: '1.0.7', releaseDay: isoDay(weekdayAhead(FRIDAY)),
        timeZone: 'America/Toronto', roles: {'release-manager': [ritaId]},
        conditions: {'during-regular-release': false, 'researcher-needs-mug': false}, issues: [],
    });
    expect(started.status).toBe(201);
    const api = await pluginApi(rita, 'GET', `/history?template_id=security-release&channel_id=${CHANNELS.release.id}`);
    expect(api.status).toBe(200);
    expect((api.json as {releases: unknown[]}).releases).toHaveLength(6);

    await openRhs(rita);
    const rhs = rita.getByTestId('rhs');
    await rhs.getByRole('heading', {name: /Release 1\.0\.7/}).waitFor();
    await rhs.getByRole('tab', {name: 'History'}).click();
    await rhs.getByRole('heading', {name: 'Release history of Security release'}).waitFor();
    await expect(rhs.getByRole('listitem').first().textContent()).resolves
        .toBe('QA’s “Run the release candidate test pass” slipped in all of the last 4 releases it was done in, by a median of a day (worst 1.5 days).');
    for (const name of ['Steps that slip most', 'Lateness by role', 'Phase duration: planned and actual', 'Late steps per release']) {
        await expect(rhs.getByRole('img', {name}).count()).resolves.toBe(1);
    }
    // At the sidebar's real width the charts fit without a horizontal scrollbar.
    const box = await rhs.getByRole('img', {name: 'Steps that slip most'}).boundingBox();
    const rhsBox = await rhs.boundingBox();
    expect(box && rhsBox && box.width <= rhsBox.width).toBe(true);
    // Tall enough for the whole tab in one picture.
    await rita.setViewportSize({width: 1440, height: 2400});
    await shot(rita, 'history-light');
    await rita.getByRole('button', {name: 'Dark theme'}).click();
    await shot(rita, 'history-dark');
    // Theme colours: the text of the charts follows the theme.
    const fill = await rhs.locator('.rc-chart-text').first().evaluate((el) => getComputedStyle(el).fill);
    const color = await rhs.locator('.rc-history').evaluate((el) => getComputedStyle(el).color);
    expect(fill).toBe(color);
    await rita.getByRole('button', {name: 'Dark theme'}).click();
});
