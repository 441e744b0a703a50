// Go net/rpc client over any duplex stream (a yamux stream, a socket). Calls may overlap;
// replies are matched by sequence number. When the connection ends every pending call fails:
// "connection is shut down" after close(), "unexpected EOF" when the peer went away.

import {Duplex} from 'stream';
import {GobDecoder, GobError, GobLimits, GobRegistry, Infer, Schema} from '../gob';
import {RpcWriter} from './codec';
import {RpcConnectionError, RpcLogger, RpcServerError, stderrRpcLogger} from './errors';
import {RequestHeader, ResponseHeader, rpcText} from './messages';

export interface RpcClientOptions {
    registry?: GobRegistry;
    limits?: Partial<GobLimits>;
    logger?: RpcLogger;
}

interface PendingCall {
    reply: Schema;
    resolve: (value: unknown) => void;
    reject: (err: Error) => void;
}

type ReadState =
    | {kind: 'header'}
    | {kind: 'body'; call: PendingCall}
    | {kind: 'skip'};

export class RpcClient {
    /** Resolves when the connection has ended (the reason, or null after close()). */
    readonly closed: Promise<Error | null>;
    private readonly writer: RpcWriter;
    private readonly decoder: GobDecoder;
    private readonly pending = new Map<number, PendingCall>();
    private readonly logger: RpcLogger;
    private seq = 0;
    private state: ReadState = {kind: 'header'};
    private shutdown: Error | null = null;
    private closing = false;
    private resolveClosed!: (reason: Error | null) => void;

    constructor(private readonly stream: Duplex, options: RpcClientOptions = {}) {
        this.logger = options.logger ?? stderrRpcLogger;
        this.writer = new RpcWriter(stream, {registry: options.registry, limits: options.limits});
        this.decoder = new GobDecoder({registry: options.registry, limits: options.limits});
        this.closed = new Promise((resolve) => {
            this.resolveClosed = resolve;
        });
        stream.on('data', (chunk: Buffer) => this.onData(chunk));
        stream.on('end', () => this.terminate(new RpcConnectionError(this.closing ? rpcText.shutdown : rpcText.unexpectedEOF)));
        stream.on('close', () => this.terminate(new RpcConnectionError(this.closing ? rpcText.shutdown : rpcText.unexpectedEOF)));
        stream.on('error', (err: Error) => this.terminate(err));
    }

    get pendingCalls(): number {
        return this.pending.size;
    }

    /** Calls "Service.Method" with args encoded by `argSchema`; resolves with the reply decoded by `replySchema`. */
    call<A extends Schema, R extends Schema>(serviceMethod: string, argSchema: A, args: Infer<A>, replySchema: R): Promise<Infer<R>> {
        if (this.shutdown || this.closing) {
            return Promise.reject(new RpcConnectionError(rpcText.shutdown));
        }
        const seq = this.seq++;
        return new Promise<Infer<R>>((resolve, reject) => {
            this.pending.set(seq, {reply: replySchema, resolve: resolve as (v: unknown) => void, reject});
            try {
                this.writer.write(RequestHeader, {ServiceMethod: serviceMethod, Seq: seq}, argSchema, args);
            } catch (err) {
                this.pending.delete(seq);
                reject(err instanceof Error ? err : new Error(String(err)));
            }
        });
    }

    /** Like Go's Close: fails pending calls with "connection is shut down" and half-closes the stream. */
    close(): void {
        if (!this.closing && !this.shutdown) {
            this.closing = true;
            this.terminate(new RpcConnectionError(rpcText.shutdown));
            this.stream.end();
        }
    }

    private onData(chunk: Buffer): void {
        if (this.shutdown) {
            return;
        }
        this.decoder.push(chunk);
        try {
            this.pump();
        } catch (err) {
            const e = err instanceof Error ? err : new Error(String(err));
            this.logger('error', `client protocol error: ${e.message}`);
            this.terminate(e);
            this.stream.destroy();
        }
    }

    private pump(): void {
        for (;;) {
            const state = this.state;
            if (state.kind === 'header') {
                const r = this.decoder.next(ResponseHeader);
                if (!r) {
                    return;
                }
                const seq = r.value.Seq;
                const call = typeof seq === 'number' ? this.pending.get(seq) : undefined;
                if (call) {
                    this.pending.delete(seq as number);
                }
                if (!call) {
                    this.state = {kind: 'skip'};
                } else if (r.value.Error !== '') {
                    call.reject(new RpcServerError(r.value.Error));
                    this.state = {kind: 'skip'};
                } else {
                    this.state = {kind: 'body', call};
                }
            } else if (state.kind === 'skip') {
                if (!this.decoder.skip()) {
                    return;
                }
                this.state = {kind: 'header'};
            } else {
                let r: {value: unknown} | undefined;
                try {
                    r = this.decoder.next(state.call.reply);
                } catch (err) {
                    if (err instanceof GobError && !err.fatal) {
                        // The decoder skipped the value; only this call fails.
                        state.call.reject(new Error(`reading body ${err.message}`));
                        this.state = {kind: 'header'};
                        continue;
                    }
                    throw err;
                }
                if (!r) {
                    return;
                }
                this.state = {kind: 'header'};
                state.call.resolve(r.value);
            }
        }
    }

    private failPending(err: Error): void {
        for (const call of this.pending.values()) {
            call.reject(err);
        }
        this.pending.clear();
        if (this.state.kind === 'body') {
            // Its reply is still to be read: skip it when it comes.
            this.state.call.reject(err);
            this.state = {kind: 'skip'};
        }
    }

    private terminate(reason: Error): void {
        if (this.shutdown) {
            return;
        }
        this.shutdown = reason;
        this.failPending(reason);
        this.resolveClosed(this.closing ? null : reason);
    }
}
