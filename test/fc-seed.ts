/**
 * The fast-check seed of a test file: FC_SEED replays a failure, else a new one each run. Logged, so the run that
 * failed can be replayed.
 */
export function fastCheckSeed(testName: string): number {
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  console.log(`${testName} fast-check seed: ${seed} (replay with FC_SEED=${seed})`);
  return seed;
}
