// Session settings. Defaults are hashicorp/yamux's DefaultConfig, plus a cap on open streams
// that Go does not have: each stream may hold a full window of unread data, so the cap is
// what bounds a session's memory when a peer opens streams without end.

import {INITIAL_STREAM_WINDOW, MAX_UINT32} from './frame';

export type YamuxLogLevel = 'debug' | 'warn' | 'error';
export type YamuxLogger = (level: YamuxLogLevel, message: string) => void;

export interface YamuxConfig {
    /** Streams the peer opened that wait for accept(); beyond it new streams are reset. Also caps our own unacknowledged opens. */
    acceptBacklog: number;
    enableKeepAlive: boolean;
    keepAliveIntervalMs: number;
    /** How long a ping (and so a keepalive) waits for its answer. */
    connectionWriteTimeoutMs: number;
    /** Receive window per stream; at least the initial 256 KiB. */
    maxStreamWindowSize: number;
    /** Open streams (both directions) at most; further incoming streams are reset. */
    maxStreams: number;
    /** Control frames (window updates, pings, resets) written but not yet flushed before we stop reading the connection. */
    maxPendingControlFrames: number;
    /** Bytes queued on the connection before stream writers wait for it to drain. */
    maxWriteQueueBytes: number;
    logger: YamuxLogger;
}

export const stderrLogger: YamuxLogger = (level, message) => {
    if (level !== 'debug') {
        process.stderr.write(`[${level.toUpperCase()}] yamux: ${message}\n`);
    }
};

export function defaultConfig(): YamuxConfig {
    return {
        acceptBacklog: 256,
        enableKeepAlive: true,
        keepAliveIntervalMs: 30_000,
        connectionWriteTimeoutMs: 10_000,
        maxStreamWindowSize: INITIAL_STREAM_WINDOW,
        maxStreams: 1024,
        maxPendingControlFrames: 1024,
        maxWriteQueueBytes: 1024 * 1024,
        logger: stderrLogger,
    };
}

/** Fills defaults and rejects settings Go's VerifyConfig would reject. */
export function resolveConfig(partial: Partial<YamuxConfig> = {}): YamuxConfig {
    const cfg = {...defaultConfig(), ...partial};
    const positiveInt = (name: keyof YamuxConfig, v: number) => {
        if (!Number.isInteger(v) || v <= 0) {
            throw new RangeError(`yamux config: ${name} must be a positive integer, got ${v}`);
        }
    };
    positiveInt('acceptBacklog', cfg.acceptBacklog);
    positiveInt('keepAliveIntervalMs', cfg.keepAliveIntervalMs);
    positiveInt('connectionWriteTimeoutMs', cfg.connectionWriteTimeoutMs);
    positiveInt('maxStreams', cfg.maxStreams);
    positiveInt('maxPendingControlFrames', cfg.maxPendingControlFrames);
    positiveInt('maxWriteQueueBytes', cfg.maxWriteQueueBytes);
    if (!Number.isInteger(cfg.maxStreamWindowSize) || cfg.maxStreamWindowSize < INITIAL_STREAM_WINDOW || cfg.maxStreamWindowSize > MAX_UINT32) {
        throw new RangeError(`yamux config: maxStreamWindowSize must be between ${INITIAL_STREAM_WINDOW} and ${MAX_UINT32}`);
    }
    return cfg;
}
