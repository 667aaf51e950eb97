import type { ServiceDefinition } from './service-definition';
import { esiMec } from './esi-mec.service';
import { fars } from './fars.service';
import { ifsv } from './ifsv.service';
import { nonEsiMec } from './non-esi-mec.service';
import { ridpPrimary } from './ridp-primary.service';
import { ridpSecondary } from './ridp-secondary.service';
import { ssaComposite } from './ssa-composite.service';
import { vci } from './vci.service';
import { vlpCloseCase } from './vlp/vlp-close-case.service';
import { vlpStep1 } from './vlp/vlp-step1.service';
import { vlpStep2 } from './vlp/vlp-step2.service';
import { vlpStep3 } from './vlp/vlp-step3.service';

/** Every service the hub offers. Adding one: write its definition file and list it here. */
export const SERVICE_CATALOGUE: readonly ServiceDefinition[] = [ssaComposite, esiMec, nonEsiMec, ifsv, vci, vlpStep1, vlpStep2, vlpStep3, vlpCloseCase, ridpPrimary, ridpSecondary, fars];

const byName = new Map(SERVICE_CATALOGUE.map((definition) => [definition.service, definition]));

export function findService(service: string): ServiceDefinition | undefined {
  return byName.get(service);
}

export function serviceNames(): string[] {
  return [...byName.keys()];
}
