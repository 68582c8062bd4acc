/**
 * Batches with what each needs loaded one batch ahead: while a batch is worked on (written to the
 * bank, checked), the next one's load (records read and decompressed from the repository, or rows
 * read from the bank) is already under way, so the two overlap instead of taking turns.
 */

/** `items` in batches of `size`, each with what `load` gives for it, loaded one batch ahead. */
export async function* readAhead<T, L>(
  items: readonly T[],
  size: number,
  load: (batch: T[]) => Promise<L>,
): AsyncGenerator<{ batch: T[]; loaded: L }> {
  const start = (offset: number) => {
    const batch = items.slice(offset, offset + size);
    const loading = load(batch);
    // A load whose batch is never reached (the work stopped) must not be an unhandled rejection.
    loading.catch(() => {});
    return { batch, loading };
  };
  let next = items.length ? start(0) : null;
  for (let offset = 0; next; offset += size) {
    const current = next;
    const loaded = await current.loading;
    next = offset + size < items.length ? start(offset + size) : null;
    yield { batch: current.batch, loaded };
  }
}
