// make dist end to end, with a stand-in server entry: one build per run (later runs reuse
// unchanged executables), then the bundles are unpacked and checked against the plugin.json
// they carry, and the linux-amd64 executable is run with no Node anywhere on PATH.
import fs from 'fs';
import os from 'os';
import path from 'path';
import crypto from 'crypto';
import {spawnSync} from 'child_process';

const {NODE_VERSION, MAX_BUNDLE_BYTES, PLATFORMS} = require('../../scripts/packaging/platforms');
const {SEA_FUSE} = require('../../scripts/packaging/sea');

const root = path.resolve(__dirname, '..', '..');
const outDir = path.join(root, 'test', 'out', 'packaging');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'plugin.json'), 'utf8'));
const platforms = Object.keys(manifest.server.executables);
const name = `${manifest.id}-${manifest.version}`;
const bundles: {file: string; platforms: string[]}[] = [
    {file: `${name}.tar.gz`, platforms},
    ...platforms.map((p) => ({file: `${name}-${p}.tar.gz`, platforms: [p]})),
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-test-'));
const webappFixture = path.join(tmp, 'main.js');
const note = fs.readFileSync(path.join(__dirname, 'stand-in-note.md'), 'utf8');
const webappContent = `// stand-in webapp bundle ${crypto.randomUUID()}\n`;
let distOutput = '';

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv) {
    // A hung child must fail the test, not block jest (spawnSync holds the event loop).
    const res = spawnSync(cmd, args, {cwd: root, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024, timeout: 12 * 60 * 1000});
    if (res.error) {
        throw new Error(`cannot run ${cmd}: ${res.error.message}`);
    }
    return res;
}

function extracted(file: string): string {
    return path.join(tmp, file.replace(/\.tar\.gz$/, ''));
}

