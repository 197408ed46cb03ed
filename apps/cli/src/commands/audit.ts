// `anw audit verify [--hds CODE …]` walks the hash chain of every HDS (or one) in the database
// (DATABASE_URL, else the running demo's) and prints one JSON line per HDS: {"hds":…,"hdsId":…,"ok":…,"checked":…,"firstBroken":…}.
// Exit code 0 when every chain is intact, 1 when one is broken, 2 on bad input.
import { withDatabase } from '../cli-database.js';
import { CliInputError, parseFlags, withInputErrors } from './classify.js';

const VERIFY_OPTIONS = { hds: { type: 'string', multiple: true } } as const;


export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify') {
    process.stderr.write(`onbekend audit-commando: ${sub ?? '(geen)'}; kies uit verify\n`);
    return 2;
  }
  let broken = false;
  const code = await withInputErrors(async () => {
    const values = parseFlags(rest, VERIFY_OPTIONS);
    const codes = values.hds;
    if (codes?.some((c) => c.trim() === '')) throw new CliInputError('--hds mist een HDS-code');
    const { AuditChainService } = await import('@anw/audit-reports');
    return withDatabase(async (dataSource) => {
      const hdsList = (await dataSource.query(
        codes === undefined ? 'SELECT id, code FROM hds ORDER BY code' : 'SELECT id, code FROM hds WHERE code = ANY($1::text[]) ORDER BY code',
        codes === undefined ? [] : [codes],
      )) as { id: string; code: string }[];
      const unknown = codes?.filter((c) => !hdsList.some((h) => h.code === c)) ?? [];
      if (unknown.length > 0) throw new CliInputError(`onbekende HDS: ${unknown.join(', ')}`);
      const chain = new AuditChainService(dataSource);
      const lines: string[] = [];
      for (const h of hdsList) {
        const verdict = await chain.verify(h.id);
        broken ||= !verdict.ok;
        lines.push(JSON.stringify({ hds: h.code, hdsId: h.id, ok: verdict.ok, checked: verdict.checked, firstBroken: verdict.firstBroken }));
      }
      return lines.join('\n');
    });
  });
  return code === 0 && broken ? 1 : code;
}
