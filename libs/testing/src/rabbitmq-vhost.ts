import { amqpVhostOf, RabbitManagementClient } from '@dxhub/messaging';

/**
 * A RabbitMQ virtual host of the tests' own, empty: dropped with everything in it and made again, with the
 * hub's user (guest) allowed everything in it. RabbitMQ missing is a failure with the way to start it,
 * never a skipped test.
 */
export async function recreateRabbitVhost(amqpUrl: string, managementUrl: string): Promise<void> {
  const management = new RabbitManagementClient(managementUrl);
  const vhost = amqpVhostOf(amqpUrl);
  try {
    await management.deleteVhost(vhost);
  } catch (error) {
    throw new Error(
      `RabbitMQ is needed by the end-to-end tests (the AMQP channel): ${(error as Error).message}. ` +
        'Start it with `rabbitmq-server -detached` and enable the management API with `rabbitmq-plugins enable rabbitmq_management`.',
    );
  }
  await management.putVhost(vhost);
  await management.setPermissions(vhost, 'guest', { configure: '.*', write: '.*', read: '.*' });
}
