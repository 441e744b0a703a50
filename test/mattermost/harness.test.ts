// The harness names what is missing instead of skipping: no Go, an old Go, an unknown
// server version. (PostgreSQL's absence is named the same way by startPostgres.)
import fs from 'fs';
import os from 'os';
import path from 'path';
import {buildMattermost, HarnessError, serverVariants} from './server';

function withPath<T>(dir: string, fn: () => T): T {
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try {
        return fn();
    } finally {
        process.env.PATH = saved;
    }
}

test('without Go on PATH the build fails naming Go', () => {
    expect(() => withPath('/nonexistent', () => buildMattermost())).toThrow(HarnessError);
    expect(() => withPath('/nonexistent', () => buildMattermost())).toThrow(/Go is required to build the Mattermost server/);
});

test('an older Go first on PATH is refused with the version it printed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-oldgo-'));
    try {
        fs.writeFileSync(path.join(dir, 'go'), '#!/bin/sh\necho "go version go1.19.8 linux/amd64"\n', {mode: 0o755});
        expect(() => withPath(`${dir}:${process.env.PATH}`, () => buildMattermost())).toThrow(/go1\.19\.8.*needs Go 1\.26/);
    } finally {
        fs.rmSync(dir, {recursive: true, force: true});
    }
});

test('an unknown server version names the ones there are', () => {
    expect(serverVariants()).toEqual(expect.arrayContaining(['', '9.9']));
    expect(() => buildMattermost('7.0')).toThrow(/no go\.7\.0\.mod in test\/mattermost: known versions are the default \(go\.mod\), 9\.9/);
});
