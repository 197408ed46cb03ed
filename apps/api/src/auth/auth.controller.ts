import { Body, Controller, Get, HttpCode, Ip, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AuthService,
  CurrentPrincipal,
  hashMailToken,
  LoginRateLimiter,
  PasswordResetRateLimiter,
  PasswordsService,
  Public,
  SessionsService,
  type AuthenticatedRequest,
  type Principal,
} from '@anw/identity';
import { ChangePasswordDto, LoginDto, PasswordResetConfirmDto, PasswordResetRequestDto, RefreshDto, TokenDto } from './auth.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordsService,
    private readonly rateLimiter: LoginRateLimiter,
    private readonly resetRateLimiter: PasswordResetRateLimiter,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Inloggen: een kortlevend bearer token (JWT) en een verversingstoken (nieuwe sessie)' })
  @ApiOkResponse({ type: TokenDto })
  async login(@Body() body: LoginDto, @Ip() ip: string): Promise<TokenDto> {
    await this.rateLimiter.consume(ip, body.email);
    return this.auth.login(body.email, body.password);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sessie verlengen: een nieuw paar tokens voor het verversingstoken, dat daarmee is gebruikt',
    description: 'Een al gebruikt verversingstoken opnieuw aanbieden beëindigt de hele sessie (401 refresh_token_reused).',
  })
  @ApiOkResponse({ type: TokenDto })
  refresh(@Body() body: RefreshDto, @Req() req: AuthenticatedRequest): Promise<TokenDto> {
    return this.auth.refresh(body.refreshToken, req.id ?? null);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Uitloggen: beëindigt de sessie van dit verversingstoken (het access token verloopt vanzelf)' })
  @ApiNoContentResponse()
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.sessions.end(body.refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'De ingelogde gebruiker en zijn rollen per HDS of regio' })
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Wachtwoord wijzigen met het huidige wachtwoord; beëindigt alle sessies (verversingstokens)' })
  @ApiNoContentResponse()
  async changePassword(@Body() body: ChangePasswordDto, @CurrentPrincipal() principal: Principal, @Ip() ip: string, @Req() req: AuthenticatedRequest): Promise<void> {
    // Counted like logins: the route checks a password.
    await this.rateLimiter.consume(ip, principal.email);
    await this.passwords.change(principal.userId, body.currentPassword, body.newPassword, { requestId: req.id ?? null });
  }

  @Public()
  @Post('password-reset')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Wachtwoord vergeten: mailt een eenmalige link (1 uur geldig) als er een account met dit adres is',
    description: 'Altijd hetzelfde antwoord (202), of het adres een account heeft of niet.',
  })
  @ApiAcceptedResponse()
  async requestReset(@Body() body: PasswordResetRequestDto, @Ip() ip: string, @Req() req: AuthenticatedRequest): Promise<void> {
    await this.resetRateLimiter.consume(ip, body.email);
    await this.passwords.requestReset(body.email, { requestId: req.id ?? null });
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(204)
  @ApiOperation({ summary: 'Nieuw wachtwoord instellen met het token uit de mail; beëindigt alle sessies' })
  @ApiNoContentResponse()
  async confirmReset(@Body() body: PasswordResetConfirmDto, @Ip() ip: string, @Req() req: AuthenticatedRequest): Promise<void> {
    await this.rateLimiter.consume(ip, `password-reset:${hashMailToken(body.token)}`);
    await this.passwords.confirmReset(body.token, body.password, { requestId: req.id ?? null });
  }
}
