import { amqpReplyQueue } from '@dxhub/contracts';

/** What a RabbitMQ user may do in a virtual host: regexes over resource names (RabbitMQ's own model). */
export interface RabbitPermissions {
  configure: string;
  write: string;
  read: string;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The least an exchange's backend needs: publish through the default exchange (that is how a message
 * reaches the `dxhub.requests` queue) and read its own reply queue. It may declare, bind or delete
 * nothing, publish to no other exchange (so never to `dxhub.results`), and read no other queue.
 */
export function exchangeUserPermissions(exchangeId: string): RabbitPermissions {
  return { configure: '^$', write: '^amq\\.default$', read: `^${escapeRegex(amqpReplyQueue(exchangeId))}$` };
}

/**
 * A small client of RabbitMQ's management HTTP API (the rabbitmq_management plugin): users, their
 * permissions and virtual hosts. The URL carries the administrator's credentials,
 * e.g. http://guest:guest@127.0.0.1:15672.
 */
export class RabbitManagementClient {
  private readonly base: string;
  private readonly authorization: string;

  constructor(managementUrl: string) {
    const url = new URL(managementUrl);
    this.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    url.username = '';
    url.password = '';
    this.base = `${url.origin}${url.pathname.replace(/\/$/, '')}/api`;
  }

  /** A user's tags (administrator, management, ...: empty for an ordinary user), or null when there is no such user. */
  async userTags(user: string): Promise<string[] | null> {
    const response = await this.request('GET', `/users/${encodeURIComponent(user)}`, undefined, [404]);
    if (response.status === 404) return null;
    const { tags } = (await response.json()) as { tags: string | string[] };
    return (Array.isArray(tags) ? tags : tags.split(',')).filter(Boolean);
  }

  async putUser(user: string, password: string): Promise<void> {
    await this.request('PUT', `/users/${encodeURIComponent(user)}`, { password, tags: '' });
  }

  async deleteUser(user: string): Promise<void> {
    await this.request('DELETE', `/users/${encodeURIComponent(user)}`, undefined, [404]);
  }

  async setPermissions(vhost: string, user: string, permissions: RabbitPermissions): Promise<void> {
    await this.request('PUT', `/permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(user)}`, permissions);
  }

  async putVhost(vhost: string): Promise<void> {
    await this.request('PUT', `/vhosts/${encodeURIComponent(vhost)}`, {});
  }

  async deleteVhost(vhost: string): Promise<void> {
    await this.request('DELETE', `/vhosts/${encodeURIComponent(vhost)}`, undefined, [404]);
  }

  /** A queue's message count and consumers, or null when it does not exist. */
  async queue(vhost: string, name: string): Promise<{ messages: number; consumers: number } | null> {
    const response = await this.request('GET', `/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`, undefined, [404]);
    return response.status === 404 ? null : ((await response.json()) as { messages: number; consumers: number });
  }

  private async request(method: string, path: string, body?: unknown, alsoFine: number[] = []): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: this.authorization, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new Error(
        `cannot reach the RabbitMQ management API at ${this.base} (${cause}): enable it with \`rabbitmq-plugins enable rabbitmq_management\` or set AMQP_MANAGEMENT_URL`,
      );
    }
    if (!response.ok && !alsoFine.includes(response.status)) {
      throw new Error(`RabbitMQ management API: ${method} ${path} answered ${response.status} ${await response.text()}`);
    }
    return response;
  }
}
