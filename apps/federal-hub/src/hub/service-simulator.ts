import { ResponseMetadata } from '../errors/hub-response-codes';
import { FaultSource } from '../faults/fault-config';

/** A person a request is about, as the lastName fault triggers see them. */
export interface Subject {
  /** What identifies the person to the source (the SSN for SSA): call counts are kept per key. */
  key: string;
  lastName: string;
}

/** A person the source knows by their SSN, as most services name one. */
export const personSubject = (person: { personSocialSecurityNumber: string; personSurName: string }): Subject => ({
  key: person.personSocialSecurityNumber,
  lastName: person.personSurName,
});

/** One simulated Hub service, served at `POST /hub/<service>`. */
export interface ServiceSimulator<Request = unknown> {
  readonly service: string;
  readonly source: FaultSource;
  /** The request, once valid against the service's schema; else throws the Hub's 400 `HE007000`. */
  parse(body: unknown): Request;
  subjects(request: Request): Subject[];
  answer(request: Request): object;
  /** The service's response envelope with top-level metadata only, as request-level failures are answered. */
  failure(metadata: ResponseMetadata): object;
}

/** Injection token of every `ServiceSimulator` (see service-simulators.ts). */
export const SERVICE_SIMULATORS = Symbol('SERVICE_SIMULATORS');
