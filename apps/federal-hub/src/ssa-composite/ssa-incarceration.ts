import { SubjectDigest } from '../hub/subject-digest';
import { IncarcerationInformation } from './ssa-composite.types';

const STATES = ['MA', 'MD', 'CA', 'NY', 'TX', 'WA', 'CO', 'MN'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** A synthetic incarceration record: fictional facility, figures derived from the SSN. */
export function incarcerationInformation(ssn: string): IncarcerationInformation {
  const digest = new SubjectDigest(ssn, 'ssa-incarceration');
  return {
    prisonerIdentification: `P${String(digest.int(0, 10_000_000)).padStart(7, '0')}`,
    prisonerConfinementDate: `${2015 + digest.int(1, 10)}${pad2(1 + digest.int(2, 12))}${pad2(1 + digest.int(3, 28))}`,
    reportingPersonText: 'Synthetic Records Office',
    supervisionFacility: {
      facilityName: 'Example County Correctional Facility',
      facilityLocationStreet: '100 Example Road',
      facilityLocationCityName: 'Springfield',
      facilityLocationStateCode: STATES[digest.int(4, STATES.length)],
      facilityLocationPostalCode: String(10_000 + digest.int(5, 89_999)),
      facilityContactPersonFullName: 'Jordan Example',
      facilityContactTelephoneNumber: '5555550100',
      facilityContactFaxNumber: '5555550199',
      // '01' state prison ... '10' half-way house
      facilityCategoryCode: pad2(1 + digest.int(6, 10)),
    },
    inmateStatusIndicator: true,
  };
}
