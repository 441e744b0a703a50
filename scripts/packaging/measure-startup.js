#!/usr/bin/env node
// Measures how long a plugin executable takes from start to its first stdout line (for the
// real server entry: the go-plugin handshake line), started with the environment Mattermost
// gives it. Mattermost allows 3 s. Prints median, p90 and worst; the first line seen too.
//
// usage: node scripts/packaging/measure-startup.js [executable] [runs]
'use strict';
const fs = require('fs');
const path = require('path');
const {spawn} = require('child_process');

const root = path.resolve(__dirname, '..', '..');
const LIMIT_MS = 3000;

// What Mattermost's supervisor (through go-plugin) puts in the plugin's environment.
const pluginEnv = {
    MATTERMOST_PLUGIN: 'Securely message teams, anywhere.',
    PLUGIN_MIN_PORT: '10000',
    PLUGIN_MAX_PORT: '25000',
    PLUGIN_PROTOCOL_VERSIONS: '1',
};

// A plugin killed before the host asks it to quit leaves its unix socket behind (a Go plugin
// does too): remove the one the handshake line names once the process has gone.
function removeSocket(line) {
    const [, , network, address] = line.split('|');
    if (network === 'unix' && address && path.isAbsolute(address)) {
        try {
            if (fs.statSync(address).isSocket()) {
                fs.unlinkSync(address);
            }
        } catch {
            // already gone
        }
    }
}

function once(exe) {
    return new Promise((resolve, reject) => {
        const started = process.hrtime.bigint();
        const child = spawn(exe, [], {env: {...pluginEnv, PATH: '/nonexistent'}, stdio: ['ignore', 'pipe', 'pipe']});
        let out = '';
        let err = '';
        let done = false;
        const finish = (fn) => {
            if (!done) {
                done = true;
                clearTimeout(timer);
                child.kill('SIGKILL');
                fn();
            }
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no stdout line within ${LIMIT_MS} ms; stderr: ${err.trim()}`))), LIMIT_MS);
        child.stdout.on('data', (chunk) => {
            out += chunk;
            const nl = out.indexOf('\n');
            if (nl >= 0) {
                const ms = Number(process.hrtime.bigint() - started) / 1e6;
                const line = out.slice(0, nl);
                child.once('close', () => removeSocket(line));
                finish(() => resolve({ms, line}));
            }
        });
        child.stderr.on('data', (chunk) => {
            err += chunk;
        });
        child.on('error', (e) => finish(() => reject(new Error(`cannot start ${exe}: ${e.message}`))));
        child.on('close', (code) => finish(() => reject(new Error(`exited (${code}) before printing a line; stderr: ${err.trim()}`))));
    });
}

async function main() {
    const exe = path.resolve(process.argv[2] ?? path.join(root, 'server', 'dist', 'plugin-linux-amd64'));
    const runs = Number(process.argv[3] ?? 20);
    if (!Number.isInteger(runs) || runs < 1) {
        throw new Error(`runs must be a positive whole number, got ${process.argv[3]}`);
    }
    const times = [];
    let first = '';
    for (let i = 0; i < runs; i++) {
        const r = await once(exe);
        times.push(r.ms);
        first = r.line;
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
    process.stdout.write(`${path.relative(root, exe)}: first line after median ${at(0.5)} ms, p90 ${at(0.9)} ms, ` +
        `worst ${times[times.length - 1].toFixed(1)} ms over ${runs} runs (Mattermost allows ${LIMIT_MS} ms)\n` +
        `line: ${first}\n`);
}

main().catch((err) => {
    process.stderr.write(`measure-startup: ${err.message}\n`);
    process.exit(1);
});
