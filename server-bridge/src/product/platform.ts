// The small interface between the product and Mattermost. The product implements
// `ProductHooks` and calls `PlatformApi`; the Mattermost layer of the bridge implements
// PlatformApi over the real plugin RPC API, and tests and the preview host use in-memory
// implementations with the same semantics. Nothing here knows about gob or yamux.

/** Mattermost's plugin KV semantics (KVGet, KVSet, KVSetWithOptions, KVDelete, KVList). */
export interface KVSetOptions {
    /** Compare-and-set: write only if the current value equals `oldValue` (null: key absent). */
    atomic?: boolean;
    oldValue?: Uint8Array | null;
    /** 0 or absent: no expiry. */
    expireInSeconds?: number;
}

export interface KVStore {
    /** null when the key is absent or expired. */
    get(key: string): Promise<Uint8Array | null>;
    /** A null value deletes the key. */
    set(key: string, value: Uint8Array | null): Promise<void>;
    /** Resolves false when an atomic write lost (current value differed from oldValue). */
    setWithOptions(key: string, value: Uint8Array | null, options: KVSetOptions): Promise<boolean>;
    delete(key: string): Promise<void>;
    /** Keys in ascending order, `perPage` at a time, page from 0. */
    listKeys(page: number, perPage: number): Promise<string[]>;
}

export interface PlatformUser {
    id: string;
    username: string;
    firstName: string;
    lastName: string;
    nickname: string;
    email?: string;
    isBot: boolean;
    /** IANA zone the user chose, when known. */
    timeZone?: string;
    deleteAt: number;
}

export interface PlatformChannel {
    id: string;
    teamId: string;
    name: string;
    displayName: string;
    /** 'O' open, 'P' private, 'D' direct, 'G' group. */
    type: string;
}

export interface PlatformTeam {
    id: string;
    name: string;
    displayName: string;
}

export interface PlatformPost {
    id?: string;
    channelId: string;
    userId: string;
    message: string;
    rootId?: string;
    createAt?: number;
    props?: Record<string, unknown>;
    /** As the server has it; updatePost never changes it. */
    isPinned?: boolean;
}

export interface WebSocketBroadcast {
    channelId?: string;
    userId?: string;
}

export interface Logger {
    debug(message: string, fields?: Record<string, unknown>): void;
    info(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
    error(message: string, fields?: Record<string, unknown>): void;
}

export interface SlashCommandSpec {
    trigger: string;
    displayName: string;
    description: string;
    autoCompleteDesc: string;
    autoCompleteHint: string;
    /** Mattermost's model.AutocompleteData tree, as plain JSON. */
    autocompleteData?: unknown;
}

/** One choice of a dialog select (Mattermost's model.PostActionOptions). */
export interface DialogOption {
    text: string;
    value: string;
}

/**
 * One input of an interactive dialog (model.DialogElement). Mattermost limits: display name
 * 24 characters, help text 150, a text default or placeholder 150, a textarea's 3000.
 */
export interface DialogElement {
    displayName: string;
    /** The key of this input's value in the submission. */
    name: string;
    type: 'text' | 'textarea' | 'select' | 'bool' | 'radio';
    subType?: string;
    default?: string;
    placeholder?: string;
    helpText?: string;
    optional?: boolean;
    minLength?: number;
    maxLength?: number;
    dataSource?: string;
    options?: DialogOption[];
}

/** model.Dialog: the form Mattermost shows (also on mobile, where no webapp code runs). */
export interface InteractiveDialog {
    callbackId: string;
    /** At most 24 characters. */
    title: string;
    introductionText: string;
    elements: DialogElement[];
    submitLabel: string;
    notifyOnCancel: boolean;
    /** Echoed back unchanged in the submission. */
    state: string;
}

/** model.OpenDialogRequest: the trigger id of the command or action, and where Mattermost posts the submission. */
export interface OpenDialogRequest {
    triggerId: string;
    /** A plugin's own routes are given as '/plugins/<plugin id>/<path>'. */
    url: string;
    dialog: InteractiveDialog;
}

export interface PlatformApi {
    kv: KVStore;
    log: Logger;
    /** The plugin's settings as saved in the System Console (raw values). */
    loadPluginConfiguration(): Promise<Record<string, unknown>>;
    getSiteURL(): Promise<string>;
    getServerVersion(): Promise<string>;

    getUser(userId: string): Promise<PlatformUser | null>;
    getUserByUsername(username: string): Promise<PlatformUser | null>;
    getChannel(channelId: string): Promise<PlatformChannel | null>;
    /** Mattermost's GetChannelByNameForTeamName (deleted channels excluded). */
    getChannelByNameForTeamName(teamName: string, channelName: string): Promise<PlatformChannel | null>;
    getTeam(teamId: string): Promise<PlatformTeam | null>;
    /** True when the user is a member of the channel. */
    isChannelMember(channelId: string, userId: string): Promise<boolean>;
    /** Mattermost permission check, e.g. 'manage_system'. */
    hasPermission(userId: string, permission: string): Promise<boolean>;

    createPost(post: PlatformPost): Promise<PlatformPost>;
    /**
     * Changes a post's message and props only: every other field (pinned, reactions, files)
     * stays as the server has it.
     */
    updatePost(post: PlatformPost): Promise<PlatformPost>;
    getPost(postId: string): Promise<PlatformPost | null>;
    sendEphemeralPost(userId: string, post: PlatformPost): Promise<void>;
    getDirectChannel(userId1: string, userId2: string): Promise<PlatformChannel>;

    /** Sent to clients as `custom_<plugin id>_<event>`. */
    publishWebSocketEvent(event: string, payload: Record<string, unknown>, broadcast: WebSocketBroadcast): Promise<void>;

    /** Creates the plugin's bot once, reuses it after; returns its user id. */
    ensureBot(bot: {username: string; displayName: string; description: string; iconPng?: Uint8Array}): Promise<string>;
    registerCommand(command: SlashCommandSpec): Promise<void>;
    /** Opens a dialog for the user whose command or action gave the trigger id (valid for a few seconds). */
    openInteractiveDialog(request: OpenDialogRequest): Promise<void>;
}
