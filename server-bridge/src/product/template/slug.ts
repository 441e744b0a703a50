// Ids are lowercase slugs: readable in URLs, slash commands and KV keys.
import {MAX_ID_LENGTH} from './limits';

const ID_FORMAT = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isValidId(id: string): boolean {
    return id.length <= MAX_ID_LENGTH && ID_FORMAT.test(id);
}

/**
 * 'Update the Changelog' -> 'update-the-changelog'. Accents are folded, everything else
 * that is not a letter or digit separates words; long slugs are cut at a word boundary.
 * Empty when the text has no letters or digits at all.
 */
export function slugify(text: string): string {
    const words = text
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w !== '');
    let slug = '';
    for (const word of words) {
        const next = slug === '' ? word : `${slug}-${word}`;
        if (next.length > MAX_ID_LENGTH) {
            return slug === '' ? word.slice(0, MAX_ID_LENGTH) : slug;
        }
        slug = next;
    }
    return slug;
}
