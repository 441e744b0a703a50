// Error values of the yamux layer. Messages match hashicorp/yamux's so logs read the same on
// both sides of a connection; `code` is for programs.

export type YamuxErrorCode =
    | 'ERR_INVALID_VERSION'
    | 'ERR_INVALID_MSG_TYPE'
    | 'ERR_SESSION_SHUTDOWN'
    | 'ERR_STREAMS_EXHAUSTED'
    | 'ERR_DUPLICATE_STREAM'
    | 'ERR_RECV_WINDOW_EXCEEDED'
    | 'ERR_TIMEOUT'
    | 'ERR_STREAM_CLOSED'
    | 'ERR_UNEXPECTED_FLAG'
    | 'ERR_REMOTE_GOAWAY'
    | 'ERR_CONNECTION_RESET'
    | 'ERR_KEEPALIVE_TIMEOUT'
    | 'ERR_PROTOCOL'
    | 'ERR_REMOTE_PROTOCOL'
    | 'ERR_REMOTE_INTERNAL'
    | 'ERR_REMOTE_UNEXPECTED_GOAWAY'
    | 'ERR_INTERNAL';

export class YamuxError extends Error {
    readonly code: YamuxErrorCode;

    constructor(code: YamuxErrorCode, message: string) {
        super(message);
        this.name = 'YamuxError';
        this.code = code;
    }
}

export const errors = {
    invalidVersion: (v: number) => new YamuxError('ERR_INVALID_VERSION', `invalid protocol version ${v}`),
    invalidMsgType: (t: number) => new YamuxError('ERR_INVALID_MSG_TYPE', `invalid msg type ${t}`),
    sessionShutdown: () => new YamuxError('ERR_SESSION_SHUTDOWN', 'session shutdown'),
    streamsExhausted: () => new YamuxError('ERR_STREAMS_EXHAUSTED', 'streams exhausted'),
    duplicateStream: (id: number) => new YamuxError('ERR_DUPLICATE_STREAM', `duplicate stream initiated (stream ${id})`),
    recvWindowExceeded: (id: number, remain: number, recv: number) =>
        new YamuxError('ERR_RECV_WINDOW_EXCEEDED', `recv window exceeded (stream: ${id}, remain: ${remain}, recv: ${recv})`),
    timeout: () => new YamuxError('ERR_TIMEOUT', 'i/o deadline reached'),
    streamClosed: () => new YamuxError('ERR_STREAM_CLOSED', 'stream closed'),
    unexpectedFlag: (id: number, state: string) => new YamuxError('ERR_UNEXPECTED_FLAG', `unexpected flag (stream ${id} in state ${state})`),
    remoteGoAway: () => new YamuxError('ERR_REMOTE_GOAWAY', 'remote end is not accepting connections'),
    connectionReset: () => new YamuxError('ERR_CONNECTION_RESET', 'connection reset'),
    keepAliveTimeout: () => new YamuxError('ERR_KEEPALIVE_TIMEOUT', 'keepalive timeout'),
    protocol: (detail: string) => new YamuxError('ERR_PROTOCOL', `yamux protocol violation: ${detail}`),
    remoteProtocol: () => new YamuxError('ERR_REMOTE_PROTOCOL', 'yamux protocol error'),
    remoteInternal: () => new YamuxError('ERR_REMOTE_INTERNAL', 'remote yamux internal error'),
    remoteUnexpectedGoAway: (code: number) => new YamuxError('ERR_REMOTE_UNEXPECTED_GOAWAY', `unexpected go away received (code ${code})`),
    internal: (detail: string) => new YamuxError('ERR_INTERNAL', `yamux internal error: ${detail}`),
};
