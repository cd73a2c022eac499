import { provisionTemporalCli } from '../src/devstack/temporal-cli.js';

/** Finds or builds the Temporal CLI (cached outside the clone) and prints where it is. */
async function main(): Promise<void> {
  const started = Date.now();
  const cli = await provisionTemporalCli((line) => console.log(line));
  console.log(`Temporal CLI: ${cli.path} (from ${cli.source}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
