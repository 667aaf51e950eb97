import { testPerson } from '../testing/hub-calls';
import { EsiApplicantRequest, EsiMecRequest } from './esi-mec.types';

// Request builders for the specs of this folder.

/** An RJ14 applicant asking about calendar year 2026, unless `overrides` say otherwise. */
export function esiApplicant(ssn: string, overrides: Partial<EsiApplicantRequest> = {}): EsiApplicantRequest {
  return {
    ...testPerson(ssn),
    usStateCode: 'MA',
    requestedCoveragePeriod: { startDate: '2026-01-01', endDate: '2026-12-31' },
    ...overrides,
  };
}

export const esiRequest = (...applicants: EsiApplicantRequest[]): EsiMecRequest => ({ esiMECRequest: { applicantRequestArray: applicants } });
