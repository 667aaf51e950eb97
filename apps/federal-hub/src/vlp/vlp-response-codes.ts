import { ResponseMetadata } from '../errors/hub-response-codes';

// DHS's answers about cases, as the Hub relays them. CMS publishes no code list for VLP in JSON: these
// are the simulator's, in the Hub's HS/HE style (documented in docs/test-subjects.md).
export const CASE_IN_PROCESS: ResponseMetadata = {
  responseCode: 'HS030001',
  responseText: 'DHS has not resolved the case yet; retrieve the case resolution later',
};
export const UNKNOWN_CASE: ResponseMetadata = { responseCode: 'HE030001', responseText: 'The case number is not a DHS case' };
export const STEP_NOT_ASKED: ResponseMetadata = {
  responseCode: 'HE030002',
  responseText: 'The case is not eligible for this verification step: the previous step did not ask for it',
};
export const STEP_NOT_INITIATED: ResponseMetadata = {
  responseCode: 'HE030003',
  responseText: 'This verification step was not initiated for the case',
};

/** The version of the DHS web service the simulator plays. */
export const WEB_SERVICE_VERSION = '37';
