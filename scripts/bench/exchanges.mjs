// The bench's tenants: several state exchanges (as in open enrollment, every state at once), each with a
// submitter key and a webhook pointing at the bench's own receiver, so result delivery is part of the load.
import { createServer } from 'node:http';

async function admin(consoleUrl, token, method, path, body) {
  const response = await fetch(`${consoleUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text);
}

/** Creates `count` exchanges through the console's admin API; returns [{ exchangeId, key }]. */
export async function createExchanges(hub, count, webhookUrl) {
  const run = Date.now().toString(36);
  const exchanges = [];
  for (let i = 0; i < count; i++) {
    const exchangeId = `bench-${run}-${i}`;
    await admin(hub.consoleUrl, hub.adminToken, 'POST', '/v1/admin/exchanges', { id: exchangeId, name: `Bench exchange ${i}` });
    const { key } = await admin(hub.consoleUrl, hub.adminToken, 'POST', '/v1/admin/credentials', { role: 'submitter', exchangeId, label: 'bench' });
    if (webhookUrl) await admin(hub.consoleUrl, hub.adminToken, 'PUT', `/v1/admin/exchanges/${exchangeId}/webhook`, { url: webhookUrl });
    exchanges.push({ exchangeId, key });
  }
  return exchanges;
}

/**
 * Receives the hub's webhook deliveries (answers 204) and notes when each verification's result arrived.
 * The signature is not checked here (webhooks.e2e-spec.ts does): the bench only needs the arrival time.
 */
export async function startWebhookReceiver() {
  const arrivals = new Map(); // verification id -> wall-clock ms
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const at = performance.timeOrigin + performance.now();
      try {
        const id = JSON.parse(Buffer.concat(chunks).toString('utf8')).data?.id;
        if (id && !arrivals.has(id)) arrivals.set(id, at);
      } catch {
        // not a delivery: ignore
      }
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/dxhub-results`,
    arrivals,
    stop: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
