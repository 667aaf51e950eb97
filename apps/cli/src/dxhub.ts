import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { ownerDatabaseUrl, prepareDatabase } from '@dxhub/persistence';
import { ProblemException, safeUrl } from '@dxhub/platform';
import { derivedBlindIndexKey, piiKeyFromBase64 } from '@dxhub/security';
import { cliPrincipal, withTenantAdmin } from './admin-context';
import { registerAuditCommands } from './audit/audit.commands';
import { grantAmqpAccess } from './amqp/amqp-grant';
import { loadCliConfig } from './cli.config';
import { withKeyRotation } from './keys/key-rotation-context';
import { rotationProgressPrinter } from './keys/rotation-progress.printer';

// `npm run dxhub -- <command>`: the administrator's command line (the same use cases as the console's admin API).

const program = new Command('dxhub').description('dxhub administration').showHelpAfterError();
const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

program
  .command('db:setup')
  .description('create the database when missing, apply pending migrations (as DATABASE_OWNER_URL), grant the processes\' role')
  .action(async () => {
    const { DATABASE_URL, DATABASE_OWNER_URL, NODE_ENV } = loadCliConfig();
    const ownerUrl = ownerDatabaseUrl(DATABASE_URL, DATABASE_OWNER_URL, NODE_ENV === 'production');
    const { created, applied, appRole } = await prepareDatabase(ownerUrl, DATABASE_URL);
    if (created) console.log(`created database ${safeUrl(ownerUrl)}`);
    console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
    if (appRole) console.log(`granted least privilege to ${appRole}`);
  });

const exchanges = program.command('exchanges').description('state exchanges (tenants)');
exchanges
  .command('create <id> <name>')
  .description('create an exchange, e.g. exchanges create ma "Massachusetts Health Connector"')
  .action((id: string, name: string) => withTenantAdmin(loadCliConfig(), (admin, actor) => admin.createExchange(actor, { id, name })).then(print));
exchanges
  .command('list')
  .action(() => withTenantAdmin(loadCliConfig(), (admin) => admin.listExchanges()).then(print));
exchanges
  .command('webhook <exchangeId> <url>')
  .description('set where results are pushed; prints the signing secret')
  .option('--secret <secret>', 'use this signing secret instead of a generated one')
  .action((exchangeId: string, url: string, options: { secret?: string }) =>
    withTenantAdmin(loadCliConfig(), (admin, actor) => admin.setWebhook(actor, exchangeId, { url, ...options })).then(print),
  );

exchanges
  .command('amqp <exchangeId> <user>')
  .description('map the RabbitMQ user whose messages speak for the exchange (the user itself is made with `amqp grant` or by RabbitMQ\'s own tools)')
  .action((exchangeId: string, user: string) => withTenantAdmin(loadCliConfig(), (admin, actor) => admin.setAmqpUser(actor, exchangeId, { user })).then(print));

const amqp = program.command('amqp').description('the message-broker channel (RabbitMQ)');
amqp
  .command('grant <exchangeId>')
  .description("create or re-key the exchange's RabbitMQ user with least privileges, map it, declare its reply queue; prints the password once")
  .option('--user <name>', 'the RabbitMQ user (default <exchangeId>-backend)')
  .option('--password <password>', 'use this password instead of a generated one')
  .action((exchangeId: string, o: { user?: string; password?: string }) => grantAmqpAccess(loadCliConfig(), exchangeId, o).then(print));

const credentials = program.command('credentials').description('API keys');
credentials
  .command('create')
  .description('issue a key (shown once)')
  .requiredOption('--role <role>', 'submitter | operator | auditor | admin')
  .option('--exchange <id>', 'the exchange a submitter acts for')
  .option('--label <label>', 'what the key is for')
  .option('--expires-at <iso>', 'expiry, ISO 8601')
  .action((o: { role: string; exchange?: string; label?: string; expiresAt?: string }) =>
    withTenantAdmin(loadCliConfig(), (admin, actor) =>
      admin.createCredential(actor, { role: o.role, exchangeId: o.exchange, label: o.label, expiresAt: o.expiresAt }),
    ).then(print),
  );
credentials
  .command('list')
  .description('list keys (never the secret)')
  .action(() => withTenantAdmin(loadCliConfig(), (admin) => admin.listCredentials()).then(print));
credentials
  .command('revoke <id>')
  .description('revoke a key at once')
  .action((id: string) => withTenantAdmin(loadCliConfig(), (admin, actor) => admin.revokeCredential(actor, id)).then(() => console.log(`revoked ${id}`)));
credentials
  .command('rotate <id>')
  .description('issue a successor key (shown once); the old key keeps working for the overlap')
  .option('--overlap-seconds <n>', 'how long the old key keeps working (default 86400, at most 30 days)', (v: string) => (/^\d+$/.test(v) ? Number(v) : v))
  .action((id: string, o: { overlapSeconds?: number | string }) =>
    withTenantAdmin(loadCliConfig(), (admin, actor) => admin.rotateCredential(actor, id, { overlapSeconds: o.overlapSeconds })).then(print),
  );

const keys = program.command('keys').description('PII encryption keys (PII_ENCRYPTION_KEY, PII_ENCRYPTION_KEYS_PREVIOUS)');
keys
  .command('status')
  .description('per encrypted column, how many values are under each key id')
  .action(() => withKeyRotation(loadCliConfig(), (rotation) => rotation.status()).then(print));
keys
  .command('rotate')
  .description('re-encrypt every value under the current key, in batches, while the hub runs (safe to rerun)')
  .option('--batch <n>', 'rows per batch (one transaction each)', (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 10_000) throw new InvalidArgumentError('a whole number from 1 to 10000');
    return Number(v);
  }, 500)
  .action((o: { batch: number }) =>
    withKeyRotation(loadCliConfig(), (rotation) => rotation.rotate(cliPrincipal(), o.batch, rotationProgressPrinter())).then(print),
  );
keys
  .command('blind-index-key')
  .description('print the SSN blind-index key in effect (set PII_BLIND_INDEX_KEY to it before changing PII_ENCRYPTION_KEY)')
  .action(() => {
    const config = loadCliConfig();
    const key = config.PII_BLIND_INDEX_KEY ?? derivedBlindIndexKey(piiKeyFromBase64(config.PII_ENCRYPTION_KEY)).toString('base64');
    console.log(key);
  });

registerAuditCommands(program);

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ProblemException) {
    const { detail, errors } = error.problem;
    console.error(`dxhub: ${detail}${errors.map((e) => `\n  ${e.field}: ${e.message}`).join('')}`);
  } else {
    console.error(`dxhub: ${error instanceof Error ? error.message : error}`);
  }
  process.exit(1);
});
