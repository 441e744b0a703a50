// The files the page needs: its own script (bundled from test/preview/page with esbuild
// when the preview starts) and the plugin's real webapp bundle, built with the project's
// build script when it is missing. The same page runs against the stand-in and, proxied,
// against a real Mattermost server; the HTML says which (the sign-in page differs).
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join} from 'node:path';

import {build} from 'esbuild';

/** Pages the page's client-side router shows; anything else there is a 404 (or, proxied, the server's). */
export const PAGE_PATHS = /^\/($|[a-z0-9-]+\/channels\/[a-z0-9-]+$|[a-z0-9-]+\/messages\/@[a-z0-9._-]+$|[a-z0-9-]+\/pl\/[a-z0-9]+$|admin_console(\/[a-z0-9_./-]*)?$)/;

export type PageBackend = 'stand-in' | 'mattermost';

export interface PageAssets {
    /** The page for the stand-in. */
    html: string;
    pageHtml(backend: PageBackend): string;
    pageJs: string;
    /** Read on each request so a rebuilt webapp shows on reload. */
    pluginJs(): Buffer;
}

/** Newest modification time of the webapp's sources, to tell whether main.js is stale. */
function newestSource(dir: string): number {
    let newest = 0;
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
        const path = join(dir, entry.name);
        newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
    }
    return newest;
}

/** The page bundle is the same for every preview a process starts (tests start several). */
const built = new Map<string, Promise<PageAssets>>();

export function buildPageAssets(repoRoot: string): Promise<PageAssets> {
    const key = repoRoot;
    let assets = built.get(key);
    if (!assets) {
        assets = build0(repoRoot);
        built.set(key, assets);
        assets.catch(() => built.delete(key));
    }
    return assets;
}

async function build0(repoRoot: string): Promise<PageAssets> {
    const bundlePath = join(repoRoot, 'webapp', 'dist', 'main.js');
    const sources = join(repoRoot, 'webapp', 'src');
    if (!existsSync(bundlePath) || (existsSync(sources) && newestSource(sources) > statSync(bundlePath).mtimeMs)) {
        console.error('[preview] webapp/dist/main.js is missing or older than webapp/src; building it (npm run build:webapp)');
        // Parallel previews (test files) build one at a time; webpack cleans its output folder.
        const lock = join(repoRoot, 'test', 'out', 'build-webapp.lock');
        mkdirSync(dirname(lock), {recursive: true});
        execFileSync('flock', [lock, 'npm', 'run', '--silent', 'build:webapp'], {cwd: repoRoot, stdio: 'inherit', timeout: 180_000});
    }
    const out = await build({
        entryPoints: [join(repoRoot, 'test', 'preview', 'page', 'index.tsx')],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'es2020',
        jsx: 'transform',
        define: {'process.env.NODE_ENV': '"development"'},
        logLevel: 'error',
        absWorkingDir: repoRoot,
    });
    const template = readFileSync(join(repoRoot, 'test', 'preview', 'page', 'index.html'), 'utf8');
    const pageHtml = (backend: PageBackend) => template.replace('%BACKEND%', backend);
    return {
        html: pageHtml('stand-in'),
        pageHtml,
        pageJs: out.outputFiles[0].text,
        pluginJs: () => readFileSync(bundlePath),
    };
}
