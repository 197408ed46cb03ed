import { Body, Controller, Get, Patch, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsEnum } from 'class-validator';
import { AccountsService, CurrentPrincipal, Locale, type AuthenticatedRequest, type Principal } from '@anw/identity';

export class MyLocaleDto {
  @ApiProperty({ enum: Locale, description: 'nl of en: de taal van uw e-mails (uitnodigingen, meldingen)' })
  @IsEnum(Locale, { message: 'locale is nl of en' })
  locale: Locale;
}

/** A logged-in user's own language; any role (and none), no HDS. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth/me/locale')
export class MyLocaleController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOperation({ summary: 'Uw taal (nl of en)' })
  get(@CurrentPrincipal() principal: Principal): MyLocaleDto {
    return { locale: principal.locale === 'en' ? Locale.En : Locale.Nl };
  }

  @Patch()
  @ApiOperation({ summary: 'Uw taal wijzigen (nl of en): de volgende e-mails aan u komen in die taal; geaudit' })
  set(@CurrentPrincipal() principal: Principal, @Req() req: AuthenticatedRequest, @Body() body: MyLocaleDto): Promise<MyLocaleDto> {
    return this.accounts.setLocale(principal.userId, body.locale, req.id ?? null);
  }
}
