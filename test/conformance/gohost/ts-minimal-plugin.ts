// A minimal plugin on the TypeScript go-plugin layer, for the Go host to drive before the
// Mattermost layer exists: it answers Implemented, and on OnActivate dials the API and driver
// broker ids and loads the plugin configuration through the API, as a Go plugin would.
import {g} from '../../../server-bridge/src/wire/gob';
import {EmptyBody, RpcClient, rpcMethod} from '../../../server-bridge/src/wire/netrpc';
import {servePlugin} from '../../../server-bridge/src/goplugin/serve';

const ErrorReturns = (name: string) => g.struct(name, {A: g.iface()});

void servePlugin({
    plugins: {
        hooks: (broker) => ({
            Implemented: rpcMethod(EmptyBody, g.slice(g.string()), () => ['OnActivate', 'OnDeactivate', 'OnConfigurationChange']),
            OnActivate: rpcMethod(
                g.struct('Z_OnActivateArgs', {APIMuxId: g.uint32(), DriverMuxId: g.uint32()}),
                ErrorReturns('Z_OnActivateReturns'),
                async (args) => {
                    const api = new RpcClient(await broker.dial(Number(args.APIMuxId)));
                    if (Number(args.DriverMuxId) !== 0) {
                        await broker.dial(Number(args.DriverMuxId));
                    }
                    await api.call('Plugin.LoadPluginConfiguration', g.struct('Z_LoadPluginConfigurationArgsArgs', {}), {},
                        g.struct('Z_LoadPluginConfigurationArgsReturns', {A: g.bytes()}));
                    return {A: null};
                },
            ),
            OnDeactivate: rpcMethod(g.struct('Z_OnDeactivateArgs', {}), ErrorReturns('Z_OnDeactivateReturns'), () => ({A: null})),
            OnConfigurationChange: rpcMethod(g.struct('Z_OnConfigurationChangeArgs', {}), ErrorReturns('Z_OnConfigurationChangeReturns'), () => ({A: null})),
        }),
    },
}).then((r) => process.exit(r.exitCode), (err: Error) => {
    process.stderr.write(`[ERROR] ${err.message}\n`);
    process.exit(1);
});
