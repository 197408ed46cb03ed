import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { InvitationStatus, Locale, Role } from '@anw/identity';
import { PageQuery } from '@anw/platform';

const INVITABLE = [Role.Gp, Role.Planner, Role.HdsAdmin] as const;

export class LocaleDto {
  @ApiPropertyOptional({ enum: Locale, default: Locale.Nl, description: 'taal van de uitnodigingsmail' })
  @IsOptional()
  @IsEnum(Locale, { message: 'locale is nl of en' })
  locale?: Locale;
}

export class OperatorInviteDto extends LocaleDto {
  @ApiProperty({ example: 'beheer@hds-waterland.nl', description: 'wie wordt uitgenodigd (als hds-admin van de HDS, of als regionale auditor van de regio)' })
  @IsEmail({}, { message: 'email moet een geldig e-mailadres zijn' })
  @MaxLength(200, { message: 'email is te lang' })
  email: string;
}

export class InviteDto extends LocaleDto {
  @ApiProperty({ enum: INVITABLE, description: 'gp: door planner of hds-admin, met gpId; planner en hds-admin: door een hds-admin, met email' })
  @IsIn(INVITABLE, { message: 'role is gp, planner of hds-admin' })
  role: Role;

  @ApiPropertyOptional({ example: 'planner@hds-waterland.nl', description: 'voor planner en hds-admin' })
  @IsOptional()
  @IsEmail({}, { message: 'email moet een geldig e-mailadres zijn' })
  @MaxLength(200, { message: 'email is te lang' })
  email?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'voor gp: de huisarts van deze HDS (de uitnodiging gaat naar diens e-mailadres)' })
  @IsOptional()
  @IsUUID('4', { message: 'gpId moet een uuid zijn' })
  gpId?: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'het token uit de link in de uitnodigingsmail (…/invitations/<token>)' })
  @IsString({ message: 'token moet tekst zijn' })
  @MinLength(20, { message: 'token is te kort' })
  @MaxLength(100, { message: 'token is te lang' })
  token: string;

  @ApiPropertyOptional({ description: 'nieuw account: het te kiezen wachtwoord (minstens 12 tekens); bestaand account: het wachtwoord daarvan (niet nodig met een bearer token)' })
  @IsOptional()
  @IsString({ message: 'password moet tekst zijn' })
  @MaxLength(200, { message: 'password is te lang' })
  password?: string;

  @ApiPropertyOptional({ example: 'Dr. A. de Vries', description: 'nieuw account: uw naam' })
  @IsOptional()
  @IsString({ message: 'displayName moet tekst zijn' })
  @MinLength(2, { message: 'displayName heeft minstens 2 tekens' })
  @MaxLength(120, { message: 'displayName heeft hoogstens 120 tekens' })
  displayName?: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: [Role.Planner, Role.HdsAdmin] })
  @IsIn([Role.Planner, Role.HdsAdmin], { message: 'role is planner of hds-admin' })
  role: Role;
}

export class OperatorInvitationsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'alleen de uitnodigingen voor deze HDS' })
  @IsOptional()
  @IsUUID('4', { message: 'hdsId moet een uuid zijn' })
  hdsId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'alleen deze regio: haar auditoren en de hds-admins van haar HDS\'en' })
  @IsOptional()
  @IsUUID('4', { message: 'regionId moet een uuid zijn' })
  regionId?: string;

  @ApiPropertyOptional({ enum: InvitationStatus })
  @IsOptional()
  @IsEnum(InvitationStatus, { message: 'status is pending, accepted, revoked of expired' })
  status?: InvitationStatus;
}
