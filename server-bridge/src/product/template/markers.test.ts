import {formatStepMarkers, readStepMarkers, splitMarkers} from './markers';
import {slugify} from './slug';

describe('splitMarkers', () => {
    it('takes {...} groups from the end of the line only', () => {
        expect(splitMarkers('Post it {#post} {approval}')).toEqual({text: 'Post it', markers: ['#post', 'approval']});
        expect(splitMarkers('Release {{version}}')).toEqual({text: 'Release {{version}}', markers: []});
        expect(splitMarkers('Release {{version}} {#r}')).toEqual({text: 'Release {{version}}', markers: ['#r']});
        expect(splitMarkers('a{b}')).toEqual({text: 'a{b}', markers: []});
        expect(splitMarkers('{#only}')).toEqual({text: '', markers: ['#only']});
    });
});

describe('readStepMarkers', () => {
    it('reads every marker kind', () => {
        const {markers, errors} = readStepMarkers(['#x', 'if: c', 'approval', 'daily', 'due: T+1 08:00 UTC', 'announce: InstallersChannel'], new Set(['c']));
        expect(errors).toEqual([]);
        expect(markers).toEqual({id: 'x', condition: 'c', approval: true, recurring: 'daily', due: {offset: {unit: 'working', days: 1}, time: '08:00', zone: 'UTC'}, announce: 'InstallersChannel'});
        expect(formatStepMarkers(markers)).toBe(' {#x} {if: c} {approval} {daily} {due: T+1 08:00 UTC} {announce: InstallersChannel}');
    });
});

describe('slugify', () => {
    it('makes lowercase hyphenated ids, folding accents', () => {
        expect(slugify('Update the Changelog')).toBe('update-the-changelog');
        expect(slugify('  Prüfe die Signaturen (GPG)! ')).toBe('prufe-die-signaturen-gpg');
        expect(slugify('???')).toBe('');
    });

    it('cuts long titles at a word boundary within 64 characters', () => {
        const slug = slugify('Prepare blog post for mattermost.com, MailChimp email blast, and Twitter announcement');
        expect(slug.length).toBeLessThanOrEqual(64);
        expect(slug).toBe('prepare-blog-post-for-mattermost-com-mailchimp-email-blast-and');
    });
});
