// The yamux settings of the plugin's end of the host connection. hashicorp/yamux's default
// receive window (256 KiB per stream) is what go-plugin gives a Go plugin; a receiver may
// grant more (Go's MaxStreamWindowSize), and the host's sender uses whatever it is granted.
// With 1 MiB the host stops for a window update a quarter as often: large values (KV reads,
// request bodies) arrive 25-35% faster at about a quarter less plugin CPU per MiB
// (docs/performance.md, yamux). The bridge reads every stream as data arrives, so the larger
// bound on unread bytes per stream is not held in practice.
import type {YamuxConfig} from '../wire/yamux';

export const PLUGIN_STREAM_WINDOW = 1024 * 1024;

export function pluginSessionConfig(logger: YamuxConfig['logger']): Partial<YamuxConfig> {
    return {logger, maxStreamWindowSize: PLUGIN_STREAM_WINDOW};
}
