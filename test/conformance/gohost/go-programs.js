// The Go go-plugin host (gohost) and the reference Go plugin (goref), built from the
// conformance module by ../go-build.js. Shared by the jest tests (through build-go.ts) and
// scripts/bench-bridge.js.
'use strict';
const {buildGoProgram} = require('../go-build.js');

const PROGRAMS = ['gohost', 'goref'];

/**
 * Builds the named programs (or reuses the binaries built from the same sources with the
 * same toolchain) and returns their paths. Throws with what to install when Go is missing.
 * @param {Array<'gohost'|'goref'>} programs
 * @param {{env?: NodeJS.ProcessEnv, variant?: string}} [options]
 * @returns {Record<string, string>}
 */
function buildGoPrograms(programs, options = {}) {
    const out = {};
    for (const program of programs) {
        if (!PROGRAMS.includes(program)) {
            throw new Error(`unknown Go program ${program}; known: ${PROGRAMS.join(', ')}`);
        }
        out[program] = buildGoProgram(program, program, options);
    }
    return out;
}

module.exports = {buildGoPrograms, PROGRAMS};
