// yamux: stream multiplexing compatible with hashicorp/yamux. See docs/yamux.md.
export {YamuxSession} from './session';
export type {YamuxRole} from './session';
export {YamuxStream, StreamState} from './stream';
export {defaultConfig, resolveConfig, stderrLogger} from './config';
export type {YamuxConfig, YamuxLogger, YamuxLogLevel} from './config';
export {YamuxError} from './errors';
export type {YamuxErrorCode} from './errors';
export {INITIAL_STREAM_WINDOW, HEADER_SIZE, FrameType, Flag, GoAwayCode, encodeHeader, decodeHeader} from './frame';
