import { Body, Controller, Headers, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthService, IdentityError, IdentityErrorCode, InvitationsService, LoginRateLimiter, Public, hashInvitationToken, type AcceptResult } from '@anw/identity';
import { AcceptInvitationDto } from './dto/invitations.dto.js';

@ApiTags('invitations')
@Controller('invitations')
export class AcceptInvitationController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly auth: AuthService,
    private readonly rateLimiter: LoginRateLimiter,
  ) {}

  @Public()
  @Post('accept')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Uitnodiging accepteren met het token uit de mail',
    description:
      'Nieuw account: token + password (minstens 12 tekens) + displayName. Bestaand account (bijv. een waarnemer bij een tweede HDS): ' +
      'token met een bearer token van dat account, of token + het wachtwoord van het account met het uitgenodigde e-mailadres. ' +
      'Verlopen, ingetrokken of gebruikte uitnodigingen: 409; onbekende of vervangen links: 404. Daarna inloggen met POST /auth/login.',
  })
  async accept(@Body() body: AcceptInvitationDto, @Ip() ip: string, @Headers('authorization') authorization?: string): Promise<AcceptResult> {
    // Counted like logins (per address and per token): the accept route checks passwords too.
    await this.rateLimiter.consume(ip, `invitation:${hashInvitationToken(body.token)}`);
    let userId: string | null = null;
    if (authorization !== undefined) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!bearer) throw new IdentityError(IdentityErrorCode.TokenInvalid, 'Stuur het toegangstoken mee als Authorization: Bearer …, of laat de header weg.');
      userId = (await this.auth.authenticate(bearer[1])).userId;
    }
    return this.invitations.accept(body, userId);
  }
}
