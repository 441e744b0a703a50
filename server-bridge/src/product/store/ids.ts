// Record ids in Mattermost's style: 26 characters of lower-case base32.
import {randomBytes} from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export function newId(): string {
    const bytes = randomBytes(26);
    let id = '';
    for (const b of bytes) {
        id += ALPHABET[b & 31];
    }
    return id;
}
