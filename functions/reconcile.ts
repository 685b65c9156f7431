import { app } from '@azure/functions';
import { reconcileTimer } from '../shared/http/handlers/reconcile-timer';

/** Reconciliation (DESIGN.md §5), on the schedule in the ROSTER_RECONCILE_SCHEDULE app setting. */
app.timer('reconcile', {
  schedule: '%ROSTER_RECONCILE_SCHEDULE%',
  handler: reconcileTimer,
});
