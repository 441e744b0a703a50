// A real Mattermost server with the preview page in front of it, for `make mattermost` and
// the browser journey: the page host starts first on its port, Mattermost starts with that
// URL as its SiteURL (its websocket accepts only the SiteURL's origin), the page host then
// proxies to it, the release team is seeded and the plugin installed with `make dist` and
// `make deploy`.
import {startRealServerPage, type RealServerPage} from '../preview/lib/real-server-page';
import {adminToken, deploy, makeDist} from './install';
import {seedRelease, type Release} from './people';
import {buildMattermost, repoRoot, startMattermost, startPostgres, type MattermostProcess, type Postgres, type ServerBuild} from './server';

export interface ReleaseStack {
    build: ServerBuild;
    pg: Postgres;
    mm: MattermostProcess;
    page: RealServerPage;
    rel: Release;
    /** Milliseconds from the start of `make deploy` to the plugin running. */
    deployMs: number;
    stop(): Promise<void>;
}

export interface StackOptions {
    log?: (line: string) => void;
    /** The server's own port (MM_PORT); a free one by default. */
    serverPort?: number;
    /** The page's port, which is the SiteURL's; a free one by default. */
    pagePort?: number;
}

export async function startReleaseStack(opts: StackOptions = {}): Promise<ReleaseStack> {
    const log = opts.log ?? (() => undefined);
    // MM_VARIANT picks go.<variant>.mod (scripts/test-matrix.js); the default is go.mod.
    const build = buildMattermost(process.env.MM_VARIANT ?? '', log);
    log(`Mattermost ${build.moduleVersion}${build.buildSeconds ? `, built in ${build.buildSeconds.toFixed(0)} s` : ' (cached build)'}`);
    const stops: Array<() => Promise<void>> = [];
    const stop = async () => {
        for (const s of stops.reverse()) {
            await s().catch(() => undefined);
        }
    };
    try {
        const pg = await startPostgres();
        stops.push(() => pg.stop());
        const page = await startRealServerPage({repoRoot, port: opts.pagePort ?? 0});
        stops.push(() => page.stop());
        const mm = await startMattermost({build, postgres: pg, port: opts.serverPort, siteURL: page.url});
        stops.push(() => mm.stop());
        page.setUpstream(mm.url);
        log(`server up in ${mm.bootSeconds.toFixed(1)} s; seeding the release team and deploying the plugin`);
        const rel = await seedRelease(mm.url);
        makeDist();
        const deployed = await deploy(mm.url, await adminToken(rel.people.admin), rel.people.admin);
        return {build, pg, mm, page, rel, deployMs: deployed.toRunningMs, stop};
    } catch (err) {
        await stop();
        throw err;
    }
}
