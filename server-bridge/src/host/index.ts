// The host side of the bridge (what Mattermost does), used by the preview host and tests.
export {PluginHost, type PluginHostOptions} from './plugin-host';
export {parseHandshake, HandshakeError, type Handshake} from './handshake-line';
export {MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, START_TIMEOUT_MS, type HostLog} from './launch';
