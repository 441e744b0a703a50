// `make mattermost`: a real Mattermost server (built from its Go module, cached) with a
// throwaway PostgreSQL, the release team seeded, the freshly built plugin deployed with
// `make dist` and `make deploy`, and the preview page in front of it (real-server mode).
// Prints the page's URL and the people's credentials; Ctrl-C stops everything and removes
// the temp folders.
import {CAST, PASSWORD} from './people';
import {startReleaseStack} from './stack';

function port(name: string): number | undefined {
    const value = process.env[name];
    if (value === undefined || value === '') {
        return undefined;
    }
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
        throw new Error(`${name} must be a port number, not "${value}"`);
    }
    return n;
}

async function main(): Promise<void> {
    const log = (line: string) => process.stdout.write(`${line}\n`);
    const stack = await startReleaseStack({log, serverPort: port('MM_PORT'), pagePort: port('PREVIEW_PORT')});
    const {page, mm, rel} = stack;
    log('');
    log(`Release Checklist on a real Mattermost server: ${page.url}/${rel.team.name}/channels/${rel.channel.name}`);
    log('  The preview page stands in for the web app (not part of the Go module); everything else is the server\'s:');
    log('  sign-in, REST API, websocket, the plugin. Sign in with one of these (password for all):');
    log(`    ${PASSWORD}`);
    log(`    admin (system admin; System Console: ${page.url}/admin_console/plugins/plugin_com.mattermost.release-checklist)`);
    log(`    ${Object.values(CAST).filter((c) => c.role).map((c) => `${c.username} (${c.role})`).join(', ')}`);
    log('    otto (in the team, not in the release channel)');
    log(`  The server itself: ${mm.url} (its SiteURL is the page's URL); the REST API and a mobile app work on either`);
    log(`  Server log: ${mm.logFile}`);
    log('Stop with Ctrl-C: the server and PostgreSQL stop and their temp folders are removed.');
    const stop = async () => {
        log('stopping');
        await stack.stop();
        process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
    setInterval(() => undefined, 1 << 30);
}

main().catch((err: unknown) => {
    process.stderr.write(`make mattermost: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
