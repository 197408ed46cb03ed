// `anw tenants regions|hds list|create|rename …`: the platform operator's tenants on the command line,
// through the same TenantsService as the API's /platform routes (DATABASE_URL, else the running
// demo's). Prints one JSON line per region or HDS. Exit code 0, or 2 on bad input or a refused change.
import { withDatabase } from '../cli-database.js';
import type { TenantsService } from '@anw/identity';
import { CliInputError, parseFlags, withInputErrors } from './classify.js';

const OPTIONS = {
  id: { type: 'string' },
  hds: { type: 'string' },
  region: { type: 'string' },
  code: { type: 'string' },
  name: { type: 'string' },
  page: { type: 'string' },
  'page-size': { type: 'string' },
} as const;

const USAGE =
  'gebruik: tenants regions list | regions create --name N | regions rename --id ID --name N | ' +
  'hds list [--region ID] | hds create --region ID --code CODE --name N | hds rename --hds ID|CODE [--code CODE] [--name N]';


type Flags = ReturnType<typeof parseFlags<typeof OPTIONS>>;

function required(values: Flags, name: keyof Flags): string {
  const value = values[name];
  if (value === undefined || value.trim() === '') throw new CliInputError(`--${name} ontbreekt; ${USAGE}`);
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuid(values: Flags, name: 'id' | 'region'): string {
  const value = required(values, name);
  if (!UUID.test(value)) throw new CliInputError(`--${name} moet een uuid zijn: ${value}`);
  return value;
}

function pageOf(values: Flags): { page: number; pageSize: number } {
  const page = Number(values.page ?? 1);
  const pageSize = Number(values['page-size'] ?? 500);
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) {
    throw new CliInputError('--page is een geheel getal ≥ 1, --page-size tussen 1 en 500');
  }
  return { page, pageSize };
}

type Operation = (sut: TenantsService) => Promise<unknown[]>;

/** The checked arguments as the service call to make (before any database is opened). */
function parseOperation(kind: 'regions' | 'hds', action: 'list' | 'create' | 'rename', values: Flags): Operation {
  if (kind === 'regions') {
    if (action === 'list') {
      const query = pageOf(values);
      return async (sut) => (await sut.listRegions(query)).items;
    }
    const name = required(values, 'name');
    if (action === 'create') return async (sut) => [await sut.createRegion(name)];
    const id = uuid(values, 'id');
    return async (sut) => [await sut.renameRegion(id, name)];
  }
  if (action === 'list') {
    const query = pageOf(values);
    const regionId = values.region === undefined ? undefined : uuid(values, 'region');
    return async (sut) => (await sut.listHds(query, regionId)).items;
  }
  if (action === 'create') {
    const input = { regionId: uuid(values, 'region'), code: required(values, 'code'), name: required(values, 'name') };
    return async (sut) => [await sut.createHds(null, input)];
  }
  const hds = required(values, 'hds');
  if (values.code === undefined && values.name === undefined) throw new CliInputError(`geef --code en/of --name; ${USAGE}`);
  const change = { code: values.code, name: values.name };
  return async (sut) => [await sut.renameHds(null, (await sut.getHds(hds)).id, change)];
}

export async function run(args: string[]): Promise<number> {
  const [kind, action, ...rest] = args;
  if (!(kind === 'regions' || kind === 'hds') || !(action === 'list' || action === 'create' || action === 'rename')) {
    process.stderr.write(`onbekend tenants-commando: ${[kind, action].filter(Boolean).join(' ') || '(geen)'}; ${USAGE}\n`);
    return 2;
  }
  return withInputErrors(async () => {
    const operation = parseOperation(kind, action, parseFlags(rest, OPTIONS));
    const [{ AuditTrail }, { AppError }, { TenantsService }] = await Promise.all([import('@anw/audit'), import('@anw/platform'), import('@anw/identity')]);
    return withDatabase(async (dataSource) => {
      try {
        return (await operation(new TenantsService(dataSource, new AuditTrail()))).map((line) => JSON.stringify(line)).join('\n');
      } catch (error) {
        // A refused change (unknown region, taken code) is the operator's input, told in one line.
        if (error instanceof AppError) throw new CliInputError(error.message);
        throw error;
      }
    });
  });
}
