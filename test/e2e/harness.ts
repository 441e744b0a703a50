// Shared set-up of the browser tests: a backend behind the preview page (the stand-in preview
// host here; a real Mattermost server in test/mattermost/browser.ts), and Debian's Chromium
// driven by playwright-core (never a downloaded browser), one browser context per person so
// each has their own session cookies. People sign in through the page's form, which posts
// to /api/v4/users/login on either backend.
import {existsSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

import {chromium, type Browser, type BrowserContext, type Page} from 'playwright-core';

import {startExecutablePlugin} from '../preview/lib/executable';
import {startPreview, type RunningPreview} from '../preview/lib/preview';
import {CHANNELS, PASSWORD, PEOPLE, TEAM} from '../preview/lib/seed';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PLUGIN_ID = 'com.mattermost.release-checklist';

/** Who plays each part of the journey, by username. */
export interface Cast {
    admin: string;
    releaseManager: string;
    dev: string;
    build: string;
    qa: string;
    logistics: string;
    marketing: string;
    /** In the team, not in the release channel. */
    outsider: string;
}

/** What the journey needs to know of the server behind the page. */
export interface Backend {
    /** As test names say it: 'stand-in' or 'real server'. */
    name: string;
    /** File-name safe: screenshots and figures go under it. */
    slug: string;
    /** The page's origin (the server's SiteURL). */
    url: string;
    team: string;
    channel: {id: string; name: string; displayName: string};
    cast: Cast;
    password: string;
    userId(username: string): string;
    /** Drops every page's websocket and keeps them from reconnecting until reconnectEvents. */
    disconnectEvents(): void;
    reconnectEvents(): void;
    close(): Promise<void>;
}

export interface E2E {
    backend: Backend;
    browser: Browser;
    screenshots: string;
    /** A page signed in through the sign-in form, in the person's own context. */
    signIn(username: string, path?: string): Promise<Page>;
    close(): Promise<void>;
}

/** The plugin's real executable through the bridge, unless PREVIEW_PLUGIN=in-process (for debugging the product). */
export function mode(): 'executable' | 'in-process' {
    return process.env.PREVIEW_PLUGIN === 'in-process' ? 'in-process' : 'executable';
}

/** The stand-in: a preview host on a free port with a fresh data directory. */
export async function standIn(): Promise<Backend & {preview: RunningPreview}> {
    const dataDir = mkdtempSync(join(tmpdir(), 'rc-e2e-'));
    const preview = await startPreview({
        repoRoot: REPO_ROOT, dataDir, port: 0, mode: mode(),
        startExecutable: (platform) => startExecutablePlugin(platform, {repoRoot: REPO_ROOT}),
    });
    const byName = new Map<string, string>(Object.values(PEOPLE).map((p) => [p.username, p.id]));
    return {
        name: 'stand-in',
        slug: 'stand-in',
        url: preview.url,
        preview,
        team: TEAM.name,
        channel: {id: CHANNELS.release.id, name: CHANNELS.release.name, displayName: CHANNELS.release.displayName},
        cast: {admin: 'ada', releaseManager: 'rita', dev: 'dan', build: 'bill', qa: 'quinn', logistics: 'lena', marketing: 'maya', outsider: 'oscar'},
        password: PASSWORD,
        userId: (username) => byName.get(username) ?? '',
        disconnectEvents: () => preview.hub.disconnectAll(),
        reconnectEvents: () => preview.hub.reconnectAll(),
        async close() {
            await preview.stop();
            rmSync(dataDir, {recursive: true, force: true});
        },
    };
}

export async function startE2E(start: () => Promise<Backend> = standIn): Promise<E2E> {
    if (!existsSync(CHROMIUM)) {
        throw new Error(`Chromium is not installed at ${CHROMIUM}; run scripts/setup.sh (apt-get install chromium) or set CHROMIUM_PATH`);
    }
    const backend = await start();
    const screenshots = join(REPO_ROOT, 'test', 'out', 'screenshots', backend.slug);
    mkdirSync(screenshots, {recursive: true});
    let browser: Browser;
    try {
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            headless: true,
            args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        });
    } catch (err) {
        await backend.close();
        throw new Error(`Chromium at ${CHROMIUM} did not start: ${err instanceof Error ? err.message : String(err)}`);
    }
    const contexts: BrowserContext[] = [];
    return {
        backend,
        browser,
        screenshots,
        async signIn(username, path = '/') {
            const context = await browser.newContext({viewport: {width: 1440, height: 900}, timezoneId: 'America/Toronto', locale: 'en-US'});
            contexts.push(context);
            // Fail a missing element in seconds, not the default 30.
            context.setDefaultTimeout(10_000);
            const page = await context.newPage();
            page.on('pageerror', (err) => console.error(`[${username} page] ${err.message}`));
            await page.goto(`${backend.url}${path}`);
            const form = page.getByRole('form', {name: 'Sign in'});
            await form.getByLabel('Username or email').fill(username);
            await form.getByLabel('Password').fill(backend.password);
            await form.getByRole('button', {name: 'Sign in'}).click();
            await page.getByRole('button', {name: 'Sign out'}).waitFor();
            return page;
        },
        async close() {
            for (const c of contexts) {
                await c.close().catch(() => undefined);
            }
            await browser.close().catch(() => undefined);
            await backend.close();
        },
    };
}

/** The plugin's HTTP API as the signed-in page calls it: its cookies, X-Requested-With and the CSRF token. */
export async function pluginApi(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{status: number; json: unknown; text: string}> {
    const origin = new URL(page.url()).origin;
    const csrf = (await page.context().cookies(origin)).find((c) => c.name === 'MMCSRF')?.value ?? '';
    const headers: Record<string, string> = {'X-Requested-With': 'XMLHttpRequest', 'Content-Type': 'application/json'};
    if (method !== 'GET') {
        headers['X-CSRF-Token'] = csrf;
    }
    const res = await page.request.fetch(`${origin}/plugins/${PLUGIN_ID}/api/v1${path}`, {method, headers, data: body === undefined ? undefined : JSON.stringify(body)});
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
