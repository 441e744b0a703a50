import {checkCookie, handshakeLine, MATTERMOST_HANDSHAKE, negotiateVersion, NOT_STARTED_BY_HOST_MESSAGE} from './handshake';

describe('magic cookie', () => {
    test('is Mattermost\'s key and value', () => {
        expect(MATTERMOST_HANDSHAKE).toEqual({
            protocolVersion: 1,
            magicCookieKey: 'MATTERMOST_PLUGIN',
            magicCookieValue: 'Securely message teams, anywhere.',
        });
    });

    test('a matching cookie passes', () => {
        expect(checkCookie({MATTERMOST_PLUGIN: 'Securely message teams, anywhere.'})).toBeNull();
    });

    test.each([
        ['missing', {}],
        ['wrong value', {MATTERMOST_PLUGIN: 'nope'}],
        ['different case', {MATTERMOST_PLUGIN: 'securely message teams, anywhere.'}],
    ])('%s: refused with go-plugin\'s message', (_label, env) => {
        const msg = checkCookie(env);
        expect(msg).toBe(NOT_STARTED_BY_HOST_MESSAGE);
        expect(msg?.split('\n')[0]).toBe('This binary is a plugin. These are not meant to be executed directly.');
    });
});

describe('protocol version negotiation', () => {
    test('picks the newest version both sides have', () => {
        expect(negotiateVersion({PLUGIN_PROTOCOL_VERSIONS: '1,2,5'}, [1, 2, 3])).toEqual({version: 2, invalid: []});
    });

    test('falls back to our lowest version when the host lists none of ours or nothing', () => {
        expect(negotiateVersion({PLUGIN_PROTOCOL_VERSIONS: '7'}, [2, 3]).version).toBe(2);
        expect(negotiateVersion({}, [4, 2]).version).toBe(2);
    });

    test('skips entries that are not integers and reports them', () => {
        expect(negotiateVersion({PLUGIN_PROTOCOL_VERSIONS: 'x,1, 1.5'})).toEqual({version: 1, invalid: ['x', ' 1.5']});
    });
});

describe('handshake line', () => {
    test('has the six fields go-plugin parses, with an empty certificate', () => {
        const line = handshakeLine(1, 'unix', '/tmp/plugin123');
        expect(line).toBe('1|1|unix|/tmp/plugin123|netrpc|\n');
        expect(line.trim().split('|')).toEqual(['1', '1', 'unix', '/tmp/plugin123', 'netrpc', '']);
    });

    test('refuses an address that would break the host\'s parser', () => {
        expect(() => handshakeLine(1, 'unix', '/tmp/a|b')).toThrow(/cannot be announced/);
        expect(() => handshakeLine(1, 'unix', '/tmp/a\nb')).toThrow(/cannot be announced/);
    });
});
