import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import express from 'express';
import type { ChangeContext } from '@anw/audit';
import { RosterError, RosterErrorCode, type ImportCheck } from '@anw/rosters';

/** Parses `text/csv` bodies (the CSV imports); every other route reads JSON. */
export const csvBodyParser = express.text({ type: 'text/csv', limit: '5mb' });

/** The CSV text of an import request, or a 400 when the body was not sent as text/csv. */
export function csvBody(body: unknown): string {
  if (typeof body !== 'string') {
    throw new RosterError(RosterErrorCode.CsvInvalid, 'Stuur het bestand als CSV in de body, met Content-Type: text/csv (UTF-8).');
  }
  return body;
}

/** An all-or-nothing CSV import: a check that lists every bad row by line, and the import itself. */
export interface CsvImport {
  check(hdsId: string, csv: string): Promise<ImportCheck>;
  commit(ctx: ChangeContext, csv: string): Promise<{ imported: number }>;
}

export type CsvImportResult = ImportCheck | { imported: number };

/**
 * The handler of every CSV import route: a dry run returns the check with 200 and saves nothing;
 * otherwise the import runs (201), refusing the whole file with the same list when a row is bad.
 */
export function handleCsvImport(csvImport: CsvImport, ctx: ChangeContext, dryRun: boolean | undefined, body: unknown, res: Response): Promise<CsvImportResult> {
  const csv = csvBody(body);
  if (dryRun) {
    res.status(200);
    return csvImport.check(ctx.hdsId, csv);
  }
  return csvImport.commit(ctx, csv);
}

/** The OpenAPI description of a CSV import route: its columns, the dry-run contract and an example file. */
export function ApiCsvImport(doc: { summary: string; columns: string; example: string }): MethodDecorator {
  return applyDecorators(
    ApiOperation({
      summary: doc.summary,
      description:
        `Kopregel: ${doc.columns}. Met dryRun=true: { valid, errors: [{ line, field, message }] } en niets opgeslagen (200). ` +
        'Zonder: bij een foute regel 400 met dezelfde lijst en niets opgeslagen, anders { imported } (201).',
    }),
    ApiConsumes('text/csv'),
    ApiBody({ schema: { type: 'string', example: doc.example } }),
  );
}
