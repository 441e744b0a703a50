// The bridge under Mattermost's own plugin host code (server/public's plugin.Environment with
// go-plugin v1.7.0 and yamux v0.1.2): ServeHTTP argument shapes old and new, the complete
// model.Config, a hook longer than go-plugin's broker wait, long stderr lines, the health
// check under load, Control.Quit, and a killed plugin or host. The Go side is protocol/*.go.
import {eventually, prepareProtocolHost, processEnded, runCase, startCase, type HostResponse, type ProtocolHost} from './protocol-host';

jest.setTimeout(120_000);

let h: ProtocolHost;
beforeAll(() => {
    h = prepareProtocolHost();
});
afterAll(() => h?.cleanup());

interface ProductRequest {
    method: string;
    url: string;
    headers: Record<string, string[]>;
    body: string;
}

test('ServeHTTP: the product sees the same request whether the server sent HTTPRequestSubset, an old server\'s *http.Request or a full one with TLS', async () => {
    const r = await runCase<{subset: HostResponse; old: HostResponse; full: HostResponse; tlsVersion: number; fullSentTLS: boolean; callErrors: string[]}>(h, 'serve-http-shapes');
    expect(r.callErrors).toEqual([]);
    // A real TLS request, whose ConnectionState the full shape carried.
    expect(r.tlsVersion).toBe(0x0304);
    expect(r.fullSentTLS).toBe(true);
    const seen = (res: HostResponse): ProductRequest => {
        expect(res.status).toBe(200);
        return JSON.parse(res.body) as ProductRequest;
    };
    const subset = seen(r.subset);
    expect(subset).toMatchObject({method: 'POST', url: '/request?b=2&a=%C3%A9&a=x', body: '{"hello":"body"}'});
    expect(subset.headers).toMatchObject({
        'mattermost-user-id': ['user1'], 'x-multi': ['one', 'two'], 'content-type': ['application/json'], 'content-length': ['16'],
    });
    expect(seen(r.old)).toEqual(subset);
    expect(seen(r.full)).toEqual(subset);
});

/** Every leaf that is not a zero value, by path: gob omits zero values, so only these are compared. */
function nonZeroLeaves(v: unknown, at = '', out: Record<string, unknown> = {}): Record<string, unknown> {
    if (v === null || v === undefined || v === '' || v === 0 || v === false) {
        return out;
    }
    if (Array.isArray(v)) {
        v.forEach((e, i) => nonZeroLeaves(e, `${at}[${i}]`, out));
    } else if (typeof v === 'object') {
        for (const [k, e] of Object.entries(v)) {
            nonZeroLeaves(e, `${at}.${k}`, out);
        }
    } else {
        out[at] = v;
    }
    return out;
}

test('GetConfig: the API client decodes the complete defaulted, sanitized model.Config; LoadPluginConfiguration the saved settings', async () => {
    const r = await runCase<{response: HostResponse; expectedConfig: Record<string, unknown>; expectedPlugin: Record<string, unknown>}>(h, 'config');
    expect(r.response.status).toBe(200);
    const got = JSON.parse(r.response.body) as {
        siteURL: string; config: Record<string, Record<string, unknown>>; plugin: Record<string, unknown>; reloaded: Record<string, unknown>;
    };
    expect(got.siteURL).toBe('https://chat.example.com/mm');
    expect(got.config.ServiceSettings.SiteURL).toBe('https://chat.example.com/mm');
    expect(got.config.TeamSettings).toMatchObject({SiteName: 'Protocol Conformance', MaxUsersPerTeam: 250});
    // Sanitized as the server sends it: the secret setting is masked.
    expect((got.config.PluginSettings.Plugins as Record<string, unknown>)['com.example.protocol']).toEqual({
        defaulttimezone: 'Europe/Berlin', reminderhour: 7, secret: '********************************',
        holidays: ['2026-12-25', '2026-12-26'], roles: {qa: true, lead: 'alice'},
    });
    // Every field a Go plugin gets from the same reply (hundreds, in every section) arrives.
    const expected = nonZeroLeaves(r.expectedConfig);
    expect(Object.keys(expected).length).toBeGreaterThan(300);
    expect(nonZeroLeaves(got.config)).toEqual(expected);
    // The plugin's own settings, unmasked; keys of the product's plugin.json take its spelling.
    const lower = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
    expect(lower(got.plugin)).toEqual(r.expectedPlugin);
    expect(got.reloaded).toEqual(got.plugin);
    expect(got.plugin.DefaultTimeZone).toBe('Europe/Berlin');
});

