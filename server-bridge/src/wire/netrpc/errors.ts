// Errors a net/rpc call can end with, named after Go's.

/** The server answered with an error string (Go's rpc.ServerError). */
export class RpcServerError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'ServerError';
    }
}

/** The connection ended (Go's rpc.ErrShutdown, or io.ErrUnexpectedEOF when the peer hung up). */
export class RpcConnectionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'RpcConnectionError';
    }
}

export type RpcLogger = (level: 'debug' | 'warn' | 'error', message: string) => void;

export const stderrRpcLogger: RpcLogger = (level, message) => {
    if (level !== 'debug') {
        process.stderr.write(`[${level.toUpperCase()}] rpc: ${message}\n`);
    }
};
