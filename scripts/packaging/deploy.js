#!/usr/bin/env node
// Uploads a built bundle to a Mattermost server with the REST API and enables it, as the
// plugin starter template's deploy does:
//   POST /api/v4/plugins (multipart: plugin=<bundle>, force=true), then
//   POST /api/v4/plugins/<id>/enable.
// Server and credentials come from the environment: MM_SERVICESETTINGS_SITEURL, and
// MM_ADMIN_TOKEN or MM_ADMIN_USERNAME + MM_ADMIN_PASSWORD.
//
// usage: node scripts/packaging/deploy.js [--platform linux-amd64|linux-arm64|all] [--bundle file]
'use strict';
const fs = require('fs');
const path = require('path');
const {parseArgs} = require('util');
const {readManifest} = require('./manifest');
const {platformInfo} = require('./platforms');

const root = path.resolve(__dirname, '..', '..');

class DeployError extends Error {}

/**
 * Server address and credentials from the environment, with a clear error for what is missing.
 * @param {Record<string, string | undefined>} env
 */
function deployConfig(env) {
    const site = env.MM_SERVICESETTINGS_SITEURL?.trim();
    if (!site) {
        throw new DeployError('MM_SERVICESETTINGS_SITEURL is not set: export the server address, e.g. http://localhost:8065');
    }
    let url;
    try {
        url = new URL(site);
    } catch {
        throw new DeployError(`MM_SERVICESETTINGS_SITEURL is not a URL: ${JSON.stringify(site)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new DeployError(`MM_SERVICESETTINGS_SITEURL must be http or https, got ${url.protocol}`);
    }
    const siteURL = url.href.replace(/\/+$/, '');
    if (env.MM_ADMIN_TOKEN) {
        return {siteURL, token: env.MM_ADMIN_TOKEN};
    }
    if (env.MM_ADMIN_USERNAME && env.MM_ADMIN_PASSWORD) {
        return {siteURL, username: env.MM_ADMIN_USERNAME, password: env.MM_ADMIN_PASSWORD};
    }
    throw new DeployError('set MM_ADMIN_TOKEN, or MM_ADMIN_USERNAME and MM_ADMIN_PASSWORD, to deploy');
}

// Mattermost answers errors as an AppError JSON object; show its message when there is one.
async function failure(what, res) {
    const text = await res.text().catch(() => '');
    let detail = text.slice(0, 500);
    try {
        const body = JSON.parse(text);
        if (typeof body?.message === 'string') {
            detail = body.message + (typeof body.id === 'string' ? ` (${body.id})` : '');
        }
    } catch {
        // not JSON: keep the raw text
    }
    return new DeployError(`${what} failed: HTTP ${res.status}${detail ? `: ${detail}` : ''}`);
}

async function request(fetchFn, url, init, what) {
    try {
        return await fetchFn(url, init);
    } catch (err) {
        const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
        throw new DeployError(`${what} failed: cannot reach ${url}${cause}`);
    }
}

async function sessionToken(config, fetchFn) {
    if (config.token) {
        return config.token;
    }
    const res = await request(fetchFn, `${config.siteURL}/api/v4/users/login`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest'},
        body: JSON.stringify({login_id: config.username, password: config.password}),
    }, `logging in as ${config.username}`);
    if (!res.ok) {
        throw await failure(`logging in as ${config.username}`, res);
    }
    const token = res.headers.get('Token');
    if (!token) {
        throw new DeployError(`logging in as ${config.username} returned no session token`);
    }
    return token;
}

/**
 * Uploads the bundle (replacing an installed version) and enables the plugin.
 * @param {{config: ReturnType<typeof deployConfig>, bundle: string, pluginId: string,
 *   fetchFn?: typeof fetch, log?: (line: string) => void}} opts
 */
async function deploy({config, bundle, pluginId, fetchFn = fetch, log = () => {}}) {
    if (!fs.existsSync(bundle)) {
        throw new DeployError(`${bundle} does not exist: run make dist first`);
    }
    const token = await sessionToken(config, fetchFn);
    const headers = {Authorization: `Bearer ${token}`, 'X-Requested-With': 'XMLHttpRequest'};

    log(`uploading ${path.basename(bundle)} to ${config.siteURL}`);
    const form = new FormData();
    form.append('plugin', await fs.openAsBlob(bundle), path.basename(bundle));
    form.append('force', 'true');
    const upload = await request(fetchFn, `${config.siteURL}/api/v4/plugins`, {method: 'POST', headers, body: form}, 'upload');
    if (!upload.ok) {
        throw await failure('upload', upload);
    }

    log(`enabling ${pluginId}`);
    const enable = await request(fetchFn, `${config.siteURL}/api/v4/plugins/${encodeURIComponent(pluginId)}/enable`,
        {method: 'POST', headers}, 'enable');
    if (!enable.ok) {
        throw await failure('enable', enable);
    }
}

// The bundle a platform name refers to: "all" is the bundle holding every executable.
function bundleFor(manifest, platform, distDir) {
    const name = `${manifest.id}-${manifest.version}`;
    if (platform === 'all') {
        return path.join(distDir, `${name}.tar.gz`);
    }
    platformInfo(platform);
    return path.join(distDir, `${name}-${platform}.tar.gz`);
}

async function main() {
    const {values} = parseArgs({options: {platform: {type: 'string'}, bundle: {type: 'string'}}});
    const config = deployConfig(process.env);
    const manifest = readManifest(path.join(root, 'plugin.json'));
    const platform = values.platform ?? process.env.MM_PLUGIN_PLATFORM ?? 'linux-amd64';
    const bundle = values.bundle ? path.resolve(values.bundle) : bundleFor(manifest, platform, path.join(root, 'dist'));
    const log = (line) => process.stdout.write(`${line}\n`);
    await deploy({config, bundle, pluginId: manifest.id, log});
    log(`deployed ${manifest.id} ${manifest.version}`);
}

if (require.main === module) {
    main().catch((err) => {
        process.stderr.write(`deploy: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    });
}

module.exports = {deploy, deployConfig, bundleFor, DeployError};
