import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsUrl, Max, Min, ValidateNested } from 'class-validator';
import { PageQuery } from '@anw/platform';
import { ALL_KINDS, MAX_REMINDER_LEAD_MINUTES, NotificationKind } from '@anw/notifications';

const toBool = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class ChannelsDto {
  @ApiProperty({ example: true }) @IsBoolean({ message: 'channels.email moet true of false zijn' }) email: boolean;
  @ApiProperty({ example: false, description: 'sms naar het telefoonnummer van uw huisartsrecord' })
  @IsBoolean({ message: 'channels.sms moet true of false zijn' })
  sms: boolean;
}

export class PreferencesDto {
  @ApiProperty({ type: ChannelsDto }) @ValidateNested() @Type(() => ChannelsDto) channels: ChannelsDto;

  @ApiProperty({ enum: NotificationKind, isArray: true, example: ALL_KINDS, description: 'welke soorten berichten u ontvangt' })
  @IsArray({ message: 'kinds moet een lijst zijn' })
  @ArrayUnique({ message: 'kinds bevat dubbele waarden' })
  @IsIn(ALL_KINDS, { each: true, message: `kinds mag bevatten: ${ALL_KINDS.join(', ')}` })
  kinds: NotificationKind[];

  @ApiProperty({ nullable: true, example: 1440, description: 'minuten vóór een dienst voor de herinnering; null = geen herinneringen' })
  @IsOptional()
  @IsInt({ message: 'reminderLeadMinutes moet een geheel aantal minuten zijn' })
  @Min(15, { message: 'reminderLeadMinutes is minstens 15' })
  @Max(MAX_REMINDER_LEAD_MINUTES, { message: `reminderLeadMinutes is hoogstens ${MAX_REMINDER_LEAD_MINUTES} (7 dagen)` })
  reminderLeadMinutes: number | null = null;
}

export class DeadLetterQuery extends PageQuery {
  @ApiPropertyOptional({ default: false, description: 'ook al opnieuw aangeboden berichten' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  includeRetried?: boolean;
}

export class WebhookDto {
  @ApiProperty({ example: 'https://hds.example.nl/anw-webhook' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url moet een http(s)-adres zijn' })
  url: string;

  @ApiProperty({ example: true }) @IsBoolean({ message: 'active moet true of false zijn' }) active: boolean;

  @ApiPropertyOptional({ default: false, description: 'een nieuw geheim maken' }) @IsOptional() @IsBoolean() rotateSecret?: boolean;
}
