/**
 * Builds and runs the Go side of the gob conformance tests (the conformance module, with
 * Mattermost's model package). A missing toolchain is a failure with instructions, never a skip.
 */
import {execFileSync} from 'child_process';
import {join} from 'path';
import {buildGo} from '../yamux/go-peer';

export function goEnv(): NodeJS.ProcessEnv {
    return {
        ...process.env,
        // Go decodes zone offsets equal to the local one as time.Local: pin Local to UTC so the
        // Go side's reflect.DeepEqual sees the same locations the corpus built.
        TZ: 'UTC',
    };
}

/** Builds gobvectors (once per source and toolchain) and returns the path of the binary. */
export function buildGobVectors(): string {
    return buildGo(join(__dirname, 'gobvectors', 'main.go'), 'gobvectors');
}

export function runGo(bin: string, args: string[]): string {
    return execFileSync(bin, args, {env: goEnv(), maxBuffer: 64 * 1024 * 1024}).toString();
}
