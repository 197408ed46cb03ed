import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { AvailabilityKind, MAX_NOTE_LENGTH } from '@anw/rosters';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

export class CreateAvailabilityDto {
  @ApiProperty({ enum: AvailabilityKind, description: 'absence en blocked: niet inplannen (hard); wants en avoids: voorkeur (zacht)' })
  @IsEnum(AvailabilityKind, { message: `kind moet een van ${Object.values(AvailabilityKind).join(', ')} zijn` })
  kind: AvailabilityKind;

  @ApiProperty({ example: '2027-02-15T00:00', description: 'lokale tijd (Europe/Amsterdam), zonder offset' })
  @Matches(LOCAL, { message: 'startAt moet JJJJ-MM-DDTHH:mm zijn (lokale tijd)' })
  startAt: string;

  @ApiProperty({ example: '2027-02-22T00:00', description: 'lokale tijd (Europe/Amsterdam), na startAt' })
  @Matches(LOCAL, { message: 'endAt moet JJJJ-MM-DDTHH:mm zijn (lokale tijd)' })
  endAt: string;

  @ApiPropertyOptional({ example: 'vakantie' })
  @IsOptional()
  @IsString()
  @Length(0, MAX_NOTE_LENGTH)
  note?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 3, description: 'alleen bij wants en avoids: hoe zwaar de wens weegt' })
  @IsOptional()
  @IsInt({ message: 'weight moet 1, 2 of 3 zijn' })
  @Min(1, { message: 'weight moet 1, 2 of 3 zijn' })
  @Max(3, { message: 'weight moet 1, 2 of 3 zijn' })
  weight?: number;
}

export class AvailabilityQuery {
  @ApiPropertyOptional({ example: '2027-01-01', description: 'lokale datum, inclusief' }) @IsOptional() @Matches(DATE, { message: 'from moet JJJJ-MM-DD zijn' }) from?: string;
  @ApiPropertyOptional({ example: '2027-03-31', description: 'lokale datum, inclusief' }) @IsOptional() @Matches(DATE, { message: 'to moet JJJJ-MM-DD zijn' }) to?: string;
}

export class AvailabilityResponseDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'alleen voor een planner: de huisarts namens wie de reactie wordt vastgelegd' })
  @IsOptional()
  @IsUUID('all', { message: 'gpId moet een uuid zijn' })
  gpId?: string;
}
