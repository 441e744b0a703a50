import fs from 'fs';
import path from 'path';
import type {Template} from '../model';
import {exportTemplate} from './export';
import {parseTemplate} from './parse';

const repoRoot = path.resolve(__dirname, '../../../..');
const sources: Record<string, string> = {
    'default template': fs.readFileSync(path.join(repoRoot, 'assets/templates/security-release.md'), 'utf8'),
};
for (const name of fs.readdirSync(path.join(__dirname, 'fixtures')).filter((f) => f.endsWith('.md')).sort()) {
    sources[name] = fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
}

function parsed(markdown: string): Template {
    const {template, errors} = parseTemplate(markdown);
    expect(errors).toEqual([]);
    if (!template) {
        throw new Error('no template');
    }
    return template;
}

describe('import then export', () => {
    it('covers the default template and at least three hand-written ones', () => {
        expect(Object.keys(sources).length).toBeGreaterThanOrEqual(4);
    });

    it.each(Object.keys(sources))('is byte-stable for %s', (name) => {
        expect(exportTemplate(parsed(sources[name]))).toBe(sources[name]);
    });

    it.each(Object.keys(sources))('export then import gives a deep-equal template for %s', (name) => {
        const first = parsed(sources[name]);
        expect(parsed(exportTemplate(first))).toEqual(first);
    });
});

describe('what the hand-written templates parse to', () => {
    it('reads descriptions with paragraphs and indented code, and multi-line messages', () => {
        const t = parsed(sources['mobile-release.md']);
        expect(t.description).toBe('Store submissions for the iOS and Android apps.\nBoth stores review on their own schedule, so submit early.\n\nWatch the review queues daily.');
        expect(t.roles).toEqual([{id: 'owner', name: 'Owner'}, {id: 'reviewer', name: 'Reviewer'}, {id: 'store-ops', name: 'Store Ops'}]);
        const freeze = t.phases[0].steps[0];
        expect(freeze.title).toBe('Freeze the main branch for {{version}}');
        expect(freeze.description).toBe('Announce the freeze in **bold** and link the [policy](https://example.com/policy).\n\nA second paragraph, with an indented code line:\n\n    make freeze VERSION=1.2.3');
        const submit = t.phases[1].steps[0];
        expect(submit.announcement).toEqual({channelSetting: 'ReleaseDiscussionChannel', message: 'Submitted {{version}} for review on {{releaseDay}}.\n\n  Indented follow-up line.'});
        expect(submit.substeps.map((s) => s.id)).toEqual(['upload-ios', 'upload-android', 'ping-reviewers']);
        expect(submit.substeps.every((s) => s.role === 'store-ops')).toBe(true);
        expect(submit.substeps[0]).toMatchObject({description: 'Use the release signing key.', due: {offset: {unit: 'working', days: 0}, time: '10:00', zone: 'Asia/Tokyo'}});
        expect(submit.substeps[1].due).toEqual({offset: {unit: 'working', days: 0}, zone: 'Asia/Kolkata'});
        expect(submit.substeps[2]).toMatchObject({condition: 'hotfix', approval: true, recurring: 'daily'});
    });

    it('keeps phases with labels, numbers, no label, and calendar offsets', () => {
        const t = parsed(sources['mobile-release.md']);
        expect(t.phases.map((p) => [p.id, p.label, p.title, p.offset])).toEqual([
            ['freeze', '1', 'Freeze', {unit: 'working', days: -5}],
            ['submit', '', 'Submit', {unit: 'working', days: 0}],
            ['follow-up', '', 'Follow-up', {unit: 'calendar', days: 14}],
        ]);
        expect(t.phases[2].steps[1].due).toEqual({offset: {unit: 'calendar', days: -1}});
    });

    it('keeps a role that comes back later in a phase as its own group', () => {
        const t = parsed(sources['mobile-release.md']);
        expect(t.phases[0].steps.map((s) => s.role)).toEqual(['owner', 'owner', 'reviewer', 'owner']);
    });
});

describe('non-canonical input', () => {
    const loose = [
        '\uFEFF# Loose one',
        '',
        'Conditions:',
        '- late: Is it late?',
        '',
        '## A. Start (T-2)',
        '**Dev:**',
        '* Write code',
        '    * Write tests {if: late}',
        '',
        '      They matter.',
        '1. Fix bugs {due: T+0 12:00}',
        '### qa',
        '- Test\t',
    ].join('\r\n');

    it('is read with other bullets, bold roles, CRLF, 4-space sub-steps and derived ids', () => {
        const t = parsed(loose);
        expect(t.id).toBe('loose-one');
        expect(t.roles.map((r) => r.id)).toEqual(['release-manager', 'dev', 'build', 'qa', 'logistics', 'marketing']);
        expect(t.phases[0].steps.map((s) => [s.id, s.role])).toEqual([['write-code', 'dev'], ['fix-bugs', 'dev'], ['test', 'qa']]);
        expect(t.phases[0].steps[0].substeps[0]).toEqual({id: 'write-tests', title: 'Write tests', role: 'dev', condition: 'late', description: 'They matter.', substeps: []});
    });

    it('exports to the canonical form, which is then stable', () => {
        const once = exportTemplate(parsed(loose));
        expect(once).toContain('### Dev\n\n- Write code {#write-code}\n  - Write tests {#write-tests} {if: late}\n    They matter.\n- Fix bugs {#fix-bugs} {due: T-0 12:00}\n');
        expect(exportTemplate(parsed(once))).toBe(once);
        expect(parsed(once)).toEqual(parsed(loose));
    });
});

describe('bold lines', () => {
    it('are description text before the first phase and roles after it', () => {
        const t = parsed('# B\n\n**Important:**\nRead this.\n\n## A. Go (T-0)\n\n**QA**\n\n- Check {#check}\n');
        expect(t.description).toBe('**Important:**\nRead this.');
        expect(t.phases[0].steps[0].role).toBe('qa');
    });
});

describe('export of a template built in code', () => {
    it('round-trips through Markdown', () => {
        const t: Template = {
            schemaVersion: 1,
            id: 'built',
            name: 'Built in code',
            description: 'Line one\nline two',
            roles: [{id: 'dev', name: 'Dev'}],
            conditions: [{id: 'c1', question: 'Yes: or no?'}],
            phases: [{
                id: 'only', label: 'Z', title: 'Only', offset: {unit: 'calendar', days: -3},
                steps: [{
                    id: 's1', title: 'Step one', role: 'dev', condition: 'c1', approval: true, recurring: 'daily',
                    due: {offset: {unit: 'working', days: 2}, time: '23:59', zone: 'UTC'},
                    announcement: {channelSetting: 'InstallersChannel', message: '{{version}}\n\n{{channel}}'},
                    description: 'Why.',
                    substeps: [{id: 's2', title: 'Step two', role: 'dev', substeps: []}],
                }],
            }],
        };
        expect(parsed(exportTemplate(t))).toEqual(t);
    });
});
