// Runs serve.ts with Node: esbuild bundles it (npm packages stay external) into test/out/.
const path = require('path');
const {buildSync} = require('esbuild');

const root = path.resolve(__dirname, '..', '..');
const outfile = path.join(root, 'test', 'out', 'mattermost', 'serve.js');
buildSync({entryPoints: [path.join(__dirname, 'serve.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile, logLevel: 'error'});
process.chdir(root);
require(outfile);
