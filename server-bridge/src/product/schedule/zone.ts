// Time zone names are checked with luxon (backed by the platform's Intl data), never by
// a hand-kept list, so new IANA zones work as soon as the runtime knows them.
import {IANAZone} from 'luxon';

/** Longest IANA name is well under this; anything longer is junk, not a zone. */
const MAX_ZONE_LENGTH = 64;

/** Asking Intl builds a formatter each time; answers are cached, in a bounded map. */
const known = new Map<string, boolean>();
const MAX_CACHED = 1000;

export function isValidTimeZone(zone: unknown): zone is string {
    if (typeof zone !== 'string' || zone.length === 0 || zone.length > MAX_ZONE_LENGTH) {
        return false;
    }
    let valid = known.get(zone);
    if (valid === undefined) {
        valid = IANAZone.isValidZone(zone);
        if (known.size >= MAX_CACHED) {
            known.clear();
        }
        known.set(zone, valid);
    }
    return valid;
}
