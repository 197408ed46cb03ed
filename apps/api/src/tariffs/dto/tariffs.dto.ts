import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Qualification } from '@anw/rosters';
import type { SurchargeKind } from '@anw/tariffs';
import { ANW_CATEGORIES, type AnwCategory } from '@anw/time';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SURCHARGE_KINDS: SurchargeKind[] = ['role', 'template', 'shortNotice'];

// Shapes only: the tariff engine checks the meaning (validatePayPolicy, validateTariffTable) and lists every problem.

export class SurchargeDto {
  @ApiProperty({ enum: SURCHARGE_KINDS, description: 'role: per rol; template: per dienstcode; shortNotice: een kort van tevoren overgenomen dienst' })
  @IsIn(SURCHARGE_KINDS, { message: `kind moet een van ${SURCHARGE_KINDS.join(', ')} zijn` })
  kind: SurchargeKind;

  @ApiPropertyOptional({ enum: Qualification, description: 'bij kind role' })
  @IsOptional()
  @IsString({ message: 'role moet een tekst zijn' })
  role?: string;

  @ApiPropertyOptional({ example: 'N', description: 'bij kind template: de dienstcode' })
  @IsOptional()
  @IsString({ message: 'templateCode moet een tekst zijn' })
  @Length(1, 20)
  templateCode?: string;

  @ApiPropertyOptional({ example: 500, description: 'vast bedrag in centen per uur (óf percentBp)' })
  @IsOptional()
  @IsInt({ message: 'centsPerHour moet een geheel aantal centen zijn' })
  centsPerHour?: number;

  @ApiPropertyOptional({ example: 1000, description: 'basispunten van het betaalde uurtarief: 1000 = 10 % (óf centsPerHour)' })
  @IsOptional()
  @IsInt({ message: 'percentBp moet een geheel getal zijn' })
  percentBp?: number;

  @ApiPropertyOptional({ enum: ANW_CATEGORIES, isArray: true, description: 'alleen in deze categorieën; weglaten = alle' })
  @IsOptional()
  @IsArray()
  @IsIn(ANW_CATEGORIES as unknown as string[], { each: true, message: 'categories bevat een onbekende categorie' })
  categories?: AnwCategory[];

  @ApiProperty({ example: '2026-01-01' })
  @Matches(DATE, { message: 'effectiveFrom moet JJJJ-MM-DD zijn' })
  effectiveFrom: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'inclusief; weglaten = zonder einde' })
  @IsOptional()
  @Matches(DATE, { message: 'effectiveTo moet JJJJ-MM-DD zijn' })
  effectiveTo?: string;
}

export class PayPolicyDto {
  @ApiProperty({ example: 10000, description: 'deel van het NZa-maximum in basispunten: 10000 = 100 %, 9550 = 95,5 %' })
  @IsInt({ message: 'percentOfMaximumBp moet een geheel getal zijn' })
  percentOfMaximumBp: number;

  @ApiProperty({ type: [SurchargeDto] })
  @IsArray({ message: 'surcharges moet een lijst zijn' })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SurchargeDto)
  surcharges: SurchargeDto[];

  @ApiPropertyOptional({ example: 48, description: 'een overgenomen dienst minder dan zoveel uur voor aanvang telt als kortetermijnclaim' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(8760)
  shortNoticeHours?: number;

  @ApiPropertyOptional({ example: 'toeslag nachten zomer' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class TariffRatesDto {
  @ApiProperty({ example: 11901 }) @IsInt({ message: 'avond moet een geheel aantal centen zijn' }) avond: number;
  @ApiProperty({ example: 15563 }) @IsInt({ message: 'nacht moet een geheel aantal centen zijn' }) nacht: number;
  @ApiProperty({ example: 13732 }) @IsInt({ message: 'weekend moet een geheel aantal centen zijn' }) weekend: number;
  @ApiProperty({ example: 15563 }) @IsInt({ message: 'feestdag moet een geheel aantal centen zijn' }) feestdag: number;
}

export class TariffTableDto {
  @ApiProperty({ example: 'nza-2026' }) @IsString() @Length(1, 60) id: string;
  @ApiProperty({ example: 2, description: 'hoger dan de huidige versie' }) @IsInt({ message: 'version moet een geheel getal zijn' }) version: number;
  @ApiProperty({ example: 'NZa-besluit na bezwaar, 2026-09-01' }) @IsString() @Length(1, 500) source: string;
  @ApiProperty({ example: '2026-01-01' }) @Matches(DATE, { message: 'effectiveFrom moet JJJJ-MM-DD zijn' }) effectiveFrom: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'inclusief; weglaten = zonder einde' })
  @IsOptional()
  @Matches(DATE, { message: 'effectiveTo moet JJJJ-MM-DD zijn' })
  effectiveTo?: string;

  @ApiProperty({ type: TariffRatesDto, description: 'centen per uur per categorie' })
  @ValidateNested()
  @Type(() => TariffRatesDto)
  centsPerHour: TariffRatesDto;
}

export class TariffRevisionDto {
  @ApiProperty({ type: TariffTableDto }) @ValidateNested() @Type(() => TariffTableDto) table: TariffTableDto;
  @ApiProperty({ example: 'NZa herziet het nachttarief 2026 na bezwaar' }) @IsString() @Length(3, 1000) reason: string;
}

export class SnapshotDto {
  @ApiPropertyOptional({ example: 'uitbetaling Q1' }) @IsOptional() @IsString() @Length(1, 500) reason?: string;
}
