// The go-plugin start-up contract on the plugin side: refuse to run without the host's
// magic cookie (with the message a Go plugin prints), pick the app protocol version the
// host offers, and format the one stdout line the host parses. See docs/mattermost-rpc.md §1.

export const CORE_PROTOCOL_VERSION = 1;

export interface HandshakeConfig {
    protocolVersion: number;
    magicCookieKey: string;
    magicCookieValue: string;
}

/** Mattermost's HandshakeConfig (server/public/plugin/api.go). */
export const MATTERMOST_HANDSHAKE: HandshakeConfig = {
    protocolVersion: 1,
    magicCookieKey: 'MATTERMOST_PLUGIN',
    magicCookieValue: 'Securely message teams, anywhere.',
};

/** What go-plugin's Serve prints to stderr (then exits 1) when started without the cookie. */
export const NOT_STARTED_BY_HOST_MESSAGE =
    'This binary is a plugin. These are not meant to be executed directly.\n' +
    'Please execute the program that consumes these plugins, which will\n' +
    'load any plugins automatically\n';

export type Env = Record<string, string | undefined>;

/** null when the cookie matches, else the message to print before exiting with status 1. */
export function checkCookie(env: Env, config: HandshakeConfig = MATTERMOST_HANDSHAKE): string | null {
    return env[config.magicCookieKey] === config.magicCookieValue ? null : NOT_STARTED_BY_HOST_MESSAGE;
}

export interface VersionChoice {
    version: number;
    /** Entries of PLUGIN_PROTOCOL_VERSIONS that were not integers (go-plugin warns and skips them). */
    invalid: string[];
}

/**
 * The newest of our versions the host lists in PLUGIN_PROTOCOL_VERSIONS; like go-plugin,
 * falls back to our lowest version (the host then reports the mismatch) when none match
 * or the host sent no list.
 */
export function negotiateVersion(env: Env, supported: number[] = [MATTERMOST_HANDSHAKE.protocolVersion]): VersionChoice {
    if (supported.length === 0) {
        throw new RangeError('negotiateVersion needs at least one supported version');
    }
    const ours = [...supported].sort((a, b) => b - a);
    const invalid: string[] = [];
    const offered = new Set<number>();
    for (const part of (env.PLUGIN_PROTOCOL_VERSIONS ?? '').split(',')) {
        if (part === '') {
            continue;
        }
        if (/^-?\d+$/.test(part.trim())) {
            offered.add(Number(part.trim()));
        } else {
            invalid.push(part);
        }
    }
    const match = ours.find((v) => offered.has(v));
    return {version: match ?? ours[ours.length - 1], invalid};
}

/**
 * The handshake line: CORE|APP|NETWORK|ADDRESS|PROTOCOL|SERVER-CERT, newline-terminated.
 * The cert field stays empty (no AutoMTLS). Addresses containing '|' or a newline would
 * break the host's parser, so they are refused.
 */
export function handshakeLine(appVersion: number, network: 'unix' | 'tcp', address: string): string {
    if (/[|\r\n]/.test(address)) {
        throw new RangeError(`plugin address ${JSON.stringify(address)} cannot be announced: it contains '|' or a newline`);
    }
    return `${CORE_PROTOCOL_VERSION}|${appVersion}|${network}|${address}|netrpc|\n`;
}
