import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { ApprovalMode, TradeState } from '@anw/marketplace';
import { PageQuery } from '@anw/platform';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A planner acting for a GP names them and gives a reason; a GP acts for themselves. */
export class ActAsDto {
  @ApiPropertyOptional({ description: 'namens deze huisarts (alleen planners; weglaten = uzelf)' })
  @IsOptional()
  @IsUUID('all', { message: 'gpId moet een uuid zijn' })
  gpId?: string;

  @ApiPropertyOptional({ description: 'verplicht wanneer een planner namens een huisarts handelt', example: 'telefonisch verzoek dr. Jansen' })
  @IsOptional()
  @IsString()
  @Length(1, 500, { message: 'reason moet 1 tot 500 tekens zijn' })
  reason?: string;
}

export class CreateOfferDto extends ActAsDto {
  @ApiProperty({ description: 'de dienst die u aanbiedt (u staat erop)' }) @IsUUID('all', { message: 'shiftId moet een uuid zijn' }) shiftId: string;

  @ApiPropertyOptional({ type: [String], description: 'alleen aan deze collega’s; weglaten = iedereen die mag' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'gpIds moet uuids bevatten' })
  gpIds?: string[];

  @ApiPropertyOptional({ example: '2026-12-20T12:00:00+01:00', description: 'uiterste datum (niet na het begin van de dienst)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'deadline moet een ISO-tijdstip zijn' })
  deadline?: string;
}

export class CreateClaimDto extends ActAsDto {
  @ApiPropertyOptional({ description: 'een open plaats van deze dienst (óf offerId)' }) @IsOptional() @IsUUID('all', { message: 'shiftId moet een uuid zijn' }) shiftId?: string;
  @ApiPropertyOptional({ description: 'een aangeboden dienst (óf shiftId)' }) @IsOptional() @IsUUID('all', { message: 'offerId moet een uuid zijn' }) offerId?: string;
}

export class ProposeSwapDto extends ActAsDto {
  @ApiProperty({ description: 'uw dienst' }) @IsUUID('all', { message: 'shiftId moet een uuid zijn' }) shiftId: string;
  @ApiProperty({ description: 'de dienst van de collega die u ervoor terug wilt' }) @IsUUID('all', { message: 'otherShiftId moet een uuid zijn' }) otherShiftId: string;
  @ApiProperty({ description: 'de collega die op die dienst staat' }) @IsUUID('all', { message: 'toGpId moet een uuid zijn' }) toGpId: string;
}

export class TradeReasonDto {
  @ApiPropertyOptional({ description: 'toelichting; verplicht wanneer een planner namens een huisarts handelt' })
  @IsOptional()
  @IsString()
  @Length(1, 500, { message: 'reason moet 1 tot 500 tekens zijn' })
  reason?: string;
}

export class RefusalDto {
  @ApiProperty({ example: 'Dr. Bakker heeft al drie nachten die week', description: 'de reden, voor de huisarts' })
  @IsString()
  @Length(1, 500, { message: 'reason moet 1 tot 500 tekens zijn' })
  reason: string;
}

export class MarketplacePolicyDto {
  @ApiPropertyOptional({ enum: ApprovalMode, description: 'automatic: direct als het mag; planner: een planner keurt goed' })
  @IsOptional()
  @IsEnum(ApprovalMode, { message: "approval moet 'automatic' of 'planner' zijn" })
  approval?: ApprovalMode;

  @ApiPropertyOptional({ example: 30, description: 'minuten waarin een afgeronde ruil ongedaan kan worden; 0 = niet' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_080)
  undoWindowMinutes?: number;

  @ApiPropertyOptional({ example: 48, description: 'ruilen binnen zoveel uur voor de dienst vragen goedkeuring van een planner' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(744)
  noTradeWithinHours?: number;

  @ApiPropertyOptional({ example: 40, nullable: true, description: 'minimum aantal uren per periode dat een huisarts houdt; null = geen' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumber()
  @Min(0)
  @Max(10_000)
  minimumShareHours?: number | null;

  @ApiPropertyOptional({ example: 7, description: 'een dienst die zoveel dagen vooraf nog open is, gaat naar de planners' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(366)
  escalateOpenDaysBefore?: number;
}

export class OpenShiftsQuery {
  @ApiPropertyOptional({ description: 'nextCursor van de vorige pagina' }) @IsOptional() @IsString() @Length(1, 200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit = 25;
  @ApiPropertyOptional({ example: '2026-12-01' }) @IsOptional() @Matches(DATE, { message: 'from moet JJJJ-MM-DD zijn' }) from?: string;
  @ApiPropertyOptional({ example: '2026-12-31' }) @IsOptional() @Matches(DATE, { message: 'to moet JJJJ-MM-DD zijn' }) to?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() postId?: string;
  @ApiPropertyOptional({ description: 'planners: voor deze huisarts' }) @IsOptional() @IsUUID() gpId?: string;
}

export class TradeQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TradeState, default: TradeState.All, description: 'pending: lopend; history: afgerond' })
  @IsOptional()
  @IsEnum(TradeState)
  state: TradeState = TradeState.All;

  @ApiPropertyOptional({ description: 'planners: alleen van deze huisarts' }) @IsOptional() @IsUUID() gpId?: string;
}
