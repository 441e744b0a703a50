// Reads go-plugin's handshake line the way the host does (client.go): fields split by '|',
// at most six, at least four; core protocol 1; the app protocol the host offered; a unix or
// tcp address; the net/rpc protocol (an empty or missing field also means net/rpc).
export interface Handshake {
    appVersion: number;
    network: 'unix' | 'tcp';
    address: string;
}

export const CORE_PROTOCOL_VERSION = '1';

export class HandshakeError extends Error {}

export function parseHandshake(line: string, acceptedVersions: readonly number[]): Handshake {
    const trimmed = line.replace(/\r?\n$/, '');
    const parts = trimmed.split('|');
    const fields = parts.length > 6 ? [...parts.slice(0, 5), parts.slice(5).join('|')] : parts;
    if (fields.length < 4) {
        throw new HandshakeError(`Unrecognized remote plugin message: ${JSON.stringify(trimmed.slice(0, 200))}`);
    }
    if (fields[0] !== CORE_PROTOCOL_VERSION) {
        throw new HandshakeError(`Incompatible core API version with plugin. Plugin version: ${fields[0]}, Core version: ${CORE_PROTOCOL_VERSION}`);
    }
    const appVersion = Number(fields[1]);
    if (!Number.isInteger(appVersion) || !acceptedVersions.includes(appVersion)) {
        throw new HandshakeError(`Incompatible API version with plugin. Plugin version: ${fields[1]}, Client versions: ${acceptedVersions.join(',')}`);
    }
    const network = fields[2];
    if (network !== 'unix' && network !== 'tcp') {
        throw new HandshakeError(`Unknown address type: ${JSON.stringify(network)}`);
    }
    if (fields[3] === '') {
        throw new HandshakeError('the plugin sent an empty address');
    }
    const protocol = fields[4] ?? '';
    if (protocol !== '' && protocol !== 'netrpc') {
        throw new HandshakeError(`Unsupported plugin protocol ${JSON.stringify(protocol)}. Supported: netrpc`);
    }
    return {appVersion, network, address: fields[3]};
}
