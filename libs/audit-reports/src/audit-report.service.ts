import { Injectable } from '@nestjs/common';
import { burdenSpec, coverageSpec, deviationSpec, renderSvg } from './charts/charts.js';
import { positionTable, gpTable, hdsTable, postTable, practiceTable, type ReportTable, toCsv, toXlsx } from './exports.js';
import type { DateRange } from './figures/date-range.js';
import { PeriodReportsService } from './period-reports.service.js';
import { renderReportHtml } from './report-html.js';
import { practicesOf, sortGps, WorkloadService } from './workload.service.js';

export type ExportLevel = 'gps' | 'practices' | 'posts' | 'hds';
export type ExportFormat = 'csv' | 'xlsx';

export interface ExportFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function file(table: ReportTable, format: ExportFormat, baseName: string, meta: Record<string, string>): Promise<ExportFile> | ExportFile {
  if (format === 'csv') return { body: Buffer.from(toCsv(table), 'utf8'), contentType: 'text/csv; charset=utf-8', fileName: `${baseName}.csv` };
  return toXlsx([table], meta).then((body) => ({ body, contentType: XLSX, fileName: `${baseName}.xlsx` }));
}

const safeName = (s: string): string => s.replace(/[^A-Za-z0-9_-]+/g, '-');

/** The HTML report with its charts, and the CSV/XLSX exports of every report level. */
@Injectable()
export class AuditReportService {
  constructor(
    private readonly workload: WorkloadService,
    private readonly periods: PeriodReportsService,
  ) {}

  async html(hdsId: string, range: DateRange, now = new Date()): Promise<string> {
    const workload = await this.workload.workload(hdsId, range);
    const coverage = await this.workload.coverage(hdsId, range);
    const measured = workload.gpRows.filter((g) => g.weight > 0);
    const [burden, deviation, coverageSvg] = await Promise.all([
      renderSvg(burdenSpec(measured, workload.categories.averageLength)),
      renderSvg(deviationSpec(measured)),
      renderSvg(coverageSpec(coverage)),
    ]);
    const closingPlans = [];
    for (const p of workload.periods) closingPlans.push(await this.periods.closingPlan(hdsId, p.id, now));
    const { gpRows, ...summary } = workload;
    return renderReportHtml({ summary, gps: sortGps(gpRows, 'deviation'), closingPlans, charts: { burden, deviation, coverage: coverageSvg }, generatedAt: now });
  }

  async hdsExport(hdsId: string, range: DateRange, level: ExportLevel, format: ExportFormat): Promise<ExportFile> {
    const hds = await this.workload.hds(hdsId);
    const meta = { rapport: `dienstbelasting per ${level}`, hds: `${hds.code} ${hds.name}`, van: range.from, tot_en_met: range.to, gemaakt: new Date().toISOString() };
    const base = `dienstbelasting-${safeName(hds.code)}-${level}-${range.from}-${range.to}`;
    let table: ReportTable;
    if (level === 'posts') table = postTable(await this.workload.posts(hdsId, range));
    else {
      const workload = await this.workload.workload(hdsId, range);
      if (level === 'gps') table = gpTable(sortGps(workload.gpRows, 'name'));
      else if (level === 'practices') table = practiceTable(practicesOf(workload));
      else table = hdsTable([workload]);
    }
    return file(table, format, base, meta);
  }

  async regionExport(regionId: string, range: DateRange, format: ExportFormat): Promise<ExportFile> {
    const region = await this.workload.region(regionId, range);
    const meta = { rapport: "dienstbelasting per HDS in de regio", regio: region.region.name, van: range.from, tot_en_met: range.to, gemaakt: new Date().toISOString() };
    return file(hdsTable(region.hds), format, `dienstbelasting-regio-${safeName(region.region.name)}-${range.from}-${range.to}`, meta);
  }

  async closingPlanExport(hdsId: string, periodId: string, format: ExportFormat): Promise<ExportFile> {
    const { period, rows } = await this.periods.positions(hdsId, periodId);
    const meta = { rapport: 'sluitend rooster: elke plaats bezet of open', periode: period.name, van: period.startDate, tot_en_met: period.endDate, gemaakt: new Date().toISOString() };
    return file(positionTable(rows), format, `sluitend-rooster-${safeName(period.name)}`, meta);
  }
}
