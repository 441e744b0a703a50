// yamux v0.1.2 behaviours the old suites (a 2019 yamux) could not show, against the bridge's
// session, broker and request-body reader: go-plugin's host session assembled by hand
// (protocol/raw.go) so that its yamux timeouts can be shortened: StreamOpenTimeout (75 s),
// StreamCloseTimeout (5 min), KeepAliveInterval (30 s) and the ping wait
// (ConnectionWriteTimeout, 10 s). go-plugin's own 5 s broker waits and 2 s exit wait are
// fixed in its code.
import {prepareProtocolHost, runCase, type ProtocolHost} from './protocol-host';

jest.setTimeout(120_000);

let h: ProtocolHost;
beforeAll(() => {
    h = prepareProtocolHost();
});
afterAll(() => h?.cleanup());

test('a stream the host opens and the plugin accepts late: the session acknowledges at once, so the 500 ms open timeout does not end it', async () => {
    const r = await runCase<{
        lateAccept: {ack: number; ackAfterMs: number; ackError: string; echoed: boolean; readError: string; sessionClosed: boolean; pingError: string; yamuxLog: string};
        blockedOpen: {sessionClosed: boolean; yamuxLog: string};
    }>(h, 'late-accept');
    // The plugin's broker accepted after 1.5 s, three times the host's StreamOpenTimeout.
    expect(r.lateAccept.ackAfterMs).toBeGreaterThanOrEqual(500);
    expect(r.lateAccept).toMatchObject({ack: 7001, ackError: '', echoed: true, readError: '', sessionClosed: false, pingError: '', yamuxLog: ''});
    // Control: with the plugin's event loop blocked nothing acknowledges, and yamux v0.1.x
    // closes the whole session.
    expect(r.blockedOpen.sessionClosed).toBe(true);
    expect(r.blockedOpen.yamuxLog).toContain('[ERR] yamux: aborted stream open');
});

interface HalfClose {
    replyError: string;
    hostReceivedAll: boolean;
    hostReadError: string;
    hostWriteError: string;
    pluginReceivedAll: boolean;
    pluginWriteError: string;
    pluginResetSeen: boolean;
    fullyClosed: boolean;
}

test('half-close in both directions with data in flight, and a request body whose handler runs past the close timeout', async () => {
    const r = await runCase<{
        hostFirst: HalfClose; pluginFirst: HalfClose; pingError: string;
        bodyHeldOpen: {replyError: string; pluginReceivedAll: boolean; pluginResetSeen: boolean; pluginError: string; hostReadAfterClose: string; pingError: string};
    }>(h, 'half-close');
    const clean: HalfClose = {
        replyError: '', hostReceivedAll: true, hostReadError: '', hostWriteError: '',
        pluginReceivedAll: true, pluginWriteError: '', pluginResetSeen: false, fullyClosed: true,
    };
    // The host half-closes after 2 MiB while 3 MiB of the plugin's are still coming: it reads
    // them all (yamux v0.1.x reads after a local close), and the plugin's FIN completes the
    // close with no close timeout armed.
    expect(r.hostFirst).toMatchObject(clean);
    // The plugin sends 3 MiB and its FIN at once, and still reads the host's 2 MiB.
    expect(r.pluginFirst).toMatchObject(clean);
    expect(r.pingError).toBe('');
    // The body stream as Mattermost serves it, closed by the host after the body, with a
    // 500 ms StreamCloseTimeout and a handler that holds the request 1.5 s: the plugin closes
    // its side as soon as the body ends, so the host sees a FIN (EOF) and never resets it.
    expect(r.bodyHeldOpen).toEqual({
        replyError: '', pluginReceivedAll: true, pluginResetSeen: false, pluginError: '', hostReadAfterClose: 'EOF', pingError: '',
        freed: true, freedAfterMs: expect.any(Number),
    });
});

test('keepalive every 100 ms with a 1 s ping wait while the plugin is busy for 3 s in a hook', async () => {
    const r = await runCase<{
        chunked: {callError: string; pingsOK: number; pingsFailed: number; sessionClosed: boolean; pingError: string; keepaliveFailed: boolean};
        sync: {callError: string; sessionClosed: boolean; keepaliveFailed: boolean};
    }>(h, 'keepalive');
    // Busy in slices, the event loop turns: every ping is answered and the session lives.
    expect(r.chunked).toMatchObject({callError: '', pingsFailed: 0, sessionClosed: false, pingError: '', keepaliveFailed: false});
    expect(r.chunked.pingsOK).toBeGreaterThan(0);
    // Control: one 3 s block answers nothing, and the host's keepalive ends the session.
    expect(r.sync).toMatchObject({sessionClosed: true, keepaliveFailed: true});
    expect(r.sync.callError).not.toBe('');
});
