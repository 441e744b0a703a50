// What the product implements; the bridge's Mattermost layer calls these from the hooks
// Mattermost invokes, and the preview host and tests call them directly.
import type {HttpHandler} from './http-types';

export interface CommandArgs {
    command: string;
    userId: string;
    channelId: string;
    teamId: string;
    rootId?: string;
    /** Lets the command open an interactive dialog for the caller (Mattermost's CommandArgs.TriggerId). */
    triggerId?: string;
}

export interface CommandResponse {
    /** 'ephemeral' or 'in_channel'. */
    responseType: 'ephemeral' | 'in_channel';
    text: string;
}

export interface ProductHooks {
    onActivate(): Promise<void>;
    onDeactivate(): Promise<void>;
    onConfigurationChange(): Promise<void>;
    serveHTTP: HttpHandler;
    executeCommand(args: CommandArgs): Promise<CommandResponse>;
}
