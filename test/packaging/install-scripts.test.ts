// `npm ci` runs with install scripts disabled (scripts/setup.sh), so no dependency runs code
// at install time. The packages that have install scripts are the ones reviewed in
// docs/packaging.md ("Install scripts"), whose scripts the project does not need: a new one
// must be reviewed (and listed there and here) before it is installed.
import fs from 'fs';
import path from 'path';

const root = path.resolve(__dirname, '..', '..');

/** Reviewed: the scripts only check or copy a native binary that npm already installs, or print a banner. */
const REVIEWED = ['@swc/core', 'core-js-pure', 'esbuild'];

test('setup installs the npm dependencies with install scripts disabled', () => {
    const setup = fs.readFileSync(path.join(root, 'scripts', 'setup.sh'), 'utf8');
    expect(setup.split('\n').filter((l) => /^\s*npm (ci|install)\b/.test(l))).toEqual(['npm ci --ignore-scripts --no-audit --no-fund']);
});

test('only the reviewed packages have install scripts, and the docs name them', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {packages: Record<string, {hasInstallScript?: boolean}>};
    const withScripts = Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript)
        .map(([at]) => at.replace(/^.*node_modules\//, '')).sort();
    expect(withScripts).toEqual(REVIEWED);
    const docs = fs.readFileSync(path.join(root, 'docs', 'packaging.md'), 'utf8');
    const section = docs.slice(docs.indexOf('### Install scripts'));
    expect(REVIEWED.filter((name) => !section.includes(`\`${name}\``))).toEqual([]);
});
