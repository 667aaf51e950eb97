import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ValidateFunction } from 'ajv';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../federal-hub.config';
import { SsaIndividualRequest } from '../ssa-composite/ssa-composite.types';

type InjectResponse = Awaited<ReturnType<NestFastifyApplication['inject']>>;

export async function issueToken(app: NestFastifyApplication): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: DEV_CLIENT_ID, client_secret: DEV_CLIENT_SECRET }).toString(),
  });
  if (response.statusCode !== 200) throw new Error(`token request answered ${response.statusCode}`);
  return response.json<{ access_token: string }>().access_token;
}

export interface HubCall {
  token?: string;
  messageId?: string | null;
  contentType?: string;
  payload?: unknown;
}

let sequence = 0;

/** `POST /hub/<service>` with valid headers unless a call says otherwise (`null` leaves one out). */
export function callHub(app: NestFastifyApplication, service: string, call: HubCall): Promise<InjectResponse> {
  const headers: Record<string, string> = { 'content-type': call.contentType ?? 'application/json' };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  if (call.messageId !== null) headers.messageid = call.messageId ?? `msg-${++sequence}`;
  const payload = typeof call.payload === 'string' ? call.payload : JSON.stringify(call.payload ?? {});
  return app.inject({ method: 'POST', url: `/hub/${service}`, headers, payload });
}

/** An assertion that a body passes `validate`, failing with ajv's errors (which say what is wrong) when not. */
export function schemaAssertion(validate: ValidateFunction): (body: unknown) => void {
  return (body) => {
    const valid = validate(body);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  };
}

/** The person the specs' requests are about, by the fields most services name a person with. */
export const testPerson = (ssn: string) => ({ personSocialSecurityNumber: ssn, personGivenName: 'Ana', personSurName: 'Silva', personBirthDate: '1980-02-29' });

/** An SSA Composite individual asking nothing optional, unless `overrides` do. */
export function ssaIndividual(ssn: string, overrides: Partial<SsaIndividualRequest> = {}): SsaIndividualRequest {
  return {
    ...testPerson(ssn),
    requestCitizenshipVerificationIndicator: false,
    requestIncarcerationVerificationIndicator: false,
    requestTitleIIMonthlyIncomeVerificationIndicator: false,
    requestTitleIIAnnualIncomeVerificationIndicator: false,
    requestQuartersOfCoverageVerificationIndicator: false,
    ...overrides,
  };
}

export const ssaRequest = (...individuals: SsaIndividualRequest[]) => ({ ssaCompositeRequest: { ssaCompositeIndividualRequestArray: individuals } });
