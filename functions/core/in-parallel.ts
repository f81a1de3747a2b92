/** Working through a list a few items at a time, in order, stopping at the first failure. */

/**
 * Calls `work` on every item, at most `concurrency` at once, and resolves with the results in the
 * items' order. On the first rejection no new item is started; the calls in flight are awaited,
 * then that first error is thrown.
 */
export async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  // Filled by index as the calls finish; when none failed, every index is set.
  const results: R[] = [];
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
