// Go net/rpc server over any duplex stream: a registry of named services whose methods are
// async functions, answering "Service.Method" requests. Unknown services and methods, and
// arguments that do not decode, get an error reply with Go's wording, and the request body is
// skipped so the connection carries on. Calls run concurrently; past maxConcurrentCalls, or
// while replies wait in the stream's write buffer because the caller does not read them, the
// server stops reading the stream, which pushes back on the caller.

import {Duplex} from 'stream';
import {GobDecoder, GobError, GobLimits, GobRegistry, Infer, Schema} from '../gob';
import {RpcWriter} from './codec';
import {RpcLogger, stderrRpcLogger} from './errors';
import {EmptyBody, RequestHeader, ResponseHeader, rpcText} from './messages';

export interface RpcMethod<A extends Schema = Schema, R extends Schema = Schema> {
    args: A;
    reply: R;
    handler: (args: Infer<A>) => Promise<Infer<R>> | Infer<R>;
}

/** Typed helper: the handler's argument and result follow the schemas. */
export function rpcMethod<A extends Schema, R extends Schema>(args: A, reply: R, handler: (args: Infer<A>) => Promise<Infer<R>> | Infer<R>): RpcMethod {
    return {args, reply, handler} as unknown as RpcMethod;
}

export interface RpcServeOptions {
    registry?: GobRegistry;
    limits?: Partial<GobLimits>;
    logger?: RpcLogger;
    maxConcurrentCalls?: number;
}

interface Header {
    ServiceMethod: string;
    Seq: number | bigint;
}

type ReadState =
    | {kind: 'header'}
    | {kind: 'body'; header: Header; method: RpcMethod}
    | {kind: 'skip'; header: Header; error: string}
    | {kind: 'stopped'};

// The states without data, shared rather than made per call.
const AT_HEADER: ReadState = {kind: 'header'};
const STOPPED: ReadState = {kind: 'stopped'};

function isThenable(v: unknown): v is PromiseLike<unknown> {
    return typeof (v as {then?: unknown} | null)?.then === 'function';
}

export class RpcServer {
    private readonly services = new Map<string, Map<string, RpcMethod>>();
    /** Methods found by their full "Service.Method" name (only names that exist: bounded). */
    private readonly found = new Map<string, RpcMethod>();

    /** Publishes methods under `name`, called as "name.Method". */
    register(name: string, methods: Record<string, RpcMethod>): void {
        if (name === '' || name.includes('.')) {
            throw new Error(`rpc: bad service name ${JSON.stringify(name)}`);
        }
        if (this.services.has(name)) {
            throw new Error(`rpc: service already defined: ${name}`);
        }
        this.services.set(name, new Map(Object.entries(methods)));
    }

    /** Go's readRequestHeader lookup, with Go's error texts. */
    lookup(serviceMethod: string): RpcMethod | string {
        const known = this.found.get(serviceMethod);
        if (known) {
            return known;
        }
        const method = this.lookupUncached(serviceMethod);
        if (typeof method !== 'string') {
            this.found.set(serviceMethod, method);
        }
        return method;
    }

    private lookupUncached(serviceMethod: string): RpcMethod | string {
        const dot = serviceMethod.lastIndexOf('.');
        if (dot < 0) {
            return rpcText.illFormed(serviceMethod);
        }
        const service = this.services.get(serviceMethod.slice(0, dot));
        if (!service) {
            return rpcText.noService(serviceMethod);
        }
        return service.get(serviceMethod.slice(dot + 1)) ?? rpcText.noMethod(serviceMethod);
    }

    /** Serves one connection until the peer ends it; resolves when all replies are written. */
    serveConn(stream: Duplex, options: RpcServeOptions = {}): Promise<void> {
        return new ServerConnection(this, stream, options).done;
    }
}

class ServerConnection {
    readonly done: Promise<void>;
    private readonly writer: RpcWriter;
    private readonly decoder: GobDecoder;
    private readonly logger: RpcLogger;
    private readonly maxInflight: number;
    private state: ReadState = AT_HEADER;
    private inflight = 0;
    /** Reading is held: too many calls running, or replies backed up (writeBlocked). */
    private paused = false;
    private writeBlocked = false;
    private inputEnded = false;
    private finished = false;
    /** pump() is running (maybeFinish waits for it). */
    private pumping = false;
    private resolveDone!: () => void;

    constructor(private readonly server: RpcServer, private readonly stream: Duplex, options: RpcServeOptions) {
        this.logger = options.logger ?? stderrRpcLogger;
        this.maxInflight = options.maxConcurrentCalls ?? 1024;
        this.writer = new RpcWriter(stream, {registry: options.registry, limits: options.limits});
        this.decoder = new GobDecoder({registry: options.registry, limits: options.limits});
        this.done = new Promise((resolve) => {
            this.resolveDone = resolve;
        });
        stream.on('data', (chunk: Buffer) => this.onData(chunk));
        stream.on('end', () => this.onInputEnd());
        stream.on('close', () => this.onInputEnd());
        stream.on('error', (err: Error) => {
            this.logger('debug', `connection error: ${err.message}`);
            this.onInputEnd();
        });
    }

