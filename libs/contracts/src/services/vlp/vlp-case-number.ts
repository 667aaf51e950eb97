import type { FieldError } from '@dxhub/platform';
import type { FederalContext, PreviousStep } from '../service-definition';

const caseNumberIn = (result: Record<string, unknown> | null | undefined): string | undefined =>
  typeof result?.caseNumber === 'string' ? result.caseNumber : undefined;

/**
 * The DHS case a later step is about: from the acknowledgement while polling, else from the earlier step.
 * `previous.check` has made sure the earlier step has one, so its absence is a programming error.
 */
export function caseNumberOf(context: FederalContext | undefined): string {
  const caseNumber = caseNumberIn(context?.pending) ?? caseNumberIn(context?.previous?.result);
  if (caseNumber === undefined) throw new Error('A VLP case step was built without the case number of its earlier step');
  return caseNumber;
}

/** `previous.check` of a step that needs the earlier step to have opened a case (and, if given, to ask for this step). */
export function requireCase(previous: PreviousStep, agencyAction?: string): FieldError[] {
  if (caseNumberIn(previous.result) === undefined) {
    return [{ field: 'previousVerificationId', message: `names a ${previous.service} that has no DHS case number` }];
  }
  if (agencyAction !== undefined && previous.result?.agencyAction !== agencyAction) {
    return [{ field: 'previousVerificationId', message: `names a ${previous.service} whose agencyAction is not ${agencyAction}` }];
  }
  return [];
}