function listFiles(dir: string, prefix = ''): string[] {
    return fs.readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ?
        listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

const staleBundle = path.join(outDir, `${manifest.id}-0.0.0-stale.tar.gz`);
const foreignFile = path.join(outDir, 'not-a-bundle.txt');

beforeAll(() => {
    fs.writeFileSync(webappFixture, webappContent);
    fs.mkdirSync(outDir, {recursive: true});
    fs.writeFileSync(staleBundle, 'an older build');
    fs.writeFileSync(foreignFile, 'someone else');
    const res = run(process.execPath, [path.join(root, 'scripts', 'dist.js'), '--out', outDir,
        '--entry', 'test/packaging/stand-in-entry.ts', '--webapp-bundle', webappFixture]);
    distOutput = res.stdout;
    if (res.status !== 0) {
        throw new Error(`dist failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
    }
    process.stdout.write(distOutput);
    for (const b of bundles) {
        fs.mkdirSync(extracted(b.file));
        const tar = run('tar', ['-xzf', path.join(outDir, b.file), '-C', extracted(b.file)]);
        if (tar.status !== 0) {
            throw new Error(`cannot unpack ${b.file}: ${tar.stderr}`);
        }
    }
}, 15 * 60 * 1000);

afterAll(() => fs.rmSync(tmp, {recursive: true, force: true}));

describe('make dist', () => {
    it('prints every bundle with its size', () => {
        for (const b of bundles) {
            const line = distOutput.split('\n').find((l) => l.includes(`${b.file}:`));
            expect(line).toBeDefined();
            const printed = Number(/: ([\d.]+) MB/.exec(line!)?.[1]);
            const actual = fs.statSync(path.join(outDir, b.file)).size / 1024 / 1024;
            expect(Math.abs(printed - actual)).toBeLessThanOrEqual(0.05);
        }
    });

    it("replaces this plugin's earlier bundles and leaves other files alone", () => {
        expect(fs.existsSync(staleBundle)).toBe(false);
        expect(fs.readFileSync(foreignFile, 'utf8')).toBe('someone else');
    });

    it.each(bundles)('$file holds exactly what its plugin.json names', (b) => {
        const dir = extracted(b.file);
        expect(fs.readdirSync(dir)).toEqual([manifest.id]);
        const top = path.join(dir, manifest.id);
        const shipped = JSON.parse(fs.readFileSync(path.join(top, 'plugin.json'), 'utf8'));
        const expected = structuredClone(manifest);
        expected.server.executables = Object.fromEntries(b.platforms.map((p) => [p, manifest.server.executables[p]]));
        expect(shipped).toEqual(expected);

        for (const exe of Object.values<string>(shipped.server.executables)) {
            const st = fs.statSync(path.join(top, exe));
            expect(st.isFile()).toBe(true);
            expect(st.mode & 0o111).toBe(0o111);
        }
        expect(fs.readFileSync(path.join(top, shipped.webapp.bundle_path), 'utf8')).toBe(webappContent);
        expect(fs.existsSync(path.join(top, shipped.icon_path))).toBe(true);

        const allowed = new Set(['plugin.json', shipped.webapp.bundle_path, ...Object.values<string>(shipped.server.executables)]);
        const stray = listFiles(top).filter((f) => !allowed.has(f) && !/^(assets|public)\//.test(f));
        expect(stray).toEqual([]);
    });

    it.each(bundles.filter((b) => b.platforms.length === 1))('$file stays under the upload limit', (b) => {
        expect(fs.statSync(path.join(outDir, b.file)).size).toBeLessThan(MAX_BUNDLE_BYTES);
    });

    it('the linux-amd64 executable runs the entry with no Node on PATH', () => {
        const bundle = bundles.find((b) => b.platforms.length === 1 && b.platforms[0] === 'linux-amd64')!;
        const exe = path.join(extracted(bundle.file), manifest.id, manifest.server.executables['linux-amd64']);
        const emptyBin = fs.mkdtempSync(path.join(tmp, 'bin-'));
        const token = crypto.randomBytes(8).toString('hex');

        const ok = run(exe, [], {PATH: emptyBin, STAND_IN_TOKEN: token});
        expect(ok.stdout).toBe(`stand-in token=${token} node=v${NODE_VERSION} arch=x64\n${note}`);
        expect(ok.stderr).toBe('');
        expect(ok.status).toBe(0);

        const bad = run(exe, [], {PATH: emptyBin, STAND_IN_TOKEN: 'NOT VALID'});
        expect(bad.stdout).toBe(`stand-in token=invalid node=v${NODE_VERSION} arch=x64\n${note}`);
        expect(bad.status).toBe(3);
    });

    it('the linux-arm64 executable runs the entry under qemu-aarch64', () => {
        const qemu = ['/usr/bin/qemu-aarch64', '/usr/bin/qemu-aarch64-static'].find((f) => fs.existsSync(f));
        const sysroot = '/usr/aarch64-linux-gnu';
        if (!qemu || !fs.existsSync(path.join(sysroot, 'lib', 'libstdc++.so.6'))) {
            throw new Error('qemu-aarch64 and the arm64 C/C++ libraries are needed to run the linux-arm64 executable: ' +
                'apt-get install qemu-user libc6-arm64-cross libstdc++6-arm64-cross (scripts/setup.sh does)');
        }
        const bundle = bundles.find((b) => b.platforms.length === 1 && b.platforms[0] === 'linux-arm64')!;
        const exe = path.join(extracted(bundle.file), manifest.id, manifest.server.executables['linux-arm64']);
        const token = crypto.randomBytes(8).toString('hex');
        const res = run(qemu, ['-L', sysroot, exe], {PATH: fs.mkdtempSync(path.join(tmp, 'bin-')), STAND_IN_TOKEN: token});
        expect(res.stdout).toBe(`stand-in token=${token} node=v${NODE_VERSION} arch=arm64\n${note}`);
        expect(res.stderr).toBe('');
        expect(res.status).toBe(0);
    });

    it('the linux-arm64 executable is an arm64 Node with the blob injected', () => {
        const bundle = bundles.find((b) => b.platforms.length === 1 && b.platforms[0] === 'linux-arm64')!;
        const exe = fs.readFileSync(path.join(extracted(bundle.file), manifest.id, manifest.server.executables['linux-arm64']));
        expect(exe.readUInt32BE(0)).toBe(0x7f454c46);
        expect(exe.readUInt16LE(18)).toBe(PLATFORMS['linux-arm64'].elfMachine);
        // Node flips the fuse's last character when a blob is present; the bundled entry is in it.
        expect(exe.includes(`${SEA_FUSE}:1`)).toBe(true);
        expect(exe.includes(`${SEA_FUSE}:0`)).toBe(false);
        expect(exe.includes('NODE_SEA_BLOB')).toBe(true);
        expect(exe.includes('stand-in token=')).toBe(true);
    });
});
