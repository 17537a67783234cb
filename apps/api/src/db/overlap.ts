/**
 * Lets the database execute a large write while this process computes something that does not
 * depend on it (a Merkle root over the same rows): the statement is handed to the driver, one
 * turn of the event loop sends it, then `compute` runs. The write is awaited before the result is
 * returned, so the caller's transaction sees the same statements in the same order as if it had
 * awaited the write first; only the two processes' CPU time overlaps. A failed write fails the
 * call (after `compute`); a throwing `compute` waits for the write to settle, then throws.
 */
export async function overlap<T>(write: Promise<unknown>, compute: () => T): Promise<T> {
  // Awaited below; this keeps a rejection from counting as unhandled while `compute` runs.
  write.catch(() => undefined);
  await new Promise<void>((resolve) => setImmediate(resolve));
  let value: T;
  try {
    value = compute();
  } catch (error) {
    await write.catch(() => undefined);
    throw error;
  }
  await write;
  return value;
}
