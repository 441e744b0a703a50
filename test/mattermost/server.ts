// The real Mattermost server for the test suite and `make mattermost`: the binary built
// from Mattermost's Go module (cached by version), a throwaway PostgreSQL cluster, and the
// server configured by MM_* environment variables, both in temp folders. A reaper process
// watches this process and kills both (and the plugin) if it dies without stopping them.
import {ChildProcess, spawn, spawnSync} from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';

// test/mattermost, also when this file runs bundled elsewhere (make mattermost) from the repository root.
export const moduleDir = fs.existsSync(path.join(__dirname, 'go.mod')) ? __dirname : path.join(process.cwd(), 'test', 'mattermost');
export const repoRoot = path.resolve(moduleDir, '..', '..');
const cacheRoot = path.join(moduleDir, '.cache');

export class HarnessError extends Error {}

/** One version of the Mattermost server module: go.mod (the default) or go.<variant>.mod. */
export interface ServerBuild {
    binary: string;
    /** The module's folder, holding the i18n/, templates/ and fonts/ the server reads. */
    serverPath: string;
    /** The pseudo-version of server/v8 that was built. */
    moduleVersion: string;
    /** Seconds the build took; 0 when the cached binary was used. */
    buildSeconds: number;
}

function goEnv(): NodeJS.ProcessEnv {
    return {...process.env, GOFLAGS: '-mod=readonly'};
}

function requireGo(): string {
    const probe = spawnSync('go', ['version'], {env: process.env, encoding: 'utf8'});
    if (probe.error || probe.status !== 0) {
        throw new HarnessError(`Go is required to build the Mattermost server but \`go version\` failed (${probe.error?.message ?? probe.stderr}). Install Go 1.26 and put it first on PATH.`);
    }
    if (!/go1\.(2[6-9]|[3-9]\d)/.test(probe.stdout)) {
        throw new HarnessError(`\`go version\` printed "${probe.stdout.trim()}": building Mattermost needs Go 1.26 or newer first on PATH.`);
    }
    return probe.stdout;
}

function modFiles(variant?: string): {mod: string; sum: string} {
    const mod = path.join(moduleDir, variant ? `go.${variant}.mod` : 'go.mod');
    if (!fs.existsSync(mod)) {
        throw new HarnessError(`no ${path.basename(mod)} in test/mattermost: known versions are ${serverVariants().map((v) => v || 'the default (go.mod)').join(', ')}`);
    }
    return {mod, sum: mod.replace(/\.mod$/, '.sum')};
}

/** The variants of test/mattermost: '' for go.mod, then each go.<variant>.mod. */
export function serverVariants(): string[] {
    return ['', ...fs.readdirSync(moduleDir).map((f) => /^go\.(.+)\.mod$/.exec(f)?.[1]).filter((v): v is string => !!v)];
}

function goList(mod: string, format: string): string {
    const res = spawnSync('go', ['list', `-modfile=${mod}`, '-m', '-f', format, 'github.com/mattermost/mattermost/server/v8'],
        {cwd: moduleDir, env: goEnv(), encoding: 'utf8'});
    if (res.status !== 0) {
        throw new HarnessError(`go list of the Mattermost module failed (is the Go module proxy reachable?):\n${res.stderr}`);
    }
    return res.stdout.trim();
}

/**
 * Builds the server of one variant, or reuses the binary cached under
 * test/mattermost/.cache/ for the same go.mod, go.sum and Go toolchain.
 */
