// The preview's local state as one JSON file under the data directory: read once at start
// (a missing file is a fresh start; an unreadable one is kept aside, never overwritten),
// written atomically (temporary file, then rename) shortly after each change, so a crash
// or restart of the preview loses at most the last few milliseconds.
import {mkdirSync, readFileSync, renameSync, writeFileSync, existsSync} from 'node:fs';
import {join} from 'node:path';

export interface StoredKVEntry {
    /** base64 of the value bytes. */
    v: string;
    /** Milliseconds since the epoch; 0 never expires. */
    exp: number;
}

export interface StoredPost {
    id: string;
    channelId: string;
    userId: string;
    message: string;
    rootId?: string;
    createAt: number;
    props?: Record<string, unknown>;
}

export interface StoredChannel {
    id: string;
    teamId: string;
    name: string;
    displayName: string;
    type: string;
    members: string[];
}

export interface PreviewState {
    version: 1;
    kv: Record<string, StoredKVEntry>;
    posts: StoredPost[];
    /** Channels made at run time (direct message channels). */
    channels: StoredChannel[];
    config: Record<string, unknown>;
    bot: {id: string; username: string; displayName: string} | null;
}

export function emptyState(): PreviewState {
    return {version: 1, kv: {}, posts: [], channels: [], config: {}, bot: null};
}

/** Checks the outer shape only; inner records are checked where they are used. */
function parseState(text: string): PreviewState {
    const raw = JSON.parse(text) as Partial<PreviewState> | null;
    if (!raw || typeof raw !== 'object' || raw.version !== 1) {
        throw new Error('not a version 1 preview state');
    }
    const state = emptyState();
    state.kv = raw.kv && typeof raw.kv === 'object' ? raw.kv : {};
    state.posts = Array.isArray(raw.posts) ? raw.posts : [];
    state.channels = Array.isArray(raw.channels) ? raw.channels : [];
    state.config = raw.config && typeof raw.config === 'object' ? raw.config : {};
    state.bot = raw.bot && typeof raw.bot === 'object' && typeof raw.bot.id === 'string' ? raw.bot : null;
    return state;
}

export class StateFile {
    readonly path: string;
    private timer: NodeJS.Timeout | null = null;

    constructor(dataDir: string, private readonly snapshot: () => PreviewState, private readonly delayMs = 50) {
        mkdirSync(dataDir, {recursive: true});
        this.path = join(dataDir, 'state.json');
    }

    /** The saved state, or an empty one. A corrupt file is renamed aside with a warning. */
    load(warn: (message: string) => void): PreviewState {
        if (!existsSync(this.path)) {
            return emptyState();
        }
        try {
            return parseState(readFileSync(this.path, 'utf8'));
        } catch (err) {
            const aside = `${this.path}.bad-${Date.now()}`;
            renameSync(this.path, aside);
            warn(`preview state ${this.path} could not be read (${err instanceof Error ? err.message : String(err)}); kept as ${aside}, starting empty`);
            return emptyState();
        }
    }

    /** Schedules a write; many changes in a burst make one write. */
    changed(): void {
        if (this.timer) {
            return;
        }
        this.timer = setTimeout(() => {
            this.timer = null;
            this.flush();
        }, this.delayMs);
    }

    flush(): void {
        if (this.timer) {
            clearTimeout(this.timer);
            this.timer = null;
        }
        const tmp = `${this.path}.tmp`;
        writeFileSync(tmp, JSON.stringify(this.snapshot()));
        renameSync(tmp, this.path);
    }
}
