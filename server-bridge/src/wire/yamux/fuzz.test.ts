import {runYamuxFuzz} from './fuzz';

test('mutated frame sequences never crash, hang or overfill a session', async () => {
    const report = await runYamuxFuzz({count: 1500, seed: 12345});
    expect(report.failures).toEqual([]);
    expect(report.crashes).toBe(0);
    expect(report.hangs).toBe(0);
    expect(report.inputs).toBe(1500);
    // The mutations must actually reach the error paths, and valid input must get through.
    expect(report.rejected).toBeGreaterThan(100);
    expect(report.rejected).toBeLessThan(1500);
}, 30_000);
