import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { ConfigError, MutualTlsOptions } from '@dxhub/platform';
import type { GatewayConfig } from './gateway.config';

/**
 * The gateway's mutual TLS material read from TLS_CERT, TLS_KEY and TLS_CA, or undefined when they are unset.
 * Unreadable files and PEMs that do not fit together are configuration errors at start-up, each in one
 * line naming the variable, rather than a TLS stack trace from inside listen().
 */
export function gatewayTls(config: Pick<GatewayConfig, 'TLS_CERT' | 'TLS_KEY' | 'TLS_CA'>): MutualTlsOptions | undefined {
  if (!config.TLS_CERT || !config.TLS_KEY || !config.TLS_CA) return undefined;
  const tls = { cert: readPem('TLS_CERT', config.TLS_CERT), key: readPem('TLS_KEY', config.TLS_KEY), ca: readPem('TLS_CA', config.TLS_CA) };
  try {
    createSecureContext(tls);
  } catch (error) {
    throw new ConfigError(`TLS_CERT, TLS_KEY and TLS_CA are not a usable certificate, private key and CA: ${(error as Error).message}`);
  }
  return tls;
}

function readPem(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
