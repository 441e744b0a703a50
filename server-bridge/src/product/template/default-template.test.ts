// Checks the default template against the seed's security release process item by item,
// so no step, role, phase or special rule can silently drop out of the asset.
import fs from 'fs';
import os from 'os';
import path from 'path';
import {DateTime} from 'luxon';
import {DEFAULT_ROLES} from '../model';
import type {Template, TemplatePhase, TemplateStep} from '../model';
import {scheduleTemplate} from '../schedule';
import {DEFAULT_TEMPLATE_MARKDOWN_PATH, readDefaultTemplate} from './default-template';

const repoRoot = path.resolve(__dirname, '../../../..');
const template: Template = readDefaultTemplate(repoRoot);

function phase(label: string): TemplatePhase {
    const found = template.phases.find((p) => p.label === label);
    if (!found) {
        throw new Error(`phase ${label} missing`);
    }
    return found;
}

function allSteps(): {step: TemplateStep; phase: TemplatePhase; parent?: TemplateStep}[] {
    return template.phases.flatMap((p) => p.steps.flatMap((s) => [{step: s, phase: p}, ...s.substeps.map((sub) => ({step: sub, phase: p, parent: s}))]));
}

/** The one step of the phase and role whose title or description matches every pattern. */
function stepIn(label: string, role: string, ...patterns: RegExp[]): TemplateStep {
    const matches = phase(label).steps.filter((s) => s.role === role && patterns.every((p) => p.test(`${s.title}\n${s.description ?? ''}`)));
    expect(matches.map((s) => s.id)).toHaveLength(1);
    return matches[0];
}

describe('the default template file', () => {
    it('is read from the bundle path and names the release process', () => {
        expect(DEFAULT_TEMPLATE_MARKDOWN_PATH).toBe('assets/templates/security-release.md');
        expect(template.id).toBe('security-release');
        expect(template.name).toMatch(/security/i);
        expect(template.description).toBeTruthy();
    });

    it('has all six roles', () => {
        expect(template.roles).toEqual(DEFAULT_ROLES);
    });

    it('has the four phases with their working-day offsets', () => {
        expect(template.phases.map((p) => [p.label, p.title, p.offset])).toEqual([
            ['A', 'Code complete', {unit: 'working', days: -4}],
            ['B', 'Release candidate cut', {unit: 'working', days: -3}],
            ['C', 'Release candidate testing', {unit: 'working', days: -2}],
            ['D', 'Release build cut', {unit: 'working', days: 0}],
        ]);
    });

    it('has the expected number of steps per phase and role', () => {
        const counts: Record<string, number> = {};
        for (const p of template.phases) {
            for (const s of p.steps) {
                const key = `${p.label}/${s.role}`;
                counts[key] = (counts[key] ?? 0) + 1;
            }
        }
        expect(counts).toEqual({
            'A/release-manager': 6,
            'A/dev': 3,
            'B/build': 1,
            'C/qa': 3,
            'C/logistics': 1,
            'D/dev': 3,
            'D/release-manager': 9,
            'D/marketing': 2,
        });
    });

    it('gives every role steps, 28 steps and 5 sub-steps in all', () => {
        const perRole = Object.fromEntries(DEFAULT_ROLES.map((r) => [r.id, allSteps().filter((s) => s.step.role === r.id).length]));
        expect(perRole).toEqual({'release-manager': 20, dev: 6, build: 1, qa: 3, logistics: 1, marketing: 2});
        expect(allSteps().filter((s) => !s.parent)).toHaveLength(28);
        expect(allSteps().filter((s) => s.parent)).toHaveLength(5);
    });
});

