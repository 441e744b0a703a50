/**
 * Builds and runs the Go side of the gob conformance tests with the system Go toolchain in
 * GOPATH mode (no module downloads), as the project's CI installs it. A missing toolchain is a
 * failure with instructions, never a skip.
 */
import {execFileSync} from 'child_process';
import {tmpdir} from 'os';
import {join} from 'path';
import {buildGo} from '../yamux/go-peer';

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

/** Builds gobvectors (once per source and toolchain) and returns the path of the binary. */
export function buildGobVectors(): string {
    try {
        execFileSync('go', ['version'], {stdio: 'pipe'});
    } catch {
        throw new Error('The Go toolchain is required for the gob conformance tests: install golang-go (apt-get install golang-go) so `go` is on PATH.');
    }
    return buildGo(join(__dirname, 'gobvectors', 'main.go'), 'gobvectors');
}

export function runGo(bin: string, args: string[]): string {
    return execFileSync(bin, args, {env: goEnv(tmpdir()), maxBuffer: 64 * 1024 * 1024}).toString();
}
