import {HandshakeError, parseHandshake} from './handshake-line';

test('reads the line Mattermost plugins print', () => {
    expect(parseHandshake('1|1|unix|/tmp/plugin123|netrpc|\n', [1])).toEqual({appVersion: 1, network: 'unix', address: '/tmp/plugin123'});
    expect(parseHandshake('1|1|tcp|127.0.0.1:10001', [1])).toEqual({appVersion: 1, network: 'tcp', address: '127.0.0.1:10001'});
});

test.each([
    ['not a handshake', /Unrecognized remote plugin message/],
    ['2|1|unix|/tmp/p|netrpc|', /Incompatible core API version/],
    ['1|2|unix|/tmp/p|netrpc|', /Incompatible API version with plugin. Plugin version: 2/],
    ['1|1|pipe|/tmp/p|netrpc|', /Unknown address type/],
    ['1|1|unix||netrpc|', /empty address/],
    ['1|1|unix|/tmp/p|grpc|', /Unsupported plugin protocol "grpc"/],
])('refuses %j', (line, message) => {
    expect(() => parseHandshake(line, [1])).toThrow(HandshakeError);
    expect(() => parseHandshake(line, [1])).toThrow(message);
});
