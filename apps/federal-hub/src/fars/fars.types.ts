// The FARS wire format, as in schemas/federal/fars (our design in the RJ139 style: CMS publishes no
// JSON schema for it).
import { ResponseMetadata } from '../errors/hub-response-codes';

export interface FarsRequest {
  farsRequest: { hubReferenceNumber: string; subscriberNumber?: string };
}

export interface FarsResponse {
  farsResponse: {
    responseMetadata: ResponseMetadata;
    hubReferenceNumber?: string;
    finalDecisionCode?: 'ACC' | 'RF1' | 'RF2' | 'RF3' | 'RF4';
  };
}
