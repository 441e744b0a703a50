#!/usr/bin/env node
// Packs the plugin bundle dist/<id>-<version>.tar.gz in the layout Mattermost unpacks:
// <id>/plugin.json, <id>/assets/..., plus the server executables and webapp bundle when
// plugin.json names them.
'use strict';
const fs = require('fs');
const path = require('path');
const {execFileSync} = require('child_process');

const root = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'plugin.json'), 'utf8'));
const stage = path.join(root, 'dist', manifest.id);
fs.rmSync(path.join(root, 'dist'), {recursive: true, force: true});
fs.mkdirSync(stage, {recursive: true});

function copy(rel) {
    const src = path.join(root, rel);
    if (!fs.existsSync(src)) {
        throw new Error(`plugin.json names ${rel}, which has not been built`);
    }
    fs.cpSync(src, path.join(stage, rel), {recursive: true});
}

fs.copyFileSync(path.join(root, 'plugin.json'), path.join(stage, 'plugin.json'));
copy('assets');
for (const exe of Object.values(manifest.server?.executables ?? {})) {
    copy(exe);
}
if (manifest.webapp?.bundle_path) {
    copy(manifest.webapp.bundle_path);
}

const bundle = path.join(root, 'dist', `${manifest.id}-${manifest.version}.tar.gz`);
execFileSync('tar', ['-czf', bundle, '-C', path.join(root, 'dist'), manifest.id]);
const size = fs.statSync(bundle).size;
process.stdout.write(`${path.relative(root, bundle)}: ${(size / 1e6).toFixed(2)} MB\n`);