describe('each seed item', () => {
    it('A, Release Manager: checklist, community notice, GitLab, Omnibus ticket, team announcement', () => {
        stepIn('A', 'release-manager', /checklist/i, /fix list is final/);
        stepIn('A', 'release-manager', /community/i, /tweet/i, /changelog/i, /TBD/);
        stepIn('A', 'release-manager', /GitLab release team/, /Slack/);
        stepIn('A', 'release-manager', /GitLab merge request/, /upgrade/);
        stepIn('A', 'release-manager', /Omnibus/, /ticket/);
        const team = stepIn('A', 'release-manager', /Announcements channel/);
        expect(team.announcement?.channelSetting).toBe('AnnouncementChannel');
        expect(team.announcement?.message).toContain('{{issues}}');
    });

    it('A, Dev: hotfix PRs, review and merge, and the daily merge-back', () => {
        stepIn('A', 'dev', /hotfix/i, /release branch/);
        stepIn('A', 'dev', /Review pull requests/, /merge/);
        const mergeBack = stepIn('A', 'dev', /back into master/);
        expect(mergeBack.recurring).toBe('daily');
        // It recurs from code complete (T-4) until its due day, the release build cut.
        expect(mergeBack.due).toEqual({offset: {unit: 'working', days: 0}});
    });

    it('B, Build: the approval gate before any new RC', () => {
        const gate = stepIn('B', 'build', /RC/, /Release Manager/);
        expect(gate.approval).toBe(true);
    });

    it('C, QA and Logistics: test servers (conditional), RC testing, discussion post, mug (conditional)', () => {
        const servers = stepIn('C', 'qa', /prev\.test\.mattermost\.com/, /rc\.test\.mattermost\.com/);
        expect(servers.condition).toBe('during-regular-release');
        stepIn('C', 'qa', /Test the new RC/, /fixes/);
        const report = stepIn('C', 'qa', /Release Discussion channel/);
        expect(report.announcement?.channelSetting).toBe('ReleaseDiscussionChannel');
        const mug = stepIn('C', 'logistics', /mug/);
        expect(mug.condition).toBe('researcher-needs-mug');
    });

    it('D, Dev: tag and build, hashes and signatures, delete RCs', () => {
        stepIn('D', 'dev', /Tag the release/, /official build/);
        stepIn('D', 'dev', /hashes/, /GPG/);
        stepIn('D', 'dev', /release candidates/, /shipped/);
    });

    it('D, Release Manager: docs, downloads, docker, installers, hall of fame, security updates', () => {
        stepIn('D', 'release-manager', /changelog/i);
        stepIn('D', 'release-manager', /version archive/);
        stepIn('D', 'release-manager', /ESR/);
        stepIn('D', 'release-manager', /download page/, /Enterprise/, /Team Edition/);
        stepIn('D', 'release-manager', /download links/, /before and after/);
        stepIn('D', 'release-manager', /mattermost-docker/, /maintainer/);
        stepIn('D', 'release-manager', /Hall of Fame/, /Responsible Disclosure/);
    });

    it('D: the community installers are the four sub-steps of the installer step', () => {
        const installers = stepIn('D', 'release-manager', /community installers/);
        const subs = installers.substeps;
        expect(subs).toHaveLength(4);
        const titled = (re: RegExp) => subs.filter((s) => re.test(s.title));
        expect(titled(/Puppet/).filter((s) => /Heroku/.test(s.title) && /Ansible/.test(s.title))).toHaveLength(1);
        expect(titled(/Puppet/)[0].announcement?.channelSetting).toBe('InstallersChannel');
        expect(titled(/Chef/)[0].title).toMatch(/issue/);
        expect(titled(/Yunohost/)[0].title).toMatch(/pull request/);
        expect(titled(/OpenShift/)[0].title).toMatch(/pull request/);
    });

    it('D: the security updates post is due 30 calendar days later, with the spreadsheet as its sub-step', () => {
        const post = stepIn('D', 'release-manager', /Security Updates/);
        expect(post.due).toEqual({offset: {unit: 'calendar', days: 30}});
        expect(post.substeps).toHaveLength(1);
        expect(post.substeps[0].title).toMatch(/Security Issues spreadsheet/);
        expect(post.substeps[0].due).toEqual({offset: {unit: 'calendar', days: 30}});
    });

    it('D, Marketing: blog post, email and tweet prepared, then out at 08:00 Pacific the day after', () => {
        stepIn('D', 'marketing', /blog post/, /MailChimp/, /tweet/, /review/);
        const publish = stepIn('D', 'marketing', /Schedule/);
        expect(publish.due).toEqual({offset: {unit: 'calendar', days: 1}, time: '08:00', zone: 'America/Los_Angeles'});
    });
});

