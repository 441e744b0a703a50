// Mattermost's plugin health check, for the preview's plugin executable
// (server/public/plugin/health_check.go): every 30 s the plugin is pinged, up to 3 times in a
// row; a plugin that does not answer is restarted, and one that failed 3 times within 60
// minutes is deactivated ("failed to stay running") instead. One addition for the preview:
// a request that finds the plugin process gone runs the check at once instead of waiting for
// the next tick, so the page never sees the dead plugin's 500s.
import type {CommandArgs, CommandResponse} from '../../../server-bridge/src/product/hooks';
import type {HttpRequest, HttpResponse} from '../../../server-bridge/src/product/http-types';

import type {PluginConnection} from './plugin-connection';

export const HEALTH_CHECK_INTERVAL_MS = 30_000;
export const PING_FAIL_LIMIT = 3;
export const RESTART_LIMIT = 3;
export const DEACTIVATION_WINDOW_MS = 60 * 60_000;
/** A ping that gets no answer in this time counts as failed (go-plugin's own calls have no timeout). */
const PING_TIMEOUT_MS = 5000;

export interface HealthCheckOptions {
    intervalMs?: number;
    log: (message: string) => void;
    now?: () => number;
}

export class SupervisedPlugin implements PluginConnection {
    private current: PluginConnection | null = null;
    private checking: Promise<void> | null = null;
    private failures: number[] = [];
    private deactivated = false;
    private stopped = false;
    private readonly timer: NodeJS.Timeout;

    private constructor(private readonly start: () => Promise<PluginConnection>, private readonly opts: HealthCheckOptions) {
        this.timer = setInterval(() => void this.check(), opts.intervalMs ?? HEALTH_CHECK_INTERVAL_MS);
        this.timer.unref();
    }

    /** Starts the plugin (a failure here is the caller's, as a failed first activation is). */
    static async create(start: () => Promise<PluginConnection>, opts: HealthCheckOptions): Promise<SupervisedPlugin> {
        const supervised = new SupervisedPlugin(start, opts);
        try {
            supervised.current = await start();
        } catch (err) {
            clearInterval(supervised.timer);
            throw err;
        }
        return supervised;
    }

    /** The running plugin's process id, if any. */
    pid(): number | undefined {
        return this.current?.pid?.();
    }

    async serveHTTP(req: HttpRequest, res: HttpResponse): Promise<void> {
        const plugin = await this.usable();
        if (!plugin) {
            res.setHeader('Content-Type', 'application/json');
            res.writeHead(503);
            await res.write(JSON.stringify({error: this.deactivated
                ? 'The plugin failed to stay running and was deactivated; restart the preview.'
                : 'The plugin is not running; the health check is restarting it.'}));
            return;
        }
        await plugin.serveHTTP(req, res);
    }

    async executeCommand(args: CommandArgs): Promise<CommandResponse> {
        const plugin = await this.usable();
        if (!plugin) {
            return {responseType: 'ephemeral', text: 'The Release Checklist plugin is not running.'};
        }
        return plugin.executeCommand(args);
    }

    async onConfigurationChange(): Promise<void> {
        await (await this.usable())?.onConfigurationChange();
    }

    async stop(): Promise<void> {
        this.stopped = true;
        clearInterval(this.timer);
        await this.checking?.catch(() => undefined);
        await this.current?.stop();
        this.current = null;
    }

    /** One health check (overlapping calls share it): ping, and restart or deactivate on failure. */
    check(): Promise<void> {
        this.checking ??= this.runCheck().finally(() => {
            this.checking = null;
        });
        return this.checking;
    }

    /** The plugin to use: a dead process is checked (and restarted) first. */
    private async usable(): Promise<PluginConnection | null> {
        if (this.current?.exited?.() && !this.stopped) {
            await this.check();
        }
        return this.current;
    }

    private async runCheck(): Promise<void> {
        if (this.stopped || this.deactivated) {
            return;
        }
        if (this.current && await this.answersPing(this.current)) {
            return;
        }
        const now = (this.opts.now ?? Date.now)();
        this.failures = [...this.failures, now].slice(-RESTART_LIMIT);
        const old = this.current;
        this.current = null;
        await old?.stop().catch(() => undefined);
        if (this.failures.length >= RESTART_LIMIT && now - this.failures[0] <= DEACTIVATION_WINDOW_MS) {
            this.deactivated = true;
            this.opts.log('the plugin failed its health check 3 times within an hour: deactivated, as Mattermost does');
            return;
        }
        this.opts.log('the plugin failed its health check: restarting it, as Mattermost does');
        try {
            this.current = await this.start();
        } catch (err) {
            // Left stopped: the next check (a tick or a request) tries again and counts a failure.
            this.opts.log(`restarting the plugin failed: ${err instanceof Error ? err.message : String(err)}`);
        }
    }

    private async answersPing(plugin: PluginConnection): Promise<boolean> {
        if (!plugin.ping || plugin.exited?.()) {
            return !plugin.exited?.();
        }
        for (let attempt = 0; attempt < PING_FAIL_LIMIT; attempt++) {
            let timer: NodeJS.Timeout | undefined;
            const answered = await Promise.race([
                plugin.ping().then(() => true, () => false),
                new Promise<boolean>((resolve) => {
                    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
                }),
            ]);
            clearTimeout(timer);
            if (answered) {
                return true;
            }
        }
        return false;
    }
}
