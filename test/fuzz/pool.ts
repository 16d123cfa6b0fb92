/** Run jobs with at most `n` at once, reporting each result as it lands. */
export async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>, onResult?: (r: R, done: number) => void): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
      onResult?.(out[i]!, ++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}
