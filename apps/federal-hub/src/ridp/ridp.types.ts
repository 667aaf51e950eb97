// The Remote Identity Proofing (RJ139) wire format, as in schemas/federal/ridp-rj139 (the simulator's own
// types: it shares none with the hub, see ARCHITECTURE.md).
import { ResponseMetadata } from '../errors/hub-response-codes';

export interface RidpPerson {
  personGivenName: string;
  personMiddleName?: string;
  personSurName: string;
  personSuffixName?: string;
  /** YYYY-MM-DD */
  personBirthDate?: string;
  /** 123-45-6789, 123456789 or only the last four digits. */
  personSocialSecurityNumber?: string;
  personPreferredLanguage?: 'eng' | 'spa';
}

export interface RidpContactInformation {
  streetName: string;
  cityName: string;
  usStateCode: string;
  zipCode: string;
  zipCodeExtension?: string;
  telephoneNumber?: string;
}

export interface RidpPrimaryRequest {
  person: RidpPerson;
  contactInformation: RidpContactInformation;
  levelOfProofingCode?: 'LevelTwo' | 'LevelThree' | 'OptionThree';
  subscriberNumber?: string;
}

export interface RidpAnswer {
  verificationAnswerSet: {
    /** The chosen answer's position in the question's choices, "1"-"5" or "01"-"05". */
    verificationAnswer: string;
    /** The question's position in the questions asked, "1"-"5" or "01"-"05". */
    verificationQuestionNumber: string;
  };
}

export interface RidpSecondaryRequest {
  verificationAnswerArray: RidpAnswer[];
  sessionIdentification: string;
  hubReferenceNumber: string;
}

/** One message carries either leg ("part of a mutex"): the simulators require the one they serve. */
export interface RidpRequest {
  ridpRequest: { primaryRequest?: RidpPrimaryRequest; secondaryRequest?: RidpSecondaryRequest };
}

export interface RidpQuestion {
  verificationQuestionSet: {
    verificationQuestionText: string;
    verificationAnswerChoiceArray: { verificationAnswerChoiceText: string }[];
  };
}

export type FinalDecisionCode = 'ACC' | 'RF1' | 'RF2' | 'RF3' | 'RF4';

export interface RidpResponse {
  ridpResponse: {
    responseMetadata: ResponseMetadata;
    sessionIdentification?: string;
    verificationQuestionArray?: RidpQuestion[];
    finalDecisionCode?: FinalDecisionCode;
    hubReferenceNumber?: string;
  };
}
