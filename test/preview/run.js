// Runs the preview server (TypeScript) with Node: esbuild compiles server.ts and the code it
// imports into one file under test/out/, npm packages stay external.
const path = require('path');
const {buildSync} = require('esbuild');

const root = path.resolve(__dirname, '..', '..');
const outfile = path.join(root, 'test', 'out', 'preview', 'server.js');
buildSync({
    entryPoints: [path.join(__dirname, 'server.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    outfile,
    logLevel: 'error',
});
// The bundle lives elsewhere than the source, so it is told where the repository is.
process.env.PREVIEW_REPO_ROOT = root;
require(outfile);
