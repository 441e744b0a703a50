// The Go types of go/rpcpeer.go, as gob schemas.
import {g} from '../../../server-bridge/src/wire/gob';

export const Args = g.struct('main.Args', {A: g.int(), B: g.int()});
export const Reply = g.struct('main.Reply', {Sum: g.int(), Note: g.string()});
export const Record = g.struct('main.Record', {
    Name: g.string(),
    Tags: g.slice(g.string()),
    Meta: g.map(g.string(), g.string()),
    Count: g.int64(),
});
export const Empty = g.struct('main.Empty', {});
export const CallBackArgs = g.struct('main.CallBackArgs', {N: g.int()});
