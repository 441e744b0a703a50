/**
 * Builds the Go side of the gob conformance tests with the system Go toolchain in GOPATH mode
 * (no module downloads), as the project's CI installs it. A missing toolchain is a failure
 * with instructions, never a skip.
 */
import {execFileSync} from 'child_process';
import {mkdtempSync} from 'fs';
import {tmpdir} from 'os';
import {join} from 'path';

export function goEnv(gopath: string): NodeJS.ProcessEnv {
    return {
        ...process.env,
        GO111MODULE: 'off',
        GOPATH: `/usr/share/gocode:${gopath}`,
        GOFLAGS: '',
        // Go decodes zone offsets equal to the local one as time.Local: pin Local to UTC so the
        // Go side's reflect.DeepEqual sees the same locations the corpus built.
        TZ: 'UTC',
    };
}

/** Builds gobvectors and returns the path of the binary. */
export function buildGobVectors(): string {
    try {
        execFileSync('go', ['version'], {stdio: 'pipe'});
    } catch {
        throw new Error('The Go toolchain is required for the gob conformance tests: install golang-go (apt-get install golang-go) so `go` is on PATH.');
    }
    const dir = mkdtempSync(join(tmpdir(), 'gob-conformance-'));
    const bin = join(dir, 'gobvectors');
    try {
        execFileSync('go', ['build', '-o', bin, '.'], {cwd: join(__dirname, 'gobvectors'), env: goEnv(dir), stdio: 'pipe'});
    } catch (err) {
        const e = err as {stderr?: Buffer; message: string};
        throw new Error(`building gobvectors failed: ${e.stderr?.toString() ?? e.message}`);
    }
    return bin;
}

export function runGo(bin: string, args: string[]): string {
    return execFileSync(bin, args, {env: goEnv(tmpdir()), maxBuffer: 64 * 1024 * 1024}).toString();
}
