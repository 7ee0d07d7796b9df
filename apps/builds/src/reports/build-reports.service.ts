import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BuildRunEntity } from '../runs/build-run.entity';
import { mergeProgress } from '../runs/build-run.rules';
import { BuildRunsService } from '../runs/build-runs.service';
import { FinishBuildInput, ReportBuildInput } from './build-report.input';
import { observeFinish, observeReportedRun, observeReportedStage } from './build-report.rules';

/** Runs other CIs report over REST (through the gateway's facade): started, then finished. */
@Injectable()
export class BuildReportsService {
  constructor(private readonly runs: BuildRunsService) {}

  /** Records a run (or merges into the one with the same CI run id and attempt) with the stages it names. */
  report(input: ReportBuildInput, now = new Date()): Promise<BuildRunEntity> {
    return this.runs.run(async (uow) => {
      const run = await this.runs.recordRun(uow, observeReportedRun(input, input.runId ?? randomUUID(), now));
      for (const stage of input.stages ?? []) await this.runs.recordStage(uow, run, observeReportedStage(stage));
      return run;
    });
  }

  /** Completes a run with its conclusion, its remaining stages and its artifacts (a repeat merges by the same rules as GitHub deliveries). */
  finish(id: string, input: FinishBuildInput, now = new Date()): Promise<BuildRunEntity> {
    return this.runs.run(async (uow) => {
      const run = await this.runs.lockById(uow.manager, id);
      Object.assign(run, mergeProgress(run, observeFinish(input, now)));
      await uow.manager.save(run);
      for (const stage of input.stages ?? []) await this.runs.recordStage(uow, run, observeReportedStage(stage));
      await this.runs.recordArtifacts(
        uow,
        run,
        (input.artifacts ?? []).map((a) => ({ name: a.name, sizeBytes: a.sizeBytes ?? null, url: a.url ?? null, checksum: a.checksum ?? null })),
      );
      return run;
    });
  }
}
