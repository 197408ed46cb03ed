import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { EVENING_STARTS, QuotaPolicy, REST_RULE_BOUNDS, type EveningStart } from '@anw/identity';

const B = REST_RULE_BOUNDS;
const bound = (key: Exclude<keyof typeof B, 'maxNightsPerWindow'>): string => `${B[key].min}–${B[key].max}; wettelijke grens: ${B[key].law}. Ruimer: 422 hds_settings_below_legal_bound met het veld.`;

export class DayOpeningsDto {
  @ApiProperty({ description: 'post overdag open op Goede Vrijdag' })
  @IsBoolean({ message: 'dayOpenings.goodFriday is true of false' })
  goodFriday: boolean;

  @ApiProperty({ description: 'post overdag open op 5 mei (Bevrijdingsdag)' })
  @IsBoolean({ message: 'dayOpenings.liberationDay is true of false' })
  liberationDay: boolean;

  @ApiProperty({ description: 'post overdag open op 24 december' })
  @IsBoolean({ message: 'dayOpenings.christmasEve is true of false' })
  christmasEve: boolean;

  @ApiProperty({ description: 'post overdag open op 31 december' })
  @IsBoolean({ message: 'dayOpenings.newYearsEve is true of false' })
  newYearsEve: boolean;
}

export class NightWindowDto {
  @ApiProperty({ example: 36, minimum: 1, description: `hoogstens zoveel nachtdiensten per venster; wettelijke grens: ${B.maxNightsPerWindow.law}` })
  @IsInt({ message: 'rules.maxNightsPerWindow.nights is een geheel getal' })
  @Min(1, { message: 'rules.maxNightsPerWindow.nights is minstens 1' })
  nights: number;

  @ApiProperty({ example: 112, minimum: 1, maximum: 366, description: 'het venster in kalenderdagen; een korter venster mag, zolang het over 112 dagen niet meer dan 36 nachten toelaat' })
  @IsInt({ message: 'rules.maxNightsPerWindow.days is een geheel getal' })
  @Min(1, { message: 'rules.maxNightsPerWindow.days is minstens 1' })
  days: number;
}

export class RestRulesDto {
  @ApiProperty({ example: 11, minimum: B.minRestHours.min, maximum: B.minRestHours.max, description: `uren rust tussen twee diensten: ${bound('minRestHours')}` })
  @IsInt({ message: 'rules.minRestHours is een geheel getal' })
  minRestHours: number;

  @ApiProperty({ example: 14, minimum: B.minRestAfterNightHours.min, maximum: B.minRestAfterNightHours.max, description: `uren rust na een nachtdienst die na 02:00 eindigt: ${bound('minRestAfterNightHours')}` })
  @IsInt({ message: 'rules.minRestAfterNightHours is een geheel getal' })
  minRestAfterNightHours: number;

  @ApiProperty({ example: 3, minimum: B.nightRunLength.min, maximum: B.nightRunLength.max, description: `vanaf zoveel nachten achter elkaar geldt de lange rust: ${bound('nightRunLength')}` })
  @IsInt({ message: 'rules.nightRunLength is een geheel getal' })
  nightRunLength: number;

  @ApiProperty({ example: 46, minimum: B.restAfterNightRunHours.min, maximum: B.restAfterNightRunHours.max, description: `uren rust na zo'n reeks nachten: ${bound('restAfterNightRunHours')}` })
  @IsInt({ message: 'rules.restAfterNightRunHours is een geheel getal' })
  restAfterNightRunHours: number;

  @ApiProperty({ example: 3, minimum: B.maxConsecutiveNights.min, maximum: B.maxConsecutiveNights.max, description: `hoogstens zoveel nachten achter elkaar: ${bound('maxConsecutiveNights')}` })
  @IsInt({ message: 'rules.maxConsecutiveNights is een geheel getal' })
  maxConsecutiveNights: number;

  @ApiProperty({ type: NightWindowDto, description: `nachtdiensten per venster: ${B.maxNightsPerWindow.law}` })
  @ValidateNested()
  @Type(() => NightWindowDto)
  maxNightsPerWindow: NightWindowDto;
}

export class HdsSettingsDto {
  @ApiProperty({ example: 0, minimum: 0, description: 'de versie die u wijzigt (uit GET); is die intussen vervangen, dan 409 hds_settings_version_stale' })
  @IsInt({ message: 'version is een geheel getal' })
  @Min(0, { message: 'version is minstens 0' })
  version: number;

  @ApiProperty({ example: 'HDS Waterland' })
  @IsString({ message: 'name moet tekst zijn' })
  @MinLength(2, { message: 'name heeft minstens 2 tekens' })
  @MaxLength(120, { message: 'name heeft hoogstens 120 tekens' })
  name: string;

  @ApiProperty({ example: 'HDS-WL', description: 'uniek (hoofdletterongevoelig), 2–40 tekens: letters, cijfers en streepjes; dezelfde regels als bij het aanmaken' })
  @IsString({ message: 'code moet tekst zijn' })
  @MaxLength(40, { message: 'code heeft hoogstens 40 tekens' })
  code: string;

  @ApiProperty({ enum: QuotaPolicy, description: 'hoe het aandeel per huisarts wordt berekend: naar praktijkgrootte, fte, per hoofd of vaste minima' })
  @IsEnum(QuotaPolicy, { message: `quotaPolicy is een van: ${Object.values(QuotaPolicy).join(', ')}` })
  quotaPolicy: QuotaPolicy;

  @ApiProperty({ enum: EVENING_STARTS, description: 'begin van de avond op werkdagen: 18:00 (NZa) of 17:00 (regionale keuze)' })
  @IsIn(EVENING_STARTS, { message: 'eveningStart is 17:00 of 18:00' })
  eveningStart: EveningStart;

  @ApiProperty({ type: DayOpeningsDto })
  @ValidateNested()
  @Type(() => DayOpeningsDto)
  dayOpenings: DayOpeningsDto;

  @ApiProperty({ type: RestRulesDto, description: 'de rustregels van de verdeling; strenger dan de wet mag, ruimer niet' })
  @ValidateNested()
  @Type(() => RestRulesDto)
  rules: RestRulesDto;

  @ApiPropertyOptional({ example: 'regio kiest voor 18:00', description: 'waarom (in de versie en het auditspoor)' })
  @IsOptional()
  @IsString({ message: 'reason moet tekst zijn' })
  @MaxLength(500, { message: 'reason heeft hoogstens 500 tekens' })
  reason?: string;
}
