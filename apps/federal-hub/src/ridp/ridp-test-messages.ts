// RIDP and FARS messages for the simulator's specs.
import { RidpContactInformation, RidpPerson, RidpRequest } from './ridp.types';

/** A primary request for a synthetic person (SSN ending 0: ACC), with `person` and `contact` overriding. */
export function primaryMessage(person: Partial<RidpPerson> = {}, contact: Partial<RidpContactInformation> = {}): RidpRequest {
  return {
    ridpRequest: {
      primaryRequest: {
        person: { personGivenName: 'Ana', personSurName: 'Silva', personBirthDate: '1980-02-29', personSocialSecurityNumber: '123456780', ...person },
        contactInformation: { streetName: '12 Main St', cityName: 'Boston', usStateCode: 'MA', zipCode: '02101', telephoneNumber: '6175550100', ...contact },
        levelOfProofingCode: 'LevelTwo',
      },
    },
  };
}

/** A secondary request choosing `choices[i]` for question i + 1. */
export function secondaryMessage(sessionIdentification: string, hubReferenceNumber: string, choices: number[]): RidpRequest {
  return {
    ridpRequest: {
      secondaryRequest: {
        verificationAnswerArray: choices.map((choice, index) => ({
          verificationAnswerSet: { verificationAnswer: String(choice), verificationQuestionNumber: String(index + 1) },
        })),
        sessionIdentification,
        hubReferenceNumber,
      },
    },
  };
}

export const farsMessage = (hubReferenceNumber: string) => ({ farsRequest: { hubReferenceNumber } });
