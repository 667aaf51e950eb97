import { WEB_SERVICE_VERSION } from './vlp-response-codes';
import { CaseDetermination, VerificationCode } from './vlp.types';

export const AGENCY_ACTION = {
  closeCase: 'Invoke CloseCase Web method to close the case.',
  additionalVerification: 'InitiateAdditionalVerif',
  thirdVerification: 'InitiateThirdVerif',
  reverify: 'Reverify',
} as const;

/** An immigration status DHS can find, with the codes the Hub derives from it. */
export interface ImmigrationStatus {
  lawfulPresenceVerifiedCode: VerificationCode;
  eligStatementCd: number;
  eligStatementTxt: string;
  agencyAction: string;
  qualifiedNonCitizenCode: VerificationCode;
  usCitizenCode: VerificationCode;
  /** fiveYearBarApplyCode and fiveYearBarMetCode when the requester asked about the bar (X and X when not). */
  fiveYearBar: [VerificationCode, VerificationCode];
  /** Class of admission. */
  coaCode?: string;
  /** Years in which the status was granted (a grant date is derived in them), for statuses that have one. */
  grantYears?: [number, number];
  /** Admitted on a family petition: an affidavit of support exists. */
  sponsored?: boolean;
}

// The eligibility statement codes and texts are the simulator's synthetic ones, in SAVE's wording.
export const STATUS = {
  lprOverFiveYears: {
    lawfulPresenceVerifiedCode: 'Y', eligStatementCd: 3, eligStatementTxt: 'LAWFUL PERMANENT RESIDENT - EMPLOYMENT AUTHORIZED',
    agencyAction: AGENCY_ACTION.closeCase, qualifiedNonCitizenCode: 'Y', usCitizenCode: 'X', fiveYearBar: ['Y', 'Y'],
    coaCode: 'IR1', grantYears: [2005, 2018], sponsored: true,
  },
  lprUnderFiveYears: {
    lawfulPresenceVerifiedCode: 'Y', eligStatementCd: 3, eligStatementTxt: 'LAWFUL PERMANENT RESIDENT - EMPLOYMENT AUTHORIZED',
    agencyAction: AGENCY_ACTION.closeCase, qualifiedNonCitizenCode: 'Y', usCitizenCode: 'X', fiveYearBar: ['Y', 'N'],
    coaCode: 'CR1', grantYears: [2023, 2024], sponsored: true,
  },
  refugee: {
    lawfulPresenceVerifiedCode: 'Y', eligStatementCd: 12, eligStatementTxt: 'REFUGEE - EMPLOYMENT AUTHORIZED',
    agencyAction: AGENCY_ACTION.closeCase, qualifiedNonCitizenCode: 'Y', usCitizenCode: 'X', fiveYearBar: ['N', 'X'],
    coaCode: 'RE1', grantYears: [2010, 2022],
  },
  asylee: {
    lawfulPresenceVerifiedCode: 'Y', eligStatementCd: 13, eligStatementTxt: 'ASYLEE - EMPLOYMENT AUTHORIZED',
    agencyAction: AGENCY_ACTION.closeCase, qualifiedNonCitizenCode: 'Y', usCitizenCode: 'X', fiveYearBar: ['N', 'X'],
    coaCode: 'AS1', grantYears: [2010, 2022],
  },
  nonImmigrant: {
    lawfulPresenceVerifiedCode: 'Y', eligStatementCd: 10, eligStatementTxt: 'TEMPORARY EMPLOYMENT AUTHORIZED',
    agencyAction: AGENCY_ACTION.closeCase, qualifiedNonCitizenCode: 'N', usCitizenCode: 'X', fiveYearBar: ['X', 'X'],
    coaCode: 'H1B',
  },
  citizen: {
    lawfulPresenceVerifiedCode: 'Y', eligStatementCd: 22, eligStatementTxt: 'U.S. CITIZEN',
    agencyAction: AGENCY_ACTION.closeCase, qualifiedNonCitizenCode: 'X', usCitizenCode: 'Y', fiveYearBar: ['X', 'X'],
    grantYears: [2000, 2020],
  },
  reverify: {
    lawfulPresenceVerifiedCode: 'X', eligStatementCd: 30, eligStatementTxt: 'RESUBMIT WITH CORRECTED DOCUMENT INFORMATION',
    agencyAction: AGENCY_ACTION.reverify, qualifiedNonCitizenCode: 'X', usCitizenCode: 'X', fiveYearBar: ['X', 'X'],
  },
  additionalVerification: {
    lawfulPresenceVerifiedCode: 'P', eligStatementCd: 5, eligStatementTxt: 'INSTITUTE ADDITIONAL VERIFICATION',
    agencyAction: AGENCY_ACTION.additionalVerification, qualifiedNonCitizenCode: 'P', usCitizenCode: 'X', fiveYearBar: ['P', 'P'],
  },
  thirdVerification: {
    lawfulPresenceVerifiedCode: 'P', eligStatementCd: 6, eligStatementTxt: 'INSTITUTE THIRD STEP VERIFICATION',
    agencyAction: AGENCY_ACTION.thirdVerification, qualifiedNonCitizenCode: 'P', usCitizenCode: 'X', fiveYearBar: ['P', 'P'],
  },
  notLawfullyPresent: {
    lawfulPresenceVerifiedCode: 'N', eligStatementCd: 9, eligStatementTxt: 'IMMIGRATION STATUS NOT VERIFIED',
    agencyAction: AGENCY_ACTION.closeCase, qualifiedNonCitizenCode: 'N', usCitizenCode: 'X', fiveYearBar: ['X', 'X'],
  },
} as const satisfies Record<string, ImmigrationStatus>;

