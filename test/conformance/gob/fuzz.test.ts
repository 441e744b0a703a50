/**
 * Runs the gob fuzz script briefly, as CI does: a few thousand mutated streams must produce
 * only GobErrors, no hang and no heap growth. Longer runs: node scripts/fuzz-gob.js --count N.
 */
import {spawnSync} from 'child_process';
import {join} from 'path';

test('gob fuzz script: mutated streams end only in GobError, never in a crash or hang', () => {
    const script = join(__dirname, '..', '..', '..', 'scripts', 'fuzz-gob.js');
    const res = spawnSync(process.execPath, [script, '--count', '4000', '--seed', '20240601'], {encoding: 'utf8', timeout: 120_000});
    const output = `${res.stdout}${res.stderr}`;
    expect(output).toMatch(/inputs: 4000 /);
    expect(output).toMatch(/crashes: 0 {2}hangs: 0 /);
    expect(res.status).toBe(0);
}, 150_000);
