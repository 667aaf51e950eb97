import { OrganizationCode } from './non-esi-mec.types';

/** What one trusted data source says about a person: a MECVerificationCode, or nothing in time. */
export type SourceVerdict = 'Y' | 'N' | 'P' | 'timeout';

/**
 * The synthetic population, by the SSN's last digit: which sources do not answer N. 0-1 no coverage
 * anywhere; 2 Peace Corps; 3 Medicaid; 4 CHIP; 5 Basic Health Program; 6 Medicare; 7 VHA and TRICARE;
 * 8 Medicaid pending (P); 9 VHA and TRICARE do not answer in time (a partial response).
 * A source that is not asked says nothing, so asking only others hides its verdict.
 */
const EXCEPTIONS: Readonly<Record<number, Partial<Record<OrganizationCode, SourceVerdict>>>> = {
  2: { PECO: 'Y' },
  3: { MEDC: 'Y' },
  4: { CHIP: 'Y' },
  5: { BHPC: 'Y' },
  6: { MEDI: 'Y' },
  7: { VHPC: 'Y', TRIC: 'Y' },
  8: { MEDC: 'P' },
  9: { VHPC: 'timeout', TRIC: 'timeout' },
};

export function verdictOf(ssn: string, organization: OrganizationCode): SourceVerdict {
  return EXCEPTIONS[Number(ssn.at(-1))]?.[organization] ?? 'N';
}
