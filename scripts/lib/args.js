'use strict';
// `--name N` integer options for the project's scripts, with a clear error and exit code 2.

/**
 * @param {string} name option name without the dashes
 * @param {number} fallback value when the option is absent
 * @param {number} [min] smallest accepted value (default 0)
 */
function intArg(name, fallback, min = 0) {
    const i = process.argv.indexOf(`--${name}`);
    if (i < 0) {
        return fallback;
    }
    const v = Number(process.argv[i + 1]);
    if (!Number.isSafeInteger(v) || v < min) {
        console.error(`--${name} needs an integer of at least ${min}`);
        process.exit(2);
    }
    return v;
}

module.exports = {intArg};
