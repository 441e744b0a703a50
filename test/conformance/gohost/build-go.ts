// Builds the Go conformance programs (the go-plugin host and the reference plugin) with
// Debian's Go toolchain in GOPATH mode, offline, against Debian's packaged go-plugin.
import {spawnSync} from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

/** The folder holding gohost/ and goref/, imported by Go as "rcconformance/...". */
const conformanceDir = path.resolve(__dirname, '..');
const debianGoPath = '/usr/share/gocode';

export type GoProgram = 'gohost' | 'goref';

export interface BuildOptions {
    /** Environment for the go command; defaults to process.env. */
    env?: NodeJS.ProcessEnv;
}

/** Builds the programs into a fresh temporary folder and returns their paths. */
export function buildGoPrograms(programs: GoProgram[], options: BuildOptions = {}): Record<GoProgram, string> {
    const env = options.env ?? process.env;
    const probe = spawnSync('go', ['version'], {env, encoding: 'utf8'});
    if (probe.error || probe.status !== 0) {
        throw new Error(
            'The Go toolchain is required for the go-plugin conformance tests but `go version` failed ' +
            `(${probe.error?.message ?? probe.stderr.trim()}). Install Debian's golang-go and ` +
            'golang-github-hashicorp-go-plugin-dev (scripts/setup.sh does).',
        );
    }
    if (!fs.existsSync(path.join(debianGoPath, 'src/github.com/hashicorp/go-plugin'))) {
        throw new Error(`Debian's go-plugin sources are missing under ${debianGoPath}; install golang-github-hashicorp-go-plugin-dev.`);
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-go-'));
    fs.mkdirSync(path.join(work, 'src'));
    // GOPATH mode needs the sources under GOPATH/src; a link keeps them in the repository.
    fs.symlinkSync(conformanceDir, path.join(work, 'src', 'rcconformance'));
    const goEnv = {...env, GO111MODULE: 'off', GOFLAGS: '', GOPATH: `${debianGoPath}:${work}`};
    const out = {} as Record<GoProgram, string>;
    for (const program of programs) {
        const bin = path.join(work, program);
        const res = spawnSync('go', ['build', '-o', bin, `rcconformance/${program}`], {env: goEnv, encoding: 'utf8'});
        if (res.status !== 0) {
            throw new Error(`go build ${program} failed:\n${res.stderr}`);
        }
        out[program] = bin;
    }
    return out;
}

export interface HostLine {
    status: 'PASS' | 'FAIL';
    name: string;
    detail: string;
}

/** Parses gohost's conformance output ("PASS name detail" / "FAIL name detail"). */
export function parseHostOutput(stdout: string): HostLine[] {
    const lines: HostLine[] = [];
    for (const line of stdout.split('\n')) {
        const m = /^(PASS|FAIL) (\S+) ?(.*)$/.exec(line);
        if (m) {
            lines.push({status: m[1] as 'PASS' | 'FAIL', name: m[2], detail: m[3]});
        }
    }
    return lines;
}
