import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { SimulatorHttpError } from '../errors/simulator-http-error';
import { FEDERAL_HUB_CONFIG, FederalHubConfig } from '../federal-hub.config';
import { readClientCredentials, sameSecret } from './client-credentials';
import { TokenStore } from './token-store.service';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

const oauthError = (status: HttpStatus, error: string) => new SimulatorHttpError(status, { error });

/** The Hub's OAuth2 client-credentials grant (RFC 6749 4.4), errors as in RFC 6749 5.2. */
@Injectable()
export class OAuthService {
  constructor(
    @Inject(FEDERAL_HUB_CONFIG) private readonly config: FederalHubConfig,
    private readonly tokens: TokenStore,
  ) {}

  grant(authorization: string | undefined, contentType: string | undefined, body: unknown): TokenResponse {
    if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType ?? '') || !isForm(body)) {
      throw oauthError(HttpStatus.BAD_REQUEST, 'invalid_request');
    }
    const client = readClientCredentials(authorization, body);
    const known =
      client !== undefined && sameSecret(client.clientId, this.config.clientId) && sameSecret(client.clientSecret, this.config.clientSecret);
    if (!known) throw oauthError(HttpStatus.UNAUTHORIZED, 'invalid_client');
    if (typeof body.grant_type !== 'string') throw oauthError(HttpStatus.BAD_REQUEST, 'invalid_request');
    if (body.grant_type !== 'client_credentials') throw oauthError(HttpStatus.BAD_REQUEST, 'unsupported_grant_type');
    const { token, expiresInSeconds } = this.tokens.issue();
    return { access_token: token, token_type: 'Bearer', expires_in: expiresInSeconds };
  }
}

const isForm = (body: unknown): body is Record<string, unknown> => typeof body === 'object' && body !== null && !Array.isArray(body);
