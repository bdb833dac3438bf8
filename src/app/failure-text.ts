// The text kept with a failed attempt — an order event's last error, a sync job's, a redemption's
// reason — which the store's staff read in the admin API and the panel. An error that wraps
// another (the database driver's, the network's) is described by the innermost one: a wrapper's
// own message may quote the SQL statement with its parameters (shoppers' e-mails and names).
export function failureText(error: unknown): string {
  let inner = error;
  for (let depth = 0; depth < 10 && inner instanceof Error && inner.cause instanceof Error; depth++) inner = inner.cause;
  return inner instanceof Error ? inner.message : String(error);
}
