/**
 * Last-resort cleanup: when the test worker exits without running afterAll (a
 * crash, a timeout), the servers and services it started must not outlive it.
 * Each hook must be synchronous. Returns a function that removes the hook.
 */
const hooks = new Set<() => void>();
let installed = false;

export function onProcessExit(hook: () => void): () => void {
  if (!installed) {
    installed = true;
    process.once('exit', () => {
      for (const run of [...hooks].reverse()) {
        try {
          run();
        } catch {
          // keep cleaning up the rest
        }
      }
    });
  }
  hooks.add(hook);
  return () => hooks.delete(hook);
}
