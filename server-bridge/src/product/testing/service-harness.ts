// A run service on an in-memory platform, seeded with a channel, members, a non-member and
// an admin, and the hand-built sample template: the common setup of run and HTTP tests.
import type {Template} from '../model';
import {RunService, parseSettings, type EffectiveSettings, type StartRunInput} from '../runs';
import type {RunServiceDeps} from '../runs/service';
import {RunRepository, TemplateRepository} from '../store';
import {sampleTemplate} from './fixtures';
import {MemoryPlatform} from './memory-platform';

export const CHANNEL = 'chan1';
export const OTHER_CHANNEL = 'chan2';
export const RM = 'rmuser';
export const DEV = 'devuser';
export const QA = 'qauser';
export const OUTSIDER = 'outsider';
export const ADMIN = 'adminuser';

export interface Harness {
    platform: MemoryPlatform;
    service: RunService;
    runs: RunRepository;
    templates: TemplateRepository;
    settings: EffectiveSettings;
    clock: {now: Date};
}

export function makeHarness(opts: {template?: Template; config?: Record<string, unknown>; members?: string[]; onEvents?: RunServiceDeps['onEvents']} = {}): Harness {
    const clock = {now: new Date('2026-03-02T12:00:00Z')};
    const members = [RM, DEV, QA, ADMIN, ...(opts.members ?? [])];
    const platform = new MemoryPlatform({
        users: [...members, OUTSIDER].map((id) => ({id, username: id})),
        channels: [{id: CHANNEL, members}, {id: OTHER_CHANNEL, members: [OUTSIDER]}],
        admins: [ADMIN],
        config: opts.config ?? {DefaultTimeZone: 'UTC'},
    });
    const template = opts.template ?? sampleTemplate();
    const runs = new RunRepository(platform.kv, platform.log);
    const templates = new TemplateRepository(platform.kv, async () => ({template, markdown: '# template'}));
    const settings = parseSettings(platform.config).settings;
    const service = new RunService({api: platform, runs, templates, settings: () => settings, now: () => clock.now, onEvents: opts.onEvents});
    return {platform, service, runs, templates, settings, clock};
}

export function startInput(extra: Partial<StartRunInput> = {}): StartRunInput {
    return {
        channelId: CHANNEL, templateId: 'security-release', version: '1.1.1', releaseDay: '2026-03-13', timeZone: 'UTC',
        roles: {'release-manager': [RM], dev: [DEV], qa: [QA]}, conditions: {'regular-release': false},
        issues: ['https://example.com/issue/1'], ...extra,
    };
}
