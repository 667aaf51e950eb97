// VLP messages for the simulator's specs.
import { DhsId, InitialVerificationRequestSet, VlpStep1Request } from './vlp.types';

/** An individual with an I-551 whose A-number ends in `digit` (see vlp-population.ts), `overrides` applied. */
export function individual(digit: number, overrides: Partial<InitialVerificationRequestSet> = {}): InitialVerificationRequestSet {
  return {
    dhsId: i551(`12345678${digit}`),
    firstName: 'Ana',
    lastName: 'Silva',
    dateOfBirth: '1980-02-29',
    fiveYearBarApplicabilityIndicator: false,
    requestSponsorDataIndicator: false,
    requestGrantDateIndicator: false,
    ...overrides,
  };
}

export const i551 = (alienNumber: string): DhsId => ({ i551DocumentID: { alienNumber, receiptNumber: 'EAC1234567890' } });

export const step1Message = (...individuals: InitialVerificationRequestSet[]): VlpStep1Request => ({
  initialVerificationRequest: { initialVerificationRequestSetArray: individuals },
});

export const initiateStep2 = (caseNumber: string, lastName?: string) => ({
  initiateAdditionalVerificationRequest: { caseNumber, ...(lastName ? { lastName } : {}) },
});
export const initiateStep3 = (caseNumber: string, lastName?: string) => ({
  initiateThirdVerificationRequest: { caseNumber, ...(lastName ? { lastName } : {}) },
});
export const step2Resolution = (caseNumber: string) => ({ retrieveStep2CaseResolutionRequest: { caseNumber } });
export const step3Resolution = (caseNumber: string) => ({ retrieveStep3CaseResolutionRequest: { caseNumber } });
export const closeCase = (caseNumber: string, lastName?: string) => ({ closeCaseRequest: { caseNumber, ...(lastName ? { lastName } : {}) } });
