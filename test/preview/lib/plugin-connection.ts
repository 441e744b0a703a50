// What the preview needs from a running plugin, whether the product runs in this process
// (debugging) or as the plugin's real executable behind the bridge's host side.
import type {CommandArgs, CommandResponse} from '../../../server-bridge/src/product/hooks';
import type {HttpHandler} from '../../../server-bridge/src/product/http-types';

export interface PluginConnection {
    serveHTTP: HttpHandler;
    executeCommand(args: CommandArgs): Promise<CommandResponse>;
    onConfigurationChange(): Promise<void>;
    /** Deactivates the plugin and releases what it holds (the child process, if any). */
    stop(): Promise<void>;
    /** Control.Ping, Mattermost's health check (an executable only). */
    ping?(): Promise<void>;
    /** True when the plugin's process is gone (an executable only). */
    exited?(): boolean;
    /** The plugin process's id (an executable only). */
    pid?(): number | undefined;
}
