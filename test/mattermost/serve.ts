// `make mattermost`: a real Mattermost server (built from its Go module, cached) with a
// throwaway PostgreSQL, the release team seeded, and the freshly built plugin deployed with
// `make dist` and `make deploy`. Prints where to sign in; Ctrl-C stops everything and
// removes the temp folders.
import {adminToken, deploy, makeDist} from './install';
import {CAST, PASSWORD, seedRelease} from './people';
import {buildMattermost, startMattermost, startPostgres} from './server';

async function main(): Promise<void> {
    const log = (line: string) => process.stdout.write(`${line}\n`);
    const build = buildMattermost(process.env.MM_VARIANT ?? '', log);
    log(`Mattermost ${build.moduleVersion}${build.buildSeconds ? `, built in ${build.buildSeconds.toFixed(0)} s` : ' (cached build)'}`);
    const pg = await startPostgres();
    const mm = await startMattermost({build, postgres: pg, port: process.env.MM_PORT ? Number(process.env.MM_PORT) : undefined});
    log(`server up in ${mm.bootSeconds.toFixed(1)} s; seeding the release team and deploying the plugin`);
    const rel = await seedRelease(mm.url);
    makeDist();
    await deploy(mm.url, await adminToken(rel.people.admin), rel.people.admin);
    log('');
    log(`Mattermost with Release Checklist: ${mm.url}/${rel.team.name}/channels/${rel.channel.name}`);
    log(`  System admin: admin / ${PASSWORD}`);
    log(`  Release team (same password): ${Object.entries(CAST).filter(([, c]) => c.role).map(([, c]) => `${c.username} (${c.role})`).join(', ')}`);
    log(`  Outside the release channel: otto`);
    log('  The web app itself is not part of the Go module, so the browser shows no UI here: use the REST API,');
    log('  /api/v4/commands/execute for /release, or a Mattermost desktop/mobile app pointed at this URL.');
    log(`  Server log: ${mm.logFile}`);
    log('Stop with Ctrl-C: the server and PostgreSQL stop and their temp folders are removed.');
    const stop = async () => {
        log('stopping');
        await mm.stop();
        await pg.stop();
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
