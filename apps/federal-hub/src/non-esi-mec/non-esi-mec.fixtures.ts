import { testPerson } from '../testing/hub-calls';
import { NonEsiIndividualRequest, NonEsiMecRequest } from './non-esi-mec.types';

// Request builders for the specs of this folder.

/** An RJ31 individual asking every source about calendar year 2026, unless `overrides` say otherwise. */
export function nonEsiIndividual(ssn: string, overrides: Partial<NonEsiIndividualRequest> = {}): NonEsiIndividualRequest {
  return {
    ...testPerson(ssn),
    usStateCode: 'MA',
    insurancePolicyEffectiveDate: '2026-01-01',
    insurancePolicyExpirationDate: '2026-12-31',
    ...overrides,
  };
}

export const nonEsiRequest = (...individuals: NonEsiIndividualRequest[]): NonEsiMecRequest => ({
  verifyNonESIMECRequest: { individualRequestArray: individuals },
});
