#!/usr/bin/env node
// Prints the size of the webapp bundle (webapp/dist/main.js), raw and gzip, against the
// budget. Builds the bundle first when it is missing or older than any webapp source.
// Usage: node scripts/bundle-size.js [--build]   (exits 1 when over budget)
'use strict';
const {spawnSync} = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(__dirname, '..');
const bundle = path.join(root, 'webapp', 'dist', 'main.js');
const sources = [path.join(root, 'webapp', 'src'), path.join(root, 'webapp', 'webpack.config.js')];
const BUDGET_GZIP = 60 * 1024;

function newestMtime(p) {
    const st = fs.statSync(p);
    if (!st.isDirectory()) {
        return st.mtimeMs;
    }
    let newest = 0;
    for (const name of fs.readdirSync(p)) {
        newest = Math.max(newest, newestMtime(path.join(p, name)));
    }
    return newest;
}

const force = process.argv.includes('--build');
const stale = !fs.existsSync(bundle) || sources.some((s) => newestMtime(s) > fs.statSync(bundle).mtimeMs);
if (force || stale) {
    process.stdout.write('building webapp bundle...\n');
    const res = spawnSync('npx', ['webpack', '--config', 'webapp/webpack.config.js', '--mode', 'production'], {cwd: root, stdio: 'inherit'});
    if (res.status !== 0) {
        process.stderr.write('bundle-size: the webapp build failed\n');
        process.exit(1);
    }
}

const raw = fs.readFileSync(bundle);
const gzip = zlib.gzipSync(raw, {level: 9});
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
process.stdout.write(`webapp/dist/main.js raw ${raw.length} bytes (${kb(raw.length)}), gzip ${gzip.length} bytes (${kb(gzip.length)})\n`);
process.stdout.write(`gzip budget ${kb(BUDGET_GZIP)}: ${(gzip.length / BUDGET_GZIP * 100).toFixed(0)}% used\n`);
// Hosts on Mattermost 9.x and 10.x run React 17: no JSX runtime module, no React 18 hooks.
const text = raw.toString('utf8');
for (const [needle, why] of [
    ['jsx-runtime', 'refers to react/jsx-runtime; use the classic JSX transform'],
    ['useId', 'uses React.useId, which React 17 lacks'],
    ['useSyncExternalStore', 'uses useSyncExternalStore, which React 17 lacks'],
]) {
    if (text.includes(needle)) {
        process.stderr.write(`bundle-size: the bundle ${why}\n`);
        process.exit(1);
    }
}
process.exit(gzip.length > BUDGET_GZIP ? 1 : 0);
