// The open loop's schedule, shared by the hub's open loop (load.mjs) and the ideal pipeline's paced producer.

export const wallNow = () => performance.timeOrigin + performance.now();

/**
 * Calls `send(index, scheduled, now)` for `total` sends, send i due at start + i / rate and made then, whether
 * or not earlier ones were answered (no coordinated omission: a busy event loop sends late, and the caller
 * counts latency from `scheduled`). Resolves once every send has settled, with the schedule's start.
 */
export async function pace({ rate, total, send, onTick = () => {} }) {
  const intervalMs = 1000 / rate;
  const started = wallNow() + 20;
  const inFlight = new Set();
  let sent = 0;
  while (sent < total) {
    const now = wallNow();
    while (sent < total && started + sent * intervalMs <= now) {
      const scheduled = started + sent * intervalMs;
      const sending = Promise.resolve(send(sent++, scheduled, now)).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    onTick(sent, total);
    const wait = started + sent * intervalMs - wallNow();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(wait, 50))));
  }
  await Promise.all(inFlight);
  return { started };
}
