import { HubCode, ResponseMetadata, SUCCESS_METADATA } from '../errors/hub-response-codes';
import { SubjectDigest } from '../hub/subject-digest';
import { verdictOf } from './non-esi-mec-population';
import { Insurance, NonEsiIndividualRequest, NonEsiIndividualResponse, ORGANIZATION_CODES, OrganizationCode, OtherCoverage } from './non-esi-mec.types';

/** A source the Hub stopped waiting for: its entry carries only this, and the individual is a partial response. */
export const SOURCE_TIMED_OUT: ResponseMetadata = { responseCode: HubCode.sourceException, responseText: 'The trusted data source did not respond in time' };

/** Programmes run by the states: their coverage names the state that holds it. */
const STATE_PROGRAMMES: ReadonlySet<OrganizationCode> = new Set(['MEDC', 'CHIP', 'BHPC']);

/** The Hub's fan-out for one individual: one entry per source asked (each once, in the order asked), or all of them. */
export function answerIndividual(request: NonEsiIndividualRequest): NonEsiIndividualResponse {
  const organizations = [...new Set(request.organizationCodeArray ?? ORGANIZATION_CODES)];
  const otherCoverageArray = organizations.map((organization) => otherCoverage(request, organization));
  return {
    personSocialSecurityNumber: request.personSocialSecurityNumber,
    personGivenName: request.personGivenName,
    ...(request.personMiddleName !== undefined ? { personMiddleName: request.personMiddleName } : {}),
    personSurName: request.personSurName,
    ...(request.personSuffixName !== undefined ? { personSuffixName: request.personSuffixName } : {}),
    personBirthDate: request.personBirthDate,
    ...(request.personSexCode !== undefined ? { personSexCode: request.personSexCode } : {}),
    partialResponseIndicator: otherCoverageArray.some((coverage) => coverage.responseMetadata === SOURCE_TIMED_OUT),
    otherCoverageArray,
  };
}

function otherCoverage(request: NonEsiIndividualRequest, organizationCode: OrganizationCode): OtherCoverage {
  const verdict = verdictOf(request.personSocialSecurityNumber, organizationCode);
  if (verdict === 'timeout') return { organizationCode, responseMetadata: SOURCE_TIMED_OUT };
  const state = verdict !== 'N' && STATE_PROGRAMMES.has(organizationCode) ? { usStateCode: request.usStateCode } : {};
  const insurance = verdict === 'Y' ? { insuranceArray: [insuranceOf(request, organizationCode)] } : {};
  return { organizationCode, mecCoverage: { ...state, mecVerificationCode: verdict, ...insurance }, responseMetadata: SUCCESS_METADATA };
}

/**
 * Coverage that began on 1 January, 0-3 years before the asked period (by the SSN), and runs through it;
 * Medicare has no end date.
 */
function insuranceOf(request: NonEsiIndividualRequest, organizationCode: OrganizationCode): Insurance {
  const yearsBefore = new SubjectDigest(request.personSocialSecurityNumber, `non-esi-${organizationCode}`).int(0, 4);
  const year = Math.max(0, Number(request.insurancePolicyEffectiveDate.slice(0, 4)) - yearsBefore);
  const insurancePolicyEffectiveDate = `${String(year).padStart(4, '0')}-01-01`;
  if (organizationCode === 'MEDI') return { insurancePolicyEffectiveDate };
  return { insurancePolicyEffectiveDate, insurancePolicyExpirationDate: request.insurancePolicyExpirationDate };
}
