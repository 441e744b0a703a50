// Reads plugin.json for packaging and derives the manifest each bundle ships, so a bundle's
// plugin.json names exactly the files that bundle contains.
'use strict';
const fs = require('fs');
const path = require('path');
const {platformInfo} = require('./platforms');

// Bundle paths are joined under the bundle directory: refuse anything that could escape it.
function checkRelativePath(value, what) {
    if (typeof value !== 'string' || value === '' || path.isAbsolute(value) ||
        path.normalize(value).split(path.sep).includes('..') || value.includes('\\')) {
        throw new Error(`plugin.json ${what} must be a relative path inside the bundle, got ${JSON.stringify(value)}`);
    }
    return value;
}

/**
 * Reads and checks the fields packaging relies on.
 * @param {string} file path of plugin.json
 */
function readManifest(file) {
    let manifest;
    try {
        manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
        throw new Error(`cannot read ${path.basename(file)}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
        throw new Error('plugin.json must hold a JSON object');
    }
    for (const key of ['id', 'version']) {
        if (typeof manifest[key] !== 'string' || !/^[A-Za-z0-9._+-]+$/.test(manifest[key])) {
            throw new Error(`plugin.json "${key}" must be a non-empty string of letters, digits, ".", "_", "+" or "-"`);
        }
    }
    const executables = manifest.server?.executables;
    if (typeof executables !== 'object' || executables === null || Object.keys(executables).length === 0) {
        throw new Error('plugin.json server.executables must map at least one platform to an executable');
    }
    for (const [platform, exe] of Object.entries(executables)) {
        platformInfo(platform);
        checkRelativePath(exe, `server.executables.${platform}`);
    }
    if (manifest.webapp !== undefined) {
        checkRelativePath(manifest.webapp?.bundle_path, 'webapp.bundle_path');
    }
    return manifest;
}

/**
 * The manifest shipped in a bundle holding the given platforms, with or without the webapp.
 * @param {object} manifest as returned by readManifest
 * @param {{platforms: string[], withWebapp: boolean}} opts
 */
function bundleManifest(manifest, {platforms, withWebapp}) {
    const out = structuredClone(manifest);
    out.server.executables = Object.fromEntries(platforms.map((p) => [p, manifest.server.executables[p]]));
    if (!withWebapp) {
        delete out.webapp;
    }
    return out;
}

module.exports = {readManifest, bundleManifest};
