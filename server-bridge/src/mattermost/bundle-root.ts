// Where the plugin bundle was unpacked. Mattermost starts the executable with the server's
// working directory (supervisor.go sets no cmd.Dir), so the working directory says nothing.
// The server's GetBundlePath answers it; if that fails, the executable's own location is used:
// plugin.json names it <bundle>/server/dist/plugin-<platform>, two levels below the root.
import path from 'path';

export interface BundleRootSources {
    getBundlePath(): Promise<string>;
    /** The running executable (a single executable application's process.execPath). */
    executablePath: string;
    warn?: (message: string) => void;
}

export function bundleRootFromExecutable(executablePath: string): string {
    return path.resolve(path.dirname(executablePath), '..', '..');
}

export async function resolveBundleRoot(src: BundleRootSources): Promise<string> {
    try {
        const fromServer = await src.getBundlePath();
        if (fromServer && path.isAbsolute(fromServer)) {
            return fromServer;
        }
        src.warn?.(`GetBundlePath answered ${JSON.stringify(fromServer)}; using the executable's location`);
    } catch (err) {
        src.warn?.(`GetBundlePath failed (${(err as Error).message}); using the executable's location`);
    }
    return bundleRootFromExecutable(src.executablePath);
}
