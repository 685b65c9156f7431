/**
 * Runs `shutdown` on the first SIGINT/SIGTERM, then exits with its code (0 by default);
 * a second signal exits at once with 130. Returns a function that removes the handlers.
 */
export function onShutdown(shutdown: (signal: NodeJS.Signals) => Promise<number | void>): () => void {
  let shuttingDown = false;
  const handler = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      console.error('Forced exit.');
      process.exit(130);
    }
    shuttingDown = true;
    shutdown(signal).then(
      (code) => process.exit(code ?? 0),
      (error: unknown) => {
        console.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
