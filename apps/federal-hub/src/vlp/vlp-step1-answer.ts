import { SUCCESS_METADATA } from '../errors/hub-response-codes';
import { SubjectDigest } from '../hub/subject-digest';
import { issueCaseNumber } from './vlp-case-number';
import { identifyDocument } from './vlp-document';
import { determination, ImmigrationStatus, step1Status } from './vlp-population';
import { InitialVerificationIndividualResponse, InitialVerificationIndividualResponseSet, InitialVerificationRequestSet, SponsorshipData } from './vlp.types';

/** Which person of the synthetic population an individual is: the same document, name and birth date, the same case. */
export const subjectKeyOf = (individual: InitialVerificationRequestSet): string => identifyDocument(individual.dhsId).number;

/**
 * DHS's step 1 answer for one individual (see vlp-population.ts for the population). Grant date and
 * sponsor data only when asked; the case number is derived from the request, so the same request always
 * opens the same case.
 */
export function answerIndividual(individual: InitialVerificationRequestSet): InitialVerificationIndividualResponse {
  const document = identifyDocument(individual.dhsId);
  const status = step1Status(document.digit, document.citizenshipCertificate);
  const key = [document.element, document.number, individual.dateOfBirth, individual.lastName.toUpperCase()].join('\n');
  const caseNumber = issueCaseNumber(key, { digit: document.digit, fiveYearBarAsked: individual.fiveYearBarApplicabilityIndicator });
  const set: InitialVerificationIndividualResponseSet = determination(status, caseNumber, individual.fiveYearBarApplicabilityIndicator);
  if (status.coaCode) set.nonCitCoaCode = status.coaCode;
  if (individual.requestGrantDateIndicator) Object.assign(set, grantDate(status, key));
  if (individual.requestSponsorDataIndicator) Object.assign(set, sponsorship(status, key));
  return { responseMetadata: SUCCESS_METADATA, lawfulPresenceVerifiedCode: status.lawfulPresenceVerifiedCode, initialVerificationIndividualResponseSet: set };
}

function grantDate(status: ImmigrationStatus, key: string): Pick<InitialVerificationIndividualResponseSet, 'grantDate' | 'grantDateReasonCd'> {
  if (!status.grantYears) return { grantDateReasonCd: 'Not Applicable' };
  const [from, to] = status.grantYears;
  const digest = new SubjectDigest(key, 'vlp-grant');
  const month = String(digest.int(1, 12) + 1).padStart(2, '0');
  const day = String(digest.int(2, 28) + 1).padStart(2, '0');
  return { grantDate: `${from + digest.int(0, to - from + 1)}-${month}-${day}`, grantDateReasonCd: 'Status Granted' };
}

function sponsorship(status: ImmigrationStatus, key: string): Pick<InitialVerificationIndividualResponseSet, 'sponsorDataFoundIndicator' | 'arrayOfSponsorshipData'> {
  if (status.lawfulPresenceVerifiedCode !== 'Y' || !status.sponsored) return { sponsorDataFoundIndicator: false };
  return { sponsorDataFoundIndicator: true, arrayOfSponsorshipData: [sponsorOf(key)] };
}

const SPONSOR_FIRST_NAMES = ['MARIA', 'JOSE', 'LINH', 'AHMED', 'GRACE', 'IVAN'];

/** A synthetic sponsor: an example street and city, no SSN (the hub never passes one on). */
function sponsorOf(key: string): SponsorshipData {
  const digest = new SubjectDigest(key, 'vlp-sponsor');
  return {
    lastName: 'EXAMPLE',
    firstName: SPONSOR_FIRST_NAMES[digest.int(0, SPONSOR_FIRST_NAMES.length)],
    addr1: `${100 + digest.int(1, 900)} EXAMPLE STREET`,
    city: 'SPRINGFIELD',
    stateProvince: 'MA',
    zipPostalCode: '01101',
    countryCode: 'USA',
  };
}
