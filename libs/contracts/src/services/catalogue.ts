import type { ServiceDefinition } from './service-definition';
import { ssaComposite } from './ssa-composite.service';

/** Every service the hub offers. Adding one: write its definition file and list it here. */
export const SERVICE_CATALOGUE: readonly ServiceDefinition[] = [ssaComposite];

const byName = new Map(SERVICE_CATALOGUE.map((definition) => [definition.service, definition]));

export function findService(service: string): ServiceDefinition | undefined {
  return byName.get(service);
}

export function serviceNames(): string[] {
  return [...byName.keys()];
}
