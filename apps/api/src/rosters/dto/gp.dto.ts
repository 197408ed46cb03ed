import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsArray, IsBoolean, IsEmail, IsEnum, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '@anw/platform';
import { ExemptionKind, GP_LIMITS, GpKind, Qualification } from '@anw/rosters';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const toBool = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
// Present or absent, never null: the field cannot be cleared.
const unlessAbsent = (_: object, value: unknown): boolean => value !== undefined;

/** The fields every kind of GP may have; null clears one. */
class GpOptionalFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: '075-6123456' })
  @IsOptional()
  @IsString()
  @Length(0, GP_LIMITS.phone)
  phone?: string | null;

  @ApiPropertyOptional({ enum: Qualification, isArray: true, example: [Qualification.Consult, Qualification.Visite], description: 'de rollen die de huisarts mag vervullen' })
  @ValidateIf(unlessAbsent)
  @IsArray({ message: 'qualifications moet een lijst zijn' })
  @ArrayUnique({ message: 'qualifications bevat een kwalificatie twee keer' })
  @IsEnum(Qualification, { each: true, message: `qualifications mag alleen ${Object.values(Qualification).join(', ')} bevatten` })
  qualifications?: Qualification[];

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'verplicht voor een HIDHA (employed): de praktijkhouder van dezelfde HDS bij wie hij of zij in dienst is; verboden voor anderen' })
  @IsOptional()
  @IsUUID('all', { message: 'employerGpId moet een uuid zijn' })
  employerGpId?: string | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0, maximum: GP_LIMITS.practicePatients, example: 2350, description: 'aantal ingeschreven patiënten van de praktijk' })
  @IsOptional()
  @IsInt({ message: 'practicePatients moet een geheel getal zijn' })
  @Min(0)
  @Max(GP_LIMITS.practicePatients)
  practicePatients?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: GP_LIMITS.fte, example: 0.8 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }, { message: 'fte moet een getal met hoogstens twee decimalen zijn' })
  @Min(0)
  @Max(GP_LIMITS.fte)
  fte?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0, maximum: GP_LIMITS.fixedMinimumHours, example: 50, description: 'afgesproken vast minimum aantal uren per periode' })
  @IsOptional()
  @IsInt({ message: 'fixedMinimumHours moet een geheel getal zijn' })
  @Min(0)
  @Max(GP_LIMITS.fixedMinimumHours)
  fixedMinimumHours?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0, maximum: 100, example: 25, description: 'alleen voor een HIDHA: het aandeel (procent) uit het quotum van de praktijkhouder' })
  @IsOptional()
  @IsInt({ message: 'carveOutPercent moet een geheel getal zijn' })
  @Min(0)
  @Max(100)
  carveOutPercent?: number | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2024-01-01' })
  @IsOptional()
  @Matches(DATE, { message: 'joinedOn moet JJJJ-MM-DD zijn' })
  joinedOn?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2027-12-31', description: 'op of na joinedOn' })
  @IsOptional()
  @Matches(DATE, { message: 'leftOn moet JJJJ-MM-DD zijn' })
  leftOn?: string | null;
}

export class CreateGpDto extends GpOptionalFieldsDto {
  @ApiProperty({ enum: GpKind, description: 'praktijkhouder, HIDHA (employed) of waarnemer (locum)' })
  @IsEnum(GpKind, { message: `kind moet een van ${Object.values(GpKind).join(', ')} zijn` })
  kind: GpKind;

  @ApiProperty({ example: 'Dr. A. de Vries' })
  @IsString()
  @Length(1, GP_LIMITS.name)
  name: string;

  @ApiProperty({ example: 'a.devries@praktijk-zaandam.nl', description: 'uniek binnen de HDS' })
  @IsEmail({}, { message: 'email moet een geldig e-mailadres zijn' })
  email: string;
}

export class UpdateGpDto extends GpOptionalFieldsDto {
  @ApiPropertyOptional({ enum: GpKind })
  @ValidateIf(unlessAbsent)
  @IsEnum(GpKind, { message: `kind moet een van ${Object.values(GpKind).join(', ')} zijn` })
  kind?: GpKind;

  @ApiPropertyOptional()
  @ValidateIf(unlessAbsent)
  @IsString()
  @Length(1, GP_LIMITS.name)
  name?: string;

  @ApiPropertyOptional()
  @ValidateIf(unlessAbsent)
  @IsEmail({}, { message: 'email moet een geldig e-mailadres zijn' })
  email?: string;
}

export class GpQuery extends PageQuery {
  @ApiPropertyOptional({ enum: GpKind }) @IsOptional() @IsEnum(GpKind, { message: `kind moet een van ${Object.values(GpKind).join(', ')} zijn` }) kind?: GpKind;
  @ApiPropertyOptional({ enum: Qualification }) @IsOptional() @IsEnum(Qualification, { message: `qualification moet een van ${Object.values(Qualification).join(', ')} zijn` }) qualification?: Qualification;
  @ApiPropertyOptional({ description: 'deel van de naam', example: 'vries' }) @IsOptional() @IsString() @Length(1, 100) search?: string;
}

export class CreateExemptionDto {
  @ApiProperty({ enum: ExemptionKind, description: 'no_nights: geen nachtdiensten (bijv. zwangerschap en zes maanden erna); full: geen diensten' })
  @IsEnum(ExemptionKind, { message: `kind moet een van ${Object.values(ExemptionKind).join(', ')} zijn` })
  kind: ExemptionKind;

  @ApiProperty({ example: '2027-01-01' }) @Matches(DATE, { message: 'fromDate moet JJJJ-MM-DD zijn' }) fromDate: string;
  @ApiProperty({ example: '2027-12-31', description: 'inclusief; op of na fromDate' }) @Matches(DATE, { message: 'toDate moet JJJJ-MM-DD zijn' }) toDate: string;

  @ApiPropertyOptional({ example: 'zwangerschap' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  reason?: string;
}

export class ImportQuery {
  @ApiPropertyOptional({ default: false, description: 'alleen controleren: elke foute regel met regelnummer, niets opslaan' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'dryRun moet true of false zijn' })
  dryRun?: boolean;
}
