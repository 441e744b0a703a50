// The product: runs, templates, the HTTP API, the bot and /release, wired on a PlatformApi.
// The bridge (or the preview host, or a test) calls createProduct and plugs the returned
// hooks into Mattermost's.
import {ReleaseFeatures} from './bot/features';
import {HistoryService, HistoryStore} from './history';
import type {ProductHooks} from './hooks';
import {createHttpHandler} from './http';
import type {PlatformApi} from './platform';
import {DEFAULT_SETTINGS, RunService, parseSettings, type EffectiveSettings} from './runs';
import {RunRepository, TemplateRepository} from './store';
import {exportTemplate, readDefaultTemplate} from './template';

export interface ProductOptions {
    /** Directory the plugin bundle was unpacked in (holds assets/). */
    bundleRoot: string;
    now?: () => Date;
}

export function createProduct(api: PlatformApi, options: ProductOptions): ProductHooks {
    const now = options.now ?? (() => new Date());
    let settings: EffectiveSettings = structuredClone(DEFAULT_SETTINGS);
    const currentSettings = (): EffectiveSettings => settings;
    // The problems of the last parse, for admins to see in GET /defaults (the log is easy to miss).
    let settingsProblems: string[] = [];

    const runs = new RunRepository(api.kv, api.log);
    const templates = new TemplateRepository(api.kv, async () => {
        const template = readDefaultTemplate(options.bundleRoot);
        return {template, markdown: exportTemplate(template)};
    });
    // The bot listens to run changes and the service tells it; the closure breaks the cycle.
    let features: ReleaseFeatures | null = null;
    let history: HistoryService | null = null;
    const service = new RunService({
        api, runs, templates, settings: currentSettings, now,
        onEvents: async (change, events) => {
            await history?.onRunEvents(change, events);
            await features?.onRunEvents(change, events);
        },
    });
    history = new HistoryService({api, store: new HistoryStore(api.kv), runs: service});
    features = new ReleaseFeatures({api, service, settings: currentSettings, now});
    const release = features;

    const serveHTTP = createHttpHandler(
        {api, service, templates, history, now, settingsProblems: () => settingsProblems, announce: (run, stepId, userId) => release.announce(run, stepId, userId),
            buttons: release.buttons, remindNow: (run) => release.reminders.remindNow(run)},
        (userId, req, res) => release.serveAutocomplete(userId, req, res),
    );

    /** Bad settings are logged, one line each, kept for GET /defaults, and replaced by defaults; the good ones are kept. */
    async function loadSettings(): Promise<void> {
        let raw: Record<string, unknown> = {};
        try {
            raw = await api.loadPluginConfiguration();
        } catch (err) {
            api.log.error('could not load the plugin settings; using the previous ones', {error: String(err)});
            return;
        }
        const parsed = parseSettings(raw);
        for (const problem of parsed.problems) {
            api.log.error(`Release Checklist setting ${problem.key} ignored: ${problem.message}`);
        }
        settings = parsed.settings;
        settingsProblems = parsed.problems.map((p) => p.message);
    }

    return {
        async onActivate() {
            // The index check runs alongside; the bot starts once the settings are in (its
            // reminders read them).
            const repaired = service.repairIndexes().catch((err: unknown) => {
                api.log.error('could not check the run indexes', {error: String(err)});
            });
            await loadSettings();
            await Promise.all([repaired, release.activate()]);
        },
        async onDeactivate() {
            await release.deactivate();
        },
        async onConfigurationChange() {
            await loadSettings();
        },
        serveHTTP,
        executeCommand: (args) => release.executeCommand(args),
    };
}
