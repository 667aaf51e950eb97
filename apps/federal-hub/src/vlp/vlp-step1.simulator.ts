import { Injectable } from '@nestjs/common';
import { ResponseMetadata, SUCCESS_METADATA } from '../errors/hub-response-codes';
import { validRequest } from '../hub/federal-schemas';
import { ServiceSimulator, Subject } from '../hub/service-simulator';
import { answerIndividual, subjectKeyOf } from './vlp-step1-answer';
import { vlpSchema } from './vlp.schemas';
import { VlpStep1Request, VlpStep1Response } from './vlp.types';

/** VLP step 1 (DHS SAVE initial verification): lawful presence from one immigration document per individual. */
@Injectable()
export class VlpStep1Simulator implements ServiceSimulator<VlpStep1Request> {
  readonly service = 'vlp-step1';
  readonly source = 'dhs';
  private readonly validateRequest = vlpSchema('VLP-Step1-Request-schema.json');

  parse(body: unknown): VlpStep1Request {
    return validRequest<VlpStep1Request>(this.validateRequest, body);
  }

  /** Each individual, known to DHS by the number of their document. */
  subjects(request: VlpStep1Request): Subject[] {
    return individuals(request).map((individual) => ({ key: subjectKeyOf(individual), lastName: individual.lastName }));
  }

  answer(request: VlpStep1Request): VlpStep1Response {
    return {
      initialVerificationResponse: {
        responseMetadata: SUCCESS_METADATA,
        initialVerificationResponseSet: { initialVerificationIndividualResponseArray: individuals(request).map(answerIndividual) },
      },
    };
  }

  failure(responseMetadata: ResponseMetadata): VlpStep1Response {
    return { initialVerificationResponse: { responseMetadata } };
  }
}

const individuals = (request: VlpStep1Request) => request.initialVerificationRequest.initialVerificationRequestSetArray;
