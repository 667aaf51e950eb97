import { SUCCESS_METADATA } from '../errors/hub-response-codes';
import { SsaIndividualRequest, SsaIndividualResponse, SsaResponse } from './ssa-composite.types';
import { incarcerationInformation } from './ssa-incarceration';
import { quartersOfCoverage, titleIIMonthlyIncome, titleIIYearlyIncome } from './ssa-income';

/**
 * SSA's answer for one person of the synthetic population (CONTRACT.md), by the SSN's last digit:
 * 0-5 verified living citizen, not incarcerated; 6 not a citizen; 7 death confirmed; 8 incarcerated;
 * 9 SSN not verified (and nothing else asserted). Only what was requested is answered.
 */
export function answerIndividual(request: SsaIndividualRequest): SsaIndividualResponse {
  const ssn = request.personSocialSecurityNumber;
  return { responseMetadata: SUCCESS_METADATA, personSocialSecurityNumber: ssn, ssaResponse: ssaResponse(request, Number(ssn.at(-1))) };
}

function ssaResponse(request: SsaIndividualRequest, lastDigit: number): SsaResponse {
  if (lastDigit === 9) return { ssnVerificationIndicator: false };
  const ssn = request.personSocialSecurityNumber;
  const response: SsaResponse = { ssnVerificationIndicator: true, deathConfirmationCode: lastDigit === 7 ? 'Confirmed' : 'Unconfirmed' };
  if (request.requestCitizenshipVerificationIndicator) response.personUSCitizenIndicator = lastDigit !== 6;
  if (request.requestIncarcerationVerificationIndicator) {
    response.personIncarcerationInformationIndicator = lastDigit === 8;
    if (lastDigit === 8) response.ssaIncarcerationInformation = incarcerationInformation(ssn);
  }
  const month = request.requestTitleIIMonthlyIncomeDate;
  if (request.requestTitleIIMonthlyIncomeVerificationIndicator && month !== undefined) {
    response.ssaTitleIIMonthlyIncomeInformationIndicator = true;
    response.ssaTitleIIMonthlyIncome = titleIIMonthlyIncome(ssn, month);
  }
  const year = request.requestTitleIIAnnualIncomeDate;
  if (request.requestTitleIIAnnualIncomeVerificationIndicator && year !== undefined) {
    response.ssaTitleIIAnnualIncomeInformationIndicator = true;
    response.ssaTitleIIYearlyIncome = titleIIYearlyIncome(ssn, year);
  }
  if (request.requestQuartersOfCoverageVerificationIndicator) {
    response.ssaQuartersOfCoverage = quartersOfCoverage(ssn, request.personBirthDate);
    response.ssaQuartersOfCoverageInformationIndicator = response.ssaQuartersOfCoverage.lifeTimeQuarterQuantity > 0;
  }
  return response;
}
