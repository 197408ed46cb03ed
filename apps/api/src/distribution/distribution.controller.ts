import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ChangeContext } from '@anw/audit';
import { DistributionService, RunStatus, WishReportService, type MyWishesView, type PickWindows, type RunView } from '@anw/distribution-service';
import { AuditorReadable, CurrentChange, CurrentScope, Role, Roles, type HdsScope } from '@anw/identity';
import { PickDto, PickWindowsDto, RequestRunDto } from './distribution.dto.js';

const PLANNERS = [Role.Planner, Role.HdsAdmin];
const FINISHED = [RunStatus.Completed, RunStatus.Failed, RunStatus.Cancelled, RunStatus.Applied];

@ApiTags('distribution')
@ApiBearerAuth()
@Controller('hds/:hdsId')
export class DistributionController {
  constructor(
    private readonly distribution: DistributionService,
    private readonly wishes: WishReportService,
  ) {}

  @Get('periods/:periodId/my/wishes')
  @Roles(Role.Gp)
  @ApiOperation({ summary: 'Wat er van mijn wensen terechtkwam: voorkeuren gehonoreerd en liever-niets geraakt, uit de toegepaste verdeling' })
  myWishes(@CurrentScope() scope: HdsScope, @Param('periodId', ParseUUIDPipe) periodId: string): Promise<MyWishesView> {
    return this.wishes.mine(scope.hdsId, scope.gpId, periodId);
  }

  @Post('periods/:periodId/distribution-runs')
  @Roles(...PLANNERS)
  @ApiOperation({ summary: 'Automatische verdeling starten (BullMQ-job); het resultaat wordt een concept' })
  request(@CurrentChange() ctx: ChangeContext, @Param('periodId', ParseUUIDPipe) periodId: string, @Body() body: RequestRunDto): Promise<RunView> {
    return this.distribution.requestRun(ctx, periodId, body);
  }

  @Get('periods/:periodId/distribution-runs')
  @Roles(...PLANNERS, Role.RegionalAuditor)
  @AuditorReadable()
  list(@Param('hdsId') hdsId: string, @Param('periodId', ParseUUIDPipe) periodId: string): Promise<RunView[]> {
    return this.distribution.listRuns(hdsId, periodId);
  }

  @Get('distribution-runs/:runId')
  @Roles(...PLANNERS, Role.RegionalAuditor)
  @AuditorReadable()
  @ApiOperation({ summary: 'Voortgang (procent, score) en, als klaar, het resultaat met rapport per huisarts' })
  get(@Param('hdsId') hdsId: string, @Param('runId', ParseUUIDPipe) runId: string): ReturnType<DistributionService['getRun']> {
    return this.distribution.getRun(hdsId, runId, true);
  }

  @Get('distribution-runs/:runId/events')
  @Roles(...PLANNERS)
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Voortgang als server-sent events tot de verdeling klaar is' })
  async events(@Param('hdsId') hdsId: string, @Param('runId', ParseUUIDPipe) runId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    let run = await this.distribution.getRun(hdsId, runId); // 404 before the stream opens
    res.status(200).set({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' }).flushHeaders();
    let closed = false;
    req.on('close', () => (closed = true));
    let last = '';
    // Reads the run row, so any API replica can stream any run.
    for (;;) {
      const finished = FINISHED.includes(run.status);
      const data = JSON.stringify(run);
      if (data !== last || finished) res.write(`event: ${finished ? 'done' : 'progress'}\ndata: ${data}\n\n`);
      last = data;
      if (finished || closed) break;
      await new Promise((r) => setTimeout(r, 500));
      run = await this.distribution.getRun(hdsId, runId);
    }
    res.end();
  }

  @Post('distribution-runs/:runId/cancel')
  @Roles(...PLANNERS)
  @HttpCode(200)
  cancel(@CurrentChange() ctx: ChangeContext, @Param('runId', ParseUUIDPipe) runId: string): Promise<RunView> {
    return this.distribution.cancel(ctx, runId);
  }

  @Post('distribution-runs/:runId/apply')
  @Roles(...PLANNERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Resultaat in het conceptrooster zetten; afwijkingen worden saldo voor de volgende periode' })
  apply(@CurrentChange() ctx: ChangeContext, @Param('runId', ParseUUIDPipe) runId: string): Promise<{ added: number; unfilled: number }> {
    return this.distribution.apply(ctx, runId);
  }

  @Put('periods/:periodId/pick-windows')
  @Roles(...PLANNERS)
  @ApiOperation({ summary: 'Vrij roosteren: kiesvensters per fase' })
  windows(@CurrentChange() ctx: ChangeContext, @Param('periodId', ParseUUIDPipe) periodId: string, @Body() body: PickWindowsDto): Promise<PickWindows> {
    const d = (v?: string): Date | null => (v ? new Date(v) : null);
    return this.distribution.setPickWindows(ctx, periodId, { holdersFrom: d(body.holdersFrom), holdersUntil: d(body.holdersUntil), locumsFrom: d(body.locumsFrom), locumsUntil: d(body.locumsUntil) });
  }

  @Post('picks')
  @Roles(Role.Gp)
  @ApiOperation({ summary: 'Vrij roosteren: een dienst kiezen (regels en aandeel direct gecontroleerd)' })
  pick(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Body() body: PickDto): ReturnType<DistributionService['pick']> {
    return this.distribution.pick(ctx, scope.gpId, body.shiftId);
  }

  @Delete('picks/:shiftId')
  @Roles(Role.Gp)
  @HttpCode(204)
  unpick(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Param('shiftId', ParseUUIDPipe) shiftId: string): Promise<void> {
    return this.distribution.unpick(ctx, scope.gpId, shiftId);
  }
}
