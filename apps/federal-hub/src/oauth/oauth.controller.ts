import { Body, Controller, Header, Headers, HttpCode, Post } from '@nestjs/common';
import { OAuthService, TokenResponse } from './oauth.service';

@Controller('oauth')
export class OAuthController {
  constructor(private readonly oauth: OAuthService) {}

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store') // RFC 6749 5.1: token responses must not be cached
  token(
    @Headers('authorization') authorization: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): TokenResponse {
    return this.oauth.grant(authorization, contentType, body);
  }
}
