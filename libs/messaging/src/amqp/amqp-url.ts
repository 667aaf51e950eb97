/** AMQP_URL's value that turns the message-broker channel off. */
export const AMQP_OFF = 'off';

export function amqpEnabled(url: string): boolean {
  return url !== AMQP_OFF;
}

/**
 * The RabbitMQ user the URL logs in as: the hub sets it as user_id on everything it publishes, so a state
 * backend can tell the hub's messages from anything another user managed to put in its queue.
 */
export function amqpUserOf(url: string): string {
  const { username } = new URL(url);
  return username ? decodeURIComponent(username) : 'guest';
}

/** The virtual host of an AMQP URL ("/" when the path is empty). */
export function amqpVhostOf(url: string): string {
  const path = new URL(url).pathname;
  return path && path !== '/' ? decodeURIComponent(path.slice(1)) : '/';
}

/** The URL without its password, for logs and messages. */
export function safeAmqpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** A /health check (HealthCheck's shape) that is up while the process's RabbitMQ connection is. */
export function amqpConnectionCheck(isConnected: () => boolean): { name: string; check(): Promise<void> } {
  return {
    name: 'amqp',
    check: async () => {
      if (!isConnected()) throw new Error('not connected to RabbitMQ');
    },
  };
}
