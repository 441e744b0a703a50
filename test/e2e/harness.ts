// Shared set-up of the browser tests: a preview host on a free port with a fresh data
// directory, and Debian's Chromium driven by playwright-core (never a downloaded browser),
// one browser context per person so each has their own session cookies.
import {existsSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

import {chromium, type Browser, type BrowserContext, type Page} from 'playwright-core';

import {startExecutablePlugin} from '../preview/lib/executable';
import {startPreview, type RunningPreview} from '../preview/lib/preview';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(REPO_ROOT, 'test', 'out', 'screenshots');
export const PLUGIN_ID = 'com.mattermost.release-checklist';

export interface E2E {
    preview: RunningPreview;
    browser: Browser;
    dataDir: string;
    /** A signed-in page for a seeded person, in its own context. */
    signIn(username: string, path?: string): Promise<Page>;
    close(): Promise<void>;
}

/** The plugin's real executable through the bridge, unless PREVIEW_PLUGIN=in-process (for debugging the product). */
export function mode(): 'executable' | 'in-process' {
    return process.env.PREVIEW_PLUGIN === 'in-process' ? 'in-process' : 'executable';
}

export async function startE2E(): Promise<E2E> {
    if (!existsSync(CHROMIUM)) {
        throw new Error(`Chromium is not installed at ${CHROMIUM}; run scripts/setup.sh (apt-get install chromium) or set CHROMIUM_PATH`);
    }
    mkdirSync(SCREENSHOTS, {recursive: true});
    const dataDir = mkdtempSync(join(tmpdir(), 'rc-e2e-'));
    const preview = await startPreview({
        repoRoot: REPO_ROOT, dataDir, port: 0, mode: mode(),
        startExecutable: (platform) => startExecutablePlugin(platform, {repoRoot: REPO_ROOT}),
    });
    let browser: Browser;
    try {
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            headless: true,
            args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        });
    } catch (err) {
        await preview.stop();
        throw new Error(`Chromium at ${CHROMIUM} did not start: ${err instanceof Error ? err.message : String(err)}`);
    }
    const contexts: BrowserContext[] = [];
    return {
        preview,
        browser,
        dataDir,
        async signIn(username, path = '/') {
            const context = await browser.newContext({viewport: {width: 1440, height: 900}, timezoneId: 'America/Toronto', locale: 'en-US'});
            contexts.push(context);
            // Fail a missing element in seconds, not the default 30.
            context.setDefaultTimeout(10_000);
            const page = await context.newPage();
            page.on('pageerror', (err) => console.error(`[${username} page] ${err.message}`));
            await page.goto(`${preview.url}/preview/login?user=${username}&next=${encodeURIComponent(path)}`);
            return page;
        },
        async close() {
            for (const c of contexts) {
                await c.close().catch(() => undefined);
            }
            await browser.close().catch(() => undefined);
            await preview.stop();
            rmSync(dataDir, {recursive: true, force: true});
        },
    };
}

/** The plugin's HTTP API as the signed-in page would call it (cookies, X-Requested-With). */
export async function pluginApi(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{status: number; json: unknown; text: string}> {
    const url = `${new URL(page.url()).origin}/plugins/${PLUGIN_ID}/api/v1${path}`;
    const res = await page.request.fetch(url, {method, headers: {'X-Requested-With': 'XMLHttpRequest', 'Content-Type': 'application/json'}, data: body === undefined ? undefined : JSON.stringify(body)});
    const text = await res.text();
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch {
        json = undefined;
    }
    return {status: res.status(), json, text};
}

export async function openRhs(page: Page): Promise<void> {
    const button = page.getByRole('navigation', {name: 'App bar'}).getByRole('button', {name: 'Release Checklist'});
    await button.waitFor();
    if (await button.getAttribute('aria-pressed') !== 'true') {
        await button.click();
    }
    await page.getByTestId('rhs').waitFor();
}
