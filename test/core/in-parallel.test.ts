import { describe, expect, it } from 'vitest';
import { inParallel } from '../../functions/core/in-parallel.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('inParallel', () => {
  it('returns the results in the order of the items, never running more than asked at once', async () => {
    let running = 0;
    let most = 0;
    const results = await inParallel([5, 1, 4, 2, 3], 2, async (n, i) => {
      running++;
      most = Math.max(most, running);
      for (let t = 0; t < n; t++) await tick();
      running--;
      return `${i}:${n}`;
    });
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3']);
    expect(most).toBe(2);
  });

  it('starts nothing after a failure, waits for the calls in flight, and throws the first error', async () => {
    const started: number[] = [];
    let finished = 0;
    const run = inParallel([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 1) throw new Error('first');
      if (n === 2) {
        await tick();
        finished++;
        throw new Error('second');
      }
      return n;
    });
    await expect(run).rejects.toThrow('first');
    expect(finished).toBe(1);
    expect(started).toEqual([1, 2]);
  });

  it('resolves an empty list without calling work', async () => {
    expect(await inParallel([], 4, () => Promise.reject(new Error('called')))).toEqual([]);
  });
});
