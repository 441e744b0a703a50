// What the go-plugin host tests share: the Go programs (built once per source hash, see
// go-programs.js), a TypeScript test plugin bundled behind the one executable go-plugin
// starts, the product executable shared with the preview, and running the host and reading
// its PASS/FAIL lines.
import {spawnSync} from 'child_process';
import esbuild from 'esbuild';
import fs from 'fs';
import path from 'path';

export type GoProgram = 'gohost' | 'goref';

export interface BuildOptions {
    /** Environment for the go command; defaults to process.env. */
    env?: NodeJS.ProcessEnv;
}

const programs = require('./go-programs.js') as {
    buildGoPrograms(names: GoProgram[], options?: BuildOptions): Record<GoProgram, string>;
};

/** Builds the programs, or reuses the binaries under test/out/go built from the same sources. */
export function buildGoPrograms(names: GoProgram[], options: BuildOptions = {}): Record<GoProgram, string> {
    return programs.buildGoPrograms(names, options);
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

export interface HostRun {
    status: number | null;
    lines: HostLine[];
    stderr: string;
}

/** Runs gohost with the plugin and an optional script (written into dir). */
export function runGoHost(gohost: string, plugin: string, opts: {script?: Record<string, unknown>; dir?: string; timeoutMs?: number} = {}): HostRun {
    const args = ['-plugin', plugin];
    if (opts.script) {
        if (!opts.dir) {
            throw new Error('runGoHost: a script needs a dir to be written to');
        }
        const file = path.join(opts.dir, 'script.json');
        fs.writeFileSync(file, JSON.stringify(opts.script));
        args.push('-script', file);
    }
    const res = spawnSync(gohost, args, {encoding: 'utf8', timeout: opts.timeoutMs ?? 120_000});
    return {status: res.status, lines: parseHostOutput(res.stdout ?? ''), stderr: res.stderr ?? ''};
}

/** The plugin.API methods the plugin called that gohost does not implement (its api-unimplemented:<Method> checks). */
export function unimplementedApiCalls(run: HostRun): string[] {
    return run.lines.filter((l) => l.name.startsWith('api-unimplemented:')).map((l) => l.name.slice('api-unimplemented:'.length));
}

/**
 * No check failed (the host's stderr tail shown when one did) and every named check passed.
 * API methods the plugin needs and gohost lacks are named first: add them to gohost/api.go.
 */
export function expectChecksPassed(run: HostRun, names: string[]): void {
    const failed = run.lines.filter((l) => l.status === 'FAIL');
    expect({unimplementedApi: unimplementedApiCalls(run), failed, stderr: failed.length ? run.stderr.slice(-3000) : ''})
        .toEqual({unimplementedApi: [], failed: [], stderr: ''});
    const passed = new Set(run.lines.filter((l) => l.status === 'PASS').map((l) => l.name));
    expect(names.filter((n) => !passed.has(n))).toEqual([]);
}

/**
 * Bundles a TypeScript test plugin into dir and writes the executable go-plugin starts: a
 * launcher running the bundle with this Node. Returns the launcher's path.
 */
export function tsPluginLauncher(entry: string, dir: string): string {
    const name = path.basename(entry, '.ts');
    const bundle = path.join(dir, `${name}.cjs`);
    esbuild.buildSync({entryPoints: [entry], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent'});
    const launcher = path.join(dir, name);
    fs.writeFileSync(launcher, `#!/bin/sh\nexec "${process.execPath}" "${bundle}" "$@"\n`, {mode: 0o755});
    return launcher;
}

/**
 * The product's linux-amd64 executable where plugin.json names it, built when stale under the
 * same lock the preview uses, so one build serves every test file of a run.
 */
export function productExecutable(root: string): string {
    const lock = path.join(root, 'test', 'out', 'build-server.lock');
    fs.mkdirSync(path.dirname(lock), {recursive: true});
    const res = spawnSync('flock', [lock, process.execPath, path.join(root, 'scripts', 'build-server.js'), '--platform', 'linux-amd64'],
        {cwd: root, encoding: 'utf8', timeout: 300_000});
    if (res.error || res.status !== 0) {
        throw new Error(`building the plugin executable failed (${res.error?.message ?? `exit ${res.status}`}):\n${res.stdout}${res.stderr}`);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'plugin.json'), 'utf8')) as {server: {executables: Record<string, string>}};
    return path.join(root, manifest.server.executables['linux-amd64']);
}