describe('special rules appear exactly where the seed puts them', () => {
    const ids = (pick: (s: TemplateStep) => unknown) => allSteps().filter((s) => pick(s.step)).map((s) => s.step.id).sort();

    it('declares the two conditions and uses each once', () => {
        expect(template.conditions.map((c) => c.id)).toEqual(['during-regular-release', 'researcher-needs-mug']);
        expect(template.conditions.every((c) => c.question.endsWith('?'))).toBe(true);
        expect(ids((s) => s.condition)).toEqual(['order-researcher-mug', 'point-test-servers']);
    });

    it('has one approval step, one recurring step, three announcement steps and four own due specs', () => {
        expect(ids((s) => s.approval)).toEqual(['cut-rc']);
        expect(ids((s) => s.recurring)).toEqual(['merge-back']);
        expect(ids((s) => s.announcement)).toEqual(['announce-to-team', 'installers-puppet-heroku-ansible', 'report-testing']);
        expect(ids((s) => s.due)).toEqual(['merge-back', 'post-security-updates', 'publish-release-announcements', 'update-security-spreadsheet']);
    });
});

describe('scheduling the default template', () => {
    it('gives every step a due time; working-day steps land on working days in the run zone', () => {
        const ctx = {releaseDay: '2024-03-12', timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5], holidays: ['2024-03-08']};
        const scheduled = scheduleTemplate(template, ctx);
        expect(scheduled).toHaveLength(33);
        const byId = new Map(scheduled.map((s) => [s.id, s]));
        const local = (id: string, zone = ctx.timeZone) => DateTime.fromISO(byId.get(id)?.dueAt ?? '', {zone: 'utc'}).setZone(zone).toFormat('yyyy-MM-dd HH:mm');
        // T-4 from Tuesday 2024-03-12 with Friday 03-08 off: Mon 11, Thu 7, Wed 6, Tue 5.
        expect(local('share-checklist')).toBe('2024-03-05 17:00');
        expect(local('cut-rc')).toBe('2024-03-06 17:00');
        expect(local('merge-back')).toBe('2024-03-12 17:00');
        expect(local('test-rc')).toBe('2024-03-07 17:00');
        expect(local('tag-and-build')).toBe('2024-03-12 17:00');
        expect(local('post-security-updates')).toBe('2024-04-11 17:00');
        expect(local('post-security-updates/update-security-spreadsheet')).toBe('2024-04-11 17:00');
        expect(local('publish-release-announcements', 'America/Los_Angeles')).toBe('2024-03-13 08:00');
        expect(local('update-community-installers/installers-chef')).toBe('2024-03-12 17:00');
    });
});

describe('readDefaultTemplate', () => {
    it('throws a clear error when the file is missing or invalid', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'template-'));
        try {
            expect(() => readDefaultTemplate(dir)).toThrow(/cannot read the default template assets\/templates\/security-release.md/);
            fs.mkdirSync(path.join(dir, 'assets/templates'), {recursive: true});
            fs.writeFileSync(path.join(dir, DEFAULT_TEMPLATE_MARKDOWN_PATH), '# Broken\n\n## No offset\n');
            expect(() => readDefaultTemplate(dir)).toThrow(/is invalid: line 3: phase 'No offset' needs its offset/);
        } finally {
            fs.rmSync(dir, {recursive: true, force: true});
        }
    });
});