test('a ServeHTTP that outlasts go-plugin\'s 5 s broker wait before touching its body or answer still answers in full', async () => {
    const r = await runCase<{response: HostResponse; bodySha: string; hostErrors: string[] | null}>(h, 'slow-hook');
    expect(r.response.status).toBe(200);
    expect(JSON.parse(r.response.body)).toEqual({waited: 6500, bodySha: r.bodySha, siteURL: 'https://chat.example.com/mm'});
    expect(r.hostErrors ?? []).toEqual([]);
});

interface LoggedLine {
    level: string;
    length: number;
    head: string;
    tail: string;
}

test('stderr lines over 64 KiB: go-plugin logs them in 64 KiB pieces at debug; the bridge keeps its own lines whole, at their level', async () => {
    const r = await runCase<{raw: HostResponse; failed: HostResponse; markerSeen: boolean; lines: LoggedLine[]}>(h, 'stderr');
    // Nothing hung: both requests were answered and a later line arrived.
    expect(r.raw).toEqual({status: 200, body: 'written'});
    expect(r.failed.status).toBe(500);
    expect(r.markerSeen).toBe(true);
    // A 200,008-byte "[ERROR] x..." line written straight to stderr: its level is lost.
    const raw = r.lines.filter((l) => l.head.includes('xxxx'));
    expect(raw.map((l) => [l.level, l.length])).toEqual([['debug', 65536], ['debug', 65536], ['debug', 65536], ['debug', 200_008 - 3 * 65536]]);
    expect(raw[0].head.startsWith('[ERROR] xxx')).toBe(true);
    // The reader recovers at the next line.
    expect(r.lines.filter((l) => l.head.includes('after the long line')).map((l) => l.level)).toEqual(['error']);
    // The hooks dispatch's "ServeHTTP failed: <200,000 bytes>" arrives as one error line, cut.
    const failed = r.lines.filter((l) => l.head.includes('yyyy'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({level: 'error', head: expect.stringMatching(/^\[ERROR\] ServeHTTP failed: y+$/)});
    expect(failed[0].length).toBeLessThan(65536);
    expect(failed[0].tail).toMatch(/y … \(\d+ more bytes cut\)$/);
});

test('the health check\'s Control.Ping is answered while 16 requests echo 4 MiB each', async () => {
    const r = await runCase<{
        pings: Array<{ok: boolean; completedWhenAnswered: number; error?: string}>; requests: Array<{status: number; echoed: boolean}>; total: number;
    }>(h, 'ping-under-load');
    expect(r.pings.map((p) => p.error ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    // Answered during the traffic, not queued behind it.
    expect(r.pings[0].completedWhenAnswered).toBeLessThan(r.total);
    expect(r.requests).toEqual(Array.from({length: 16}, () => ({status: 200, echoed: true})));
});

interface ExitEntry {
    level: string;
    msg: string;
}

test('deactivation (OnDeactivate, then Control.Quit) with a hook in flight: the plugin exits on its own within go-plugin\'s 2 s', async () => {
    const r = await runCase<{deactivated: boolean; slow: HostResponse; processGone: boolean; exit: ExitEntry[]; onDeactivateLogged: boolean}>(h, 'quit');
    expect(r.deactivated).toBe(true);
    expect(r.onDeactivateLogged).toBe(true);
    // The in-flight request ends with the host's 500 instead of hanging.
    expect(r.slow).toEqual({status: 500, body: '500 internal server error\n'});
    expect(r.processGone).toBe(true);
    // go-plugin logs a clean exit at info; a forced kill would be "failed to exit gracefully".
    expect(r.exit).toEqual([{level: 'info', msg: 'plugin process exited'}]);
});

test('a plugin killed inside a hook: the request fails with 500, the health check fails, and the plugin restarts', async () => {
    const r = await runCase<{killedPid: number; slow: HostResponse; healthCheck: string; restart: string; afterRestart: HostResponse}>(h, 'plugin-killed');
    expect(r.slow).toEqual({status: 500, body: '500 internal server error\n'});
    expect(r.healthCheck).toBe('plugin RPC connection is not responding');
    expect(r.restart).toBe('ok');
    expect(r.afterRestart.status).toBe(200);
    expect(Number(r.afterRestart.body)).not.toBe(r.killedPid);
});

test('a killed host: the plugin does not outlive it', async () => {
    const go = startCase(h, 'host-killed');
    try {
        const started = await eventually(() => go.stdout().includes('\n'), 30_000);
        expect({started, stderr: started ? '' : go.stderr()}).toEqual({started: true, stderr: ''});
        const {pluginPid, serving} = JSON.parse(go.stdout().split('\n')[0]) as {pluginPid: number; serving: HostResponse};
        expect(serving).toEqual({status: 200, body: String(pluginPid)});
        expect(processEnded(pluginPid)).toBe(false);
        go.kill();
        expect(await eventually(() => processEnded(pluginPid), 10_000)).toBe(true);
    } finally {
        go.kill();
        await go.exited;
    }
});
