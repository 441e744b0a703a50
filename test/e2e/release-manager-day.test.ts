// A new release manager's day, walked through in Chromium against the preview: settings that
// refuse a bad value where it is typed, condition questions answered explicitly, the daily
// merge-back due every working day, and "My steps". The tests run in order and share one preview.
import type {Page} from 'playwright-core';

import {FRIDAY, isoDay, weekdayAhead} from '../preview/lib/days-ahead';

import {pluginApi, startE2E, type E2E} from './harness';

jest.setTimeout(120_000);

const CONSOLE = '/admin_console/plugins/plugin_com.mattermost.release-checklist';
const RELEASE = weekdayAhead(FRIDAY);
const GOOD_HOLIDAY = isoDay(RELEASE.plus({weeks: 8}));

let e2e: E2E;

// The first run may build the plugin executable.
beforeAll(async () => {
    e2e = await startE2E();
}, 400_000);

afterAll(async () => {
    await e2e?.close();
});

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
