#!/usr/bin/env node
// Watches the process that started it through its stdin: each line is a command, and when
// stdin closes (the parent exited, crashed or was SIGKILLed: the pipe closes with it) every
// registered process group is killed and every registered folder removed. So a failing or
// killed test run never leaves PostgreSQL, Mattermost or the plugin running.
//   "group <pid> <signal>"  kill -<signal> -<pid> at the end (SIGKILL 1 s later if still there)
//   "forget <pid>"          the parent stopped that group itself
//   "dir <path>"            remove the folder at the end
'use strict';
const fs = require('fs');
const readline = require('readline');

const groups = new Map();
const dirs = [];

function alive(pid) {
    try {
        process.kill(-pid, 0);
        return true;
    } catch {
        return false;
    }
}

readline.createInterface({input: process.stdin}).on('line', (line) => {
    const [cmd, arg, signal] = line.trim().split(/\s+/);
    if (cmd === 'group' && Number(arg) > 0) {
        groups.set(Number(arg), signal || 'SIGKILL');
    } else if (cmd === 'forget') {
        groups.delete(Number(arg));
    } else if (cmd === 'dir' && arg) {
        dirs.push(arg);
    }
}).on('close', () => {
    for (const [pid, signal] of groups) {
        try {
            process.kill(-pid, signal);
        } catch {
            groups.delete(pid);
        }
    }
    const deadline = Date.now() + 5000;
    const finish = () => {
        const left = [...groups.keys()].filter(alive);
        if (left.length && Date.now() < deadline) {
            if (Date.now() > deadline - 4000) {
                left.forEach((pid) => {
                    try {
                        process.kill(-pid, 'SIGKILL');
                    } catch {
                        // already gone
                    }
                });
            }
            setTimeout(finish, 100);
            return;
        }
        for (const dir of dirs) {
            fs.rmSync(dir, {recursive: true, force: true});
        }
        process.exit(0);
    };
    finish();
});
