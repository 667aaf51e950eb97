import { randomBytes } from 'node:crypto';
import { AuditJournal } from '@dxhub/audit';
import { AuditEventRepository, CredentialEntity, ExchangeEntity, newId, TenantRepository } from '@dxhub/persistence';
import { bodyValidator, Problems } from '@dxhub/platform';


import { actorOf, generateApiKey, normalizeFingerprint256, PiiCipher, Principal } from '@dxhub/security';
import {
  CreateCredentialInput,
  createCredentialSchema,
  CreateExchangeInput,
  createExchangeSchema,
  DEFAULT_ROTATION_OVERLAP_SECONDS,
  RotateCredentialInput,
  rotateCredentialSchema,
  SetAmqpUserInput,
  setAmqpUserSchema,
  SetClientCertificateInput,
  setClientCertificateSchema,
  SetWebhookInput,
  setWebhookSchema,
} from './tenant-admin.schemas';
import { webhookUrlProblem } from './webhook-url';

const validateExchange = bodyValidator<CreateExchangeInput>(createExchangeSchema);
const validateCredential = bodyValidator<CreateCredentialInput>(createCredentialSchema);
const validateWebhook = bodyValidator<SetWebhookInput>(setWebhookSchema);
const validateRotation = bodyValidator<RotateCredentialInput>(rotateCredentialSchema);
const validateClientCertificate = bodyValidator<SetClientCertificateInput>(setClientCertificateSchema);
const validateAmqpUser = bodyValidator<SetAmqpUserInput>(setAmqpUserSchema);

/** An exchange as administrators see it: never the webhook secret. */
export interface ExchangeView {
  id: string;
  name: string;
  webhookUrl: string | null;
  createdAt: string;
}

export function exchangeView(exchange: ExchangeEntity): ExchangeView {
  return { id: exchange.id, name: exchange.name, webhookUrl: exchange.webhookUrl, createdAt: exchange.createdAt.toISOString() };
}

/** A credential as administrators see it: never the key or its hash. */
export interface CredentialView {
  id: string;
  keyPrefix: string;
  role: string;
  exchangeId: string | null;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
  expiresAt: string | null;
  replacedBy: string | null;
}

export function credentialView(c: CredentialEntity): CredentialView {
  return {
    id: c.id,
    keyPrefix: c.keyPrefix,
    role: c.role,
    exchangeId: c.exchangeId,
    label: c.label,
    createdAt: c.createdAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    expiresAt: c.expiresAt?.toISOString() ?? null,
    replacedBy: c.replacedBy,
  };
}

export interface IssuedCredential {
  id: string;
  key: string;
  role: string;
  exchangeId: string | null;
  label: string | null;
  expiresAt: string | null;
}

/** A key issued by rotation; `replaces` names the credential that keeps working until the overlap ends. */
export interface RotatedCredentialView extends IssuedCredential {
  replaces: string;
}

/**
 * The administrator's use cases, shared by the console's admin API and the CLI. Each validates its input,
 * changes the data and writes its admin.action audit event in one transaction.
 */