export function buildMattermost(variant = '', log: (line: string) => void = () => {}): ServerBuild {
    const goVersion = requireGo();
    const {mod, sum} = modFiles(variant);
    const key = crypto.createHash('sha256').update(goVersion).update(fs.readFileSync(mod)).update(fs.readFileSync(sum)).digest('hex').slice(0, 16);
    const dir = path.join(cacheRoot, `${variant || 'default'}-${key}`);
    const binary = path.join(dir, 'mattermost');
    // Downloads the module when missing, so MM_SERVER_PATH exists even for a cached binary.
    const dl = spawnSync('go', ['mod', 'download', `-modfile=${mod}`, 'github.com/mattermost/mattermost/server/v8'], {cwd: moduleDir, env: goEnv(), encoding: 'utf8'});
    if (dl.status !== 0) {
        throw new HarnessError(`downloading the Mattermost module failed:\n${dl.stderr}`);
    }
    const [moduleVersion, serverPath] = goList(mod, '{{.Version}} {{.Dir}}').split(' ');
    let buildSeconds = 0;
    if (!fs.existsSync(binary)) {
        fs.mkdirSync(dir, {recursive: true});
        log(`building Mattermost ${moduleVersion} (a cold build takes minutes; the binary is cached in test/mattermost/.cache)`);
        const hash = /-([0-9a-f]{12})$/.exec(moduleVersion)?.[1] ?? '';
        const pkg = 'github.com/mattermost/mattermost/server/public/model';
        const ldflags = `-X ${pkg}.BuildNumber=${moduleVersion} -X ${pkg}.BuildHash=${hash} -X ${pkg}.BuildDate=module`;
        const partial = `${binary}.${process.pid}.partial`;
        const started = Date.now();
        // flock: parallel callers wait for one build instead of compiling the server twice.
        const res = spawnSync('flock', [path.join(cacheRoot, '.build.lock'), 'sh', '-c',
            'test -e "$1" || { go build "-modfile=$2" -trimpath -ldflags "$3" -o "$4" github.com/mattermost/mattermost/server/v8/cmd/mattermost && mv "$4" "$1"; }',
            'build', binary, mod, ldflags, partial], {cwd: moduleDir, env: goEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
        if (res.status !== 0) {
            fs.rmSync(partial, {force: true});
            throw new HarnessError(`building the Mattermost server failed:\n${res.stderr}`);
        }
        buildSeconds = (Date.now() - started) / 1000;
    }
    return {binary, serverPath, moduleVersion, buildSeconds};
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const {port} = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
}

/** The reaper for this process, started on first use (see reaper.js). */
let reaper: ChildProcess | null = null;
function reap(line: string): void {
    if (!reaper) {
        reaper = spawn(process.execPath, [path.join(moduleDir, 'reaper.js')], {stdio: ['pipe', 'ignore', 'inherit']});
        // Neither the reaper nor its pipe keeps this process alive.
        reaper.unref();
        const stdin = reaper.stdin as unknown as NodeJS.WritableStream & {unref(): void};
        stdin.unref();
        stdin.on('error', () => undefined);
    }
    reaper.stdin?.write(`${line}\n`);
}

function postgresBin(name: string): string {
    const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
    for (const v of versions) {
        const bin = path.join('/usr/lib/postgresql', v, 'bin', name);
        if (fs.existsSync(bin)) {
            return bin;
        }
    }
    throw new HarnessError(`PostgreSQL's ${name} was not found under /usr/lib/postgresql: install Debian's postgresql package (scripts/setup.sh does)`);
}

/** PostgreSQL refuses to run as root: as root, the cluster runs as the postgres user. */
function postgresIds(): {uid?: number; gid?: number} {
    if (process.getuid?.() !== 0) {
        return {};
    }
    const uid = spawnSync('id', ['-u', 'postgres'], {encoding: 'utf8'});
    const gid = spawnSync('id', ['-g', 'postgres'], {encoding: 'utf8'});
    if (uid.status !== 0 || gid.status !== 0) {
        throw new HarnessError('running as root, PostgreSQL needs the postgres user, which does not exist: install Debian\'s postgresql package');
    }
    return {uid: Number(uid.stdout), gid: Number(gid.stdout)};
}

export interface Postgres {
    port: number;
    dataSource: string;
    stop(): Promise<void>;
}

async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean> | boolean, failed?: () => string | null): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const why = failed?.();
        if (why) {
            throw new HarnessError(`${what}: ${why}`);
        }
        if (await probe()) {
            return;
        }
        if (Date.now() > deadline) {
            throw new HarnessError(`${what}: not ready after ${timeoutMs / 1000} s`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
}

function exitWatch(child: ChildProcess, name: string, logFile: string): () => string | null {
    let exited: string | null = null;
    child.once('exit', (code, signal) => {
        const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
        exited = `${name} exited (${signal ?? `code ${code}`}):\n${tail}`;
    });
    return () => exited;
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) {
        return;
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
        process.kill(-child.pid!, signal);
    } catch {
        return;
    }
    const timer = setTimeout(() => {
        try {
            process.kill(-child.pid!, 'SIGKILL');
        } catch {
            // gone meanwhile
        }
    }, timeoutMs);
    await exited;
    clearTimeout(timer);
    reap(`forget ${child.pid}`);
}

/** A throwaway cluster in a temp folder on a free port, trust authentication, no system service. */
export async function startPostgres(): Promise<Postgres> {
    const initdb = postgresBin('initdb');
    const postgres = postgresBin('postgres');
    const ids = postgresIds();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-pg-'));
    reap(`dir ${dir}`);
    if (ids.uid !== undefined) {
        fs.chownSync(dir, ids.uid, ids.gid!);
    }
    const data = path.join(dir, 'data');
    const init = spawnSync(initdb, ['-D', data, '-U', 'mmuser', '--auth=trust', '-E', 'UTF8', '--no-sync'], {...ids, encoding: 'utf8'});
    if (init.status !== 0) {
        throw new HarnessError(`initdb failed:\n${init.stderr}`);
    }
    const port = await freePort();
    const logFile = path.join(dir, 'postgres.log');
    const out = fs.openSync(logFile, 'a');
    if (ids.uid !== undefined) {
        fs.fchownSync(out, ids.uid, ids.gid!);
    }
    const child = spawn(postgres, ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
        {...ids, detached: true, stdio: ['ignore', out, out]});
    fs.closeSync(out);
    reap(`group ${child.pid} SIGQUIT`);
    const failed = exitWatch(child, 'postgres', logFile);
    await waitFor('PostgreSQL', 30_000, () => spawnSync(postgresBin('pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]).status === 0, failed);
    const create = spawnSync(postgresBin('createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'mmuser', 'mattermost'], {encoding: 'utf8'});
    if (create.status !== 0) {
        throw new HarnessError(`createdb failed:\n${create.stderr}`);
    }
    return {
        port,
        dataSource: `postgres://mmuser@127.0.0.1:${port}/mattermost?sslmode=disable&connect_timeout=10`,
        async stop() {
            await stopChild(child, 'SIGINT', 10_000);
            fs.rmSync(dir, {recursive: true, force: true});
        },
    };
}

export interface MattermostProcess {
    url: string;
    pid: number;
    workDir: string;
    /** Mattermost's JSON log file. */
    logFile: string;
    /** Seconds from exec to the first answered ping. */
    bootSeconds: number;
    /** Stops the server (SIGTERM, as an administrator's service manager does). */
    stop(): Promise<void>;
}

export interface MattermostOptions {
    build: ServerBuild;
    postgres: Postgres;
    /** Reuse this work dir (config, plugins, files) to restart the same server. */
    workDir?: string;
    port?: number;
    /**
     * The URL browsers use, when a proxy in front serves it (the preview page in real-server
     * mode); by default the server's own address. The websocket refuses other origins.
     */
    siteURL?: string;
}

/**
 * Starts Mattermost configured through MM_* variables (which lock those settings against
 * REST changes, so the plugin's own settings are never set this way) and waits for
 * GET /api/v4/system/ping.
 */
export async function startMattermost(opts: MattermostOptions): Promise<MattermostProcess> {
    const workDir = opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rc-mm-'));
    if (!opts.workDir) {
        reap(`dir ${workDir}`);
    }
    const port = opts.port ?? await freePort();
    const url = `http://127.0.0.1:${port}`;
    for (const sub of ['plugins', 'client/plugins', 'data', 'logs']) {
        fs.mkdirSync(path.join(workDir, sub), {recursive: true});
    }
    // The server looks for these relative to its working dir and its binary (MM_SERVER_PATH
    // is read only by Mattermost's test helpers), so the work dir links the module's copies.
    for (const shared of ['i18n', 'templates', 'fonts']) {
        const link = path.join(workDir, shared);
        if (!fs.existsSync(link)) {
            fs.symlinkSync(path.join(opts.build.serverPath, shared), link);
        }
    }
    const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: workDir,
        TMPDIR: os.tmpdir(),
        MM_CONFIG: path.join(workDir, 'config.json'),
        MM_SQLSETTINGS_DRIVERNAME: 'postgres',
        MM_SQLSETTINGS_DATASOURCE: opts.postgres.dataSource,
        MM_SERVICESETTINGS_SITEURL: opts.siteURL ?? url,
        MM_SERVICESETTINGS_LISTENADDRESS: `127.0.0.1:${port}`,
        MM_SERVICESETTINGS_ENABLEUSERACCESSTOKENS: 'true',
        MM_SERVICESETTINGS_ENABLESECURITYFIXALERT: 'false',
        MM_PLUGINSETTINGS_ENABLE: 'true',
        MM_PLUGINSETTINGS_ENABLEUPLOADS: 'true',
        MM_PLUGINSETTINGS_REQUIREPLUGINSIGNATURE: 'false',
        MM_PLUGINSETTINGS_ENABLEMARKETPLACE: 'false',
        MM_PLUGINSETTINGS_ENABLEREMOTEMARKETPLACE: 'false',
        MM_PLUGINSETTINGS_AUTOMATICPREPACKAGEDPLUGINS: 'false',
        MM_PLUGINSETTINGS_DIRECTORY: path.join(workDir, 'plugins'),
        MM_PLUGINSETTINGS_CLIENTDIRECTORY: path.join(workDir, 'client', 'plugins'),
        MM_FILESETTINGS_DIRECTORY: path.join(workDir, 'data'),
        MM_LOGSETTINGS_ENABLECONSOLE: 'true',
        MM_LOGSETTINGS_CONSOLELEVEL: 'ERROR',
        MM_LOGSETTINGS_ENABLEFILE: 'true',
        MM_LOGSETTINGS_FILEJSON: 'true',
        MM_LOGSETTINGS_FILELEVEL: 'DEBUG',
        MM_LOGSETTINGS_FILELOCATION: path.join(workDir, 'logs'),
        MM_LOGSETTINGS_ENABLEDIAGNOSTICS: 'false',
        MM_EMAILSETTINGS_SENDEMAILNOTIFICATIONS: 'false',
        MM_EMAILSETTINGS_SENDPUSHNOTIFICATIONS: 'false',
    };
    const consoleLog = path.join(workDir, 'logs', 'console.log');
    const out = fs.openSync(consoleLog, 'a');
    const started = Date.now();
    // Its own process group, so stopping it also reaches the plugin processes it started.
    const child = spawn(opts.build.binary, ['server'], {cwd: workDir, env, detached: true, stdio: ['ignore', out, out]});
    fs.closeSync(out);
    reap(`group ${child.pid} SIGKILL`);
    const failed = exitWatch(child, 'mattermost', consoleLog);
    await waitFor('Mattermost', 180_000, async () => {
        try {
            const res = await fetch(`${url}/api/v4/system/ping`);
            return res.ok;
        } catch {
            return false;
        }
    }, failed);
    const bootSeconds = (Date.now() - started) / 1000;
    return {
        url,
        pid: child.pid!,
        workDir,
        logFile: path.join(workDir, 'logs', 'mattermost.log'),
        bootSeconds,
        stop: () => stopChild(child, 'SIGTERM', 20_000),
    };
}

/** Mattermost's JSON log lines (unparseable lines are skipped). */
export function readLog(logFile: string): Array<Record<string, unknown>> {
    if (!fs.existsSync(logFile)) {
        return [];
    }
    return fs.readFileSync(logFile, 'utf8').split('\n').flatMap((line) => {
        try {
            return [JSON.parse(line) as Record<string, unknown>];
        } catch {
            return [];
        }
    });
}