    private onData(chunk: Buffer): void {
        if (this.state.kind === 'stopped') {
            return;
        }
        this.decoder.push(chunk);
        this.pumpSafely();
    }

    private pumpSafely(): void {
        this.pumping = true;
        try {
            this.pump();
        } catch (err) {
            // Framing or type table damaged: nothing more on this connection can be trusted.
            this.logger('error', `server cannot decode request: ${err instanceof Error ? err.message : String(err)}`);
            this.state = STOPPED;
            this.inputEnded = true;
        } finally {
            this.pumping = false;
        }
        // Calls answered at once while pumping must not end the connection before the
        // requests still buffered behind them are read.
        this.maybeFinish();
    }

    private pump(): void {
        while (!this.paused) {
            const state = this.state;
            switch (state.kind) {
            case 'stopped':
                return;
            case 'header': {
                const r = this.decoder.next(RequestHeader);
                if (!r) {
                    return;
                }
                const header: Header = r.value;
                const found = this.server.lookup(header.ServiceMethod);
                this.state = typeof found === 'string' ? {kind: 'skip', header, error: found} : {kind: 'body', header, method: found};
                break;
            }
            case 'skip':
                if (!this.decoder.skip()) {
                    return;
                }
                this.state = AT_HEADER;
                this.respondError(state.header, state.error);
                break;
            case 'body': {
                let r: {value: unknown} | undefined;
                try {
                    r = this.decoder.next(state.method.args);
                } catch (err) {
                    if (err instanceof GobError && !err.fatal) {
                        this.state = AT_HEADER;
                        this.respondError(state.header, err.message);
                        break;
                    }
                    throw err;
                }
                if (!r) {
                    return;
                }
                this.state = AT_HEADER;
                this.invoke(state.header, state.method, r.value);
                break;
            }
            }
        }
    }

    private invoke(header: Header, method: RpcMethod, args: unknown): void {
        this.inflight++;
        let result: unknown;
        try {
            result = method.handler(args as never);
        } catch (err) {
            this.settle(header, method, false, err);
            return;
        }
        if (!isThenable(result)) {
            // A handler that answers at once (Control.Ping, Implemented) is answered at once:
            // no promise, closure or microtask per call.
            this.settle(header, method, true, result);
            return;
        }
        this.updateFlow();
        result.then((reply) => this.settle(header, method, true, reply), (err: unknown) => this.settle(header, method, false, err));
    }

    /** Writes the reply (or the error) of one call and lets reading go on. */
    private settle(header: Header, method: RpcMethod, ok: boolean, value: unknown): void {
        try {
            if (ok) {
                this.respond(header, method.reply, value);
            } else {
                this.respondError(header, value instanceof Error ? value.message : String(value));
            }
        } finally {
            this.inflight--;
            this.updateFlow();
            this.maybeFinish();
        }
    }

    /** Pauses or resumes reading requests; on resuming, first works through what is buffered. */
    private updateFlow(): void {
        const hold = this.inflight >= this.maxInflight || this.writeBlocked;
        if (hold && !this.paused) {
            this.paused = true;
            this.stream.pause();
        } else if (!hold && this.paused) {
            this.paused = false;
            this.pumpSafely();
            if (!this.paused) {
                this.stream.resume();
            }
        }
    }

    /** After writing a reply: if the stream's buffer is full, hold reading until it drains. */
    private afterWrite(): void {
        if (this.writeBlocked || !this.stream.writableNeedDrain) {
            return;
        }
        this.writeBlocked = true;
        const release = (): void => {
            this.stream.off('drain', release);
            this.stream.off('close', release);
            this.writeBlocked = false;
            this.updateFlow();
        };
        this.stream.on('drain', release);
        this.stream.on('close', release);
        this.updateFlow();
    }

    private respond(header: Header, replySchema: Schema, reply: unknown): void {
        try {
            this.writer.write(ResponseHeader, {ServiceMethod: header.ServiceMethod, Seq: header.Seq, Error: ''}, replySchema, reply);
            this.afterWrite();
        } catch (err) {
            const message = `rpc: gob error encoding body: ${err instanceof Error ? err.message : String(err)}`;
            this.logger('error', `${header.ServiceMethod}: ${message}`);
            this.respondError(header, message);
        }
    }

    private respondError(header: Header, error: string): void {
        this.writer.write(ResponseHeader, {ServiceMethod: header.ServiceMethod, Seq: header.Seq, Error: error}, EmptyBody, {});
        this.afterWrite();
    }

    private onInputEnd(): void {
        this.inputEnded = true;
        this.maybeFinish();
    }

    /** Like Go's ServeCodec: once input is over and every call has answered, close our side. */
    private maybeFinish(): void {
        if (this.finished || !this.inputEnded || this.inflight > 0 || this.pumping) {
            return;
        }
        this.finished = true;
        if (this.state.kind !== 'stopped') {
            try {
                this.decoder.end();
            } catch (err) {
                this.logger('warn', `connection ended inside a request: ${err instanceof Error ? err.message : String(err)}`);
            }
        }
        if (this.stream.writable) {
            this.stream.end();
        }
        this.resolveDone();
    }
}