export class TenantAdminService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly auditEvents: AuditEventRepository,
    private readonly journal: AuditJournal,
    private readonly cipher: PiiCipher,
    private readonly production: boolean,
  ) {}

  async createExchange(actor: Principal, body: unknown): Promise<ExchangeView> {
    const input = validateExchange(body);
    return this.tenants.transaction(async (manager) => {
      if (!(await this.tenants.insertExchange(manager, input))) {
        throw Problems.conflict(`Exchange "${input.id}" already exists.`, [{ field: 'id', message: 'is taken' }]);
      }
      await this.audit(actor, input.id, { action: 'exchange.create', exchangeId: input.id, name: input.name }, manager);
      return exchangeView(await manager.getRepository(ExchangeEntity).findOneByOrFail({ id: input.id }));
    });
  }

  async createCredential(actor: Principal, body: unknown): Promise<IssuedCredential> {
    const input = validateCredential(body);
    if (input.role === 'submitter' && !input.exchangeId) throw Problems.validation([{ field: 'exchangeId', message: 'is required for submitters' }]);
    if (input.role !== 'submitter' && input.exchangeId) throw Problems.validation([{ field: 'exchangeId', message: 'must be absent for staff roles' }]);
    if (input.expiresAt && Date.parse(input.expiresAt) <= Date.now()) throw Problems.validation([{ field: 'expiresAt', message: 'must be in the future' }]);
    const { key, hash, prefix } = generateApiKey();
    const id = newId.credential();
    await this.tenants.transaction(async (manager) => {
      if (input.exchangeId && !(await manager.getRepository(ExchangeEntity).existsBy({ id: input.exchangeId }))) {
        throw Problems.validation([{ field: 'exchangeId', message: `no exchange "${input.exchangeId}"` }]);
      }
      await this.tenants.insertCredential(manager, {
        id,
        keyHash: hash,
        keyPrefix: prefix,
        role: input.role,
        exchangeId: input.exchangeId ?? null,
        label: input.label ?? null,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      });
      await this.audit(actor, input.exchangeId ?? null, { action: 'credential.create', credentialId: id, role: input.role }, manager);
    });
    return { id, key, role: input.role, exchangeId: input.exchangeId ?? null, label: input.label ?? null, expiresAt: input.expiresAt ?? null };
  }

  async revokeCredential(actor: Principal, id: string): Promise<void> {
    await this.tenants.transaction(async (manager) => {
      if (!(await this.tenants.revokeCredential(manager, id))) throw Problems.notFound('active credential');
      await this.audit(actor, null, { action: 'credential.revoke', credentialId: id }, manager);
    });
  }

  /**
   * Issues a successor key and lets the old one work for the overlap, so a state partner can deploy the new
   * key without an outage. A POST without a body takes the default overlap.
   */
  async rotateCredential(actor: Principal, id: string, body: unknown): Promise<RotatedCredentialView> {
    const overlapSeconds = validateRotation(body === undefined ? {} : body).overlapSeconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
    const { key, hash, prefix } = generateApiKey();
    const successorId = newId.credential();
    return this.tenants.transaction(async (manager) => {
      const issued = await this.tenants.rotateCredential(manager, id, { id: successorId, keyHash: hash, keyPrefix: prefix }, overlapSeconds);
      if (!issued) {
        const state = await this.tenants.credentialState(manager, id);
        if (state === 'missing') throw Problems.notFound('credential');
        const described = state === 'rotated' ? 'already rotated' : state;
        throw Problems.conflict(`Credential ${id} is ${described}; only an active credential can be rotated.`, [{ field: 'id', message: `is ${described}` }]);
      }
      const message = { action: 'credential.rotate', credentialId: id, newCredentialId: successorId, overlapSeconds };
      await this.audit(actor, issued.exchangeId, message, manager);
      return {
        id: successorId,
        key,
        role: issued.role,
        exchangeId: issued.exchangeId,
        label: issued.label,
        expiresAt: issued.expiresAt?.toISOString() ?? null,
        replaces: id,
      };
    });
  }

  async setWebhook(actor: Principal, exchangeId: string, body: unknown): Promise<{ url: string; secret: string }> {
    const input = validateWebhook(body);
    const urlProblem = webhookUrlProblem(input.url, this.production);
    if (urlProblem) throw Problems.validation([urlProblem]);
    const secret = input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
    await this.tenants.transaction(async (manager) => {
      if (!(await this.tenants.setWebhook(manager, exchangeId, input.url, this.cipher.encrypt(secret)))) throw Problems.notFound('exchange');
      await this.audit(actor, exchangeId, { action: 'webhook.set', exchangeId, url: input.url }, manager);
    });
    return { url: input.url, secret };
  }

  /**
   * Binds the client certificate an exchange's backend must present when the gateway runs mutual TLS; it
   * replaces any earlier one at once (the old certificate stops working for the exchange's keys).
   */
  async setClientCertificate(actor: Principal, exchangeId: string, body: unknown): Promise<{ exchangeId: string; fingerprint256: string }> {
    const fingerprint256 = normalizeFingerprint256(validateClientCertificate(body).fingerprint256);
    await this.tenants.transaction(async (manager) => {
      if (!(await this.tenants.setClientCertificate(manager, exchangeId, fingerprint256))) throw Problems.notFound('exchange');
      await this.audit(actor, exchangeId, { action: 'client-certificate.set', exchangeId, fingerprint256 }, manager);
    });
    return { exchangeId, fingerprint256 };
  }

  /**
   * Maps the RabbitMQ user whose messages speak for the exchange on the message-broker channel (RabbitMQ
   * vouches for a message's user_id); it replaces any earlier user of this exchange at once.
   */
  async setAmqpUser(actor: Principal, exchangeId: string, body: unknown): Promise<{ exchangeId: string; user: string }> {
    const { user } = validateAmqpUser(body);
    await this.tenants.transaction(async (manager) => {
      const outcome = await this.tenants.setAmqpUser(manager, exchangeId, user);
      if (outcome === 'missing') throw Problems.notFound('exchange');
      if (outcome === 'taken') throw Problems.conflict(`RabbitMQ user "${user}" already speaks for another exchange.`, [{ field: 'user', message: 'is mapped to another exchange' }]);
      await this.audit(actor, exchangeId, { action: 'amqp-user.set', exchangeId, user }, manager);
    });
    return { exchangeId, user };
  }

  async listExchanges(): Promise<ExchangeView[]> {
    return (await this.tenants.listExchanges()).map(exchangeView);
  }

  async listCredentials(): Promise<CredentialView[]> {
    return (await this.tenants.listCredentials()).map(credentialView);
  }

  private audit(actor: Principal, exchangeId: string | null, message: Record<string, unknown>, manager: Parameters<AuditEventRepository['append']>[1]) {
    const row = this.journal.prepare({ kind: 'admin.action', exchangeId, verificationId: null, actor: actorOf(actor), correlationId: null, message });
    return this.auditEvents.append([row], manager);
  }
}
