export interface WaitOptions {
  /** Give up after this long; the deadline is generous so a slow machine does not fail a test. */
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Polls until `check` returns a value other than undefined/false, or throws with
 * the last failure once the deadline passes. For eventual consistency, not timing.
 */
export async function waitFor<T>(
  description: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let lastError: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result !== undefined && result !== false) {
        return result;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${description}${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}
