/** Polls `probe` until `done` holds; past `ms` it throws with the last value seen. */
export async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, ms = 30_000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms (last: ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