/**
 * Step 1, by the last digit of the document's number: 0 LPR for over five years; 1 LPR for under five
 * years; 2 refugee; 3 non-immigrant (lawfully present, not a qualified non-citizen); 4 U.S. citizen;
 * 5 reverify (resubmit corrected data); 6-8 additional verification (step 2); 9 not lawfully present.
 * A citizenship or naturalization certificate that DHS verifies (0-4) is always a citizen's.
 */
const STEP1: ImmigrationStatus[] = [
  STATUS.lprOverFiveYears,
  STATUS.lprUnderFiveYears,
  STATUS.refugee,
  STATUS.nonImmigrant,
  STATUS.citizen,
  STATUS.reverify,
  STATUS.additionalVerification,
  STATUS.additionalVerification,
  STATUS.additionalVerification,
  STATUS.notLawfullyPresent,
];

export function step1Status(digit: number, citizenshipCertificate: boolean): ImmigrationStatus {
  return citizenshipCertificate && digit <= 4 ? STATUS.citizen : STEP1[digit];
}

/** Step 2 resolves the cases step 1 sent to it: 6 LPR, 7 not lawfully present, 8 on to step 3. */
export const STEP2_RESOLUTION: Readonly<Record<number, ImmigrationStatus>> = {
  6: STATUS.lprOverFiveYears,
  7: STATUS.notLawfullyPresent,
  8: STATUS.thirdVerification,
};

/** Step 3 resolves the one case step 2 sent to it (8): asylee. */
export const STEP3_RESOLUTION: Readonly<Record<number, ImmigrationStatus>> = { 8: STATUS.asylee };

/** The determination fields every answer about a case carries. */
export function determination(status: ImmigrationStatus, caseNumber: string, fiveYearBarAsked: boolean): CaseDetermination {
  const [fiveYearBarApplyCode, fiveYearBarMetCode] = fiveYearBarAsked ? status.fiveYearBar : (['X', 'X'] as const);
  return {
    caseNumber,
    eligStatementCd: status.eligStatementCd,
    eligStatementTxt: status.eligStatementTxt,
    webServSftwrVer: WEB_SERVICE_VERSION,
    agencyAction: status.agencyAction,
    fiveYearBarApplyCode,
    qualifiedNonCitizenCode: status.qualifiedNonCitizenCode,
    fiveYearBarMetCode,
    usCitizenCode: status.usCitizenCode,
  };
}
