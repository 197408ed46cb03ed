import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsUUID, Min, ValidateIf } from 'class-validator';

const kind = (name: string): PropertyDecorator[] => [
  ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, description: `hoogstens zoveel ${name} per periode; leeg: geen limiet` }),
  IsOptional(),
  ValidateIf((_o, v) => v !== null),
  IsInt({ message: `${name}: een geheel getal van 0 of meer` }),
  Min(0, { message: `${name}: een geheel getal van 0 of meer` }),
];
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => {
  for (const d of decorators) d(target, key);
};

export class GpLimitsDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'de periode; leeg: elke periode zonder eigen limieten' })
  @IsOptional()
  @IsUUID('all', { message: 'periodId moet een uuid zijn' })
  periodId?: string | null;

  @apply(kind('nachtdiensten')) night?: number | null;
  @apply(kind('weekenddiensten')) weekend?: number | null;
  @apply(kind('feestdagdiensten')) holiday?: number | null;
  @apply(kind('avonddiensten')) evening?: number | null;
  @apply(kind('diensten in totaal')) total?: number | null;
}

export class ApproveGpLimitsDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'de periode van de aanvraag; leeg: elke periode' })
  @IsOptional()
  @IsUUID('all', { message: 'periodId moet een uuid zijn' })
  periodId?: string | null;
}
