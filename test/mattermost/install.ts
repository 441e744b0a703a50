// Installs the plugin into a real server as an administrator would: `make dist`, then the
// project's own `make deploy` with MM_SERVICESETTINGS_SITEURL and MM_ADMIN_TOKEN (a personal
// access token), then waits until /api/v4/plugins/statuses says it is running.
import {spawnSync} from 'child_process';
import fs from 'fs';
import path from 'path';
import type {Person} from './people';
import {PLUGIN_ID} from './people';
import {repoRoot} from './server';

function make(target: string, env: NodeJS.ProcessEnv = process.env, extra: string[] = []): string {
    const res = spawnSync('make', ['--no-print-directory', target, ...extra], {cwd: repoRoot, env, encoding: 'utf8', timeout: 600_000});
    if (res.status !== 0) {
        throw new Error(`make ${target} failed (exit ${res.status ?? res.error?.message}):\n${res.stdout}\n${res.stderr}`);
    }
    return res.stdout;
}

/** `make dist`; returns the linux-amd64 bundle it wrote. */
export function makeDist(): string {
    make('dist');
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'plugin.json'), 'utf8')) as {id: string; version: string};
    const bundle = path.join(repoRoot, 'dist', `${manifest.id}-${manifest.version}-linux-amd64.tar.gz`);
    if (!fs.existsSync(bundle)) {
        throw new Error(`make dist wrote no ${path.relative(repoRoot, bundle)}`);
    }
    return bundle;
}

/** A personal access token of the admin, as `make deploy` wants it. */
export async function adminToken(admin: Person): Promise<string> {
    const token = await admin.client.createUserAccessToken(admin.user.id, 'make deploy');
    return token.token as string;
}

export interface DeployResult {
    output: string;
    /** Milliseconds from the start of `make deploy` to the plugin's status "running". */
    toRunningMs: number;
}

/** `make deploy` of a bundle (default: the one make dist wrote), then waits for "running". */
export async function deploy(url: string, token: string, admin: Person, bundle?: string): Promise<DeployResult> {
    const started = Date.now();
    const env = {...process.env, MM_SERVICESETTINGS_SITEURL: url, MM_ADMIN_TOKEN: token};
    // make passes variables from the command line to the recipe's environment.
    const output = make('deploy', env, bundle ? [`DEPLOY_ARGS=--bundle ${bundle}`] : []);
    await waitForState(admin, 'running', 60_000);
    return {output, toRunningMs: Date.now() - started};
}

/** Mattermost's plugin states (model.PluginStateRunning is 2). */
const STATES: Record<string, number> = {'not-running': 0, starting: 1, running: 2, 'failed-to-start': 3, 'failed-to-stay-running': 4, stopping: 5};

export async function pluginState(admin: Person): Promise<number | null> {
    const statuses = await admin.client.getPluginStatuses();
    return statuses.find((s) => s.plugin_id === PLUGIN_ID)?.state ?? null;
}

export async function waitForState(admin: Person, state: keyof typeof STATES, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: number | null = null;
    while (Date.now() < deadline) {
        last = await pluginState(admin);
        if (last === STATES[state]) {
            return;
        }
        if (state === 'running' && (last === STATES['failed-to-start'] || last === STATES['failed-to-stay-running'])) {
            break;
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the plugin did not reach state ${state} within ${timeoutMs / 1000} s (last state ${Object.keys(STATES).find((k) => STATES[k] === last) ?? last}); see the plugin_id lines of the server log`);
}
