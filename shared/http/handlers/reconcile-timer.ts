import type { InvocationContext, Timer } from '@azure/functions';
import { describeStop, runReconciliation } from '../../reconcile/run-reconciliation';
import { getServices } from '../services';

/** The reconciliation timer: one run, each directory's report logged as one JSON line. */
export async function reconcileTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  const services = await getServices();
  const result = await runReconciliation(services, (line) => context.log(line));
  const stop = describeStop(result);
  if (stop) context.log(`reconciliation: ${stop}`);
}
