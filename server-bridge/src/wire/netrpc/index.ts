// Go net/rpc (gob codec) over any duplex stream: client and server. See docs/yamux.md.
export {RpcClient} from './client';
export type {RpcClientOptions} from './client';
export {RpcServer, rpcMethod} from './server';
export type {RpcMethod, RpcServeOptions} from './server';
export {RpcServerError, RpcConnectionError, stderrRpcLogger} from './errors';
export type {RpcLogger} from './errors';
export {RequestHeader, ResponseHeader, EmptyBody, rpcText} from './messages';
