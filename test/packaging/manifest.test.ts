// plugin.json as packaging reads it: the project's own manifest passes, bad ones are refused
// with a message naming the field, and each bundle's manifest names only what it ships.
import fs from 'fs';
import os from 'os';
import path from 'path';

const {readManifest, bundleManifest} = require('../../scripts/packaging/manifest');

const root = path.resolve(__dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-test-'));
afterAll(() => fs.rmSync(tmp, {recursive: true, force: true}));

const good = {
    id: 'com.example.plugin',
    version: '1.2.3',
    server: {executables: {'linux-amd64': 'server/dist/a', 'linux-arm64': 'server/dist/b'}},
    webapp: {bundle_path: 'webapp/dist/main.js'},
    settings_schema: {settings: []},
};

function read(content: unknown): unknown {
    const file = path.join(tmp, `plugin-${Math.random()}.json`);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return readManifest(file);
}

describe('readManifest', () => {
    it("accepts the project's plugin.json with an executable for every platform", () => {
        const m = readManifest(path.join(root, 'plugin.json'));
        expect(Object.keys(m.server.executables).sort()).toEqual(['linux-amd64', 'linux-arm64']);
    });

    it('refuses bad manifests naming the field', () => {
        expect(() => read('{not json')).toThrow(/cannot read plugin/);
        expect(() => read([])).toThrow(/JSON object/);
        expect(() => read({...good, id: ''})).toThrow(/"id"/);
        expect(() => read({...good, version: '1.0/../x'})).toThrow(/"version"/);
        expect(() => read({...good, server: undefined})).toThrow(/server.executables/);
        expect(() => read({...good, server: {executables: {}}})).toThrow(/server.executables/);
        expect(() => read({...good, server: {executables: {'plan9-386': 'x'}}})).toThrow(/unknown platform "plan9-386"/);
        expect(() => read({...good, server: {executables: {'linux-amd64': '../../etc/x'}}})).toThrow(/server.executables.linux-amd64/);
        expect(() => read({...good, server: {executables: {'linux-amd64': '/usr/bin/x'}}})).toThrow(/relative path/);
        expect(() => read({...good, webapp: {bundle_path: 'a/../../b.js'}})).toThrow(/webapp.bundle_path/);
        expect(() => read({...good, webapp: {}})).toThrow(/webapp.bundle_path/);
    });
});

describe('bundleManifest', () => {
    it('keeps only the given platforms and drops the webapp when not shipped', () => {
        const m = read(good);
        const one = bundleManifest(m, {platforms: ['linux-arm64'], withWebapp: false});
        expect(one.server.executables).toEqual({'linux-arm64': 'server/dist/b'});
        expect(one.webapp).toBeUndefined();
        expect(one.settings_schema).toEqual(good.settings_schema);
        const all = bundleManifest(m, {platforms: ['linux-amd64', 'linux-arm64'], withWebapp: true});
        expect(all).toEqual(good);
        // The manifest read from disk is not changed by deriving bundle manifests from it.
        expect(m).toEqual(good);
    });
});
