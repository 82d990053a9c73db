import { describeRunDuration, type GpuProcessRun, type StalledRun } from '../../shared/foresight';
import type { ExternalCondition } from './alert-engine';

/** The rule of a GPU process that may be stalled; its resource is `pid:PID`. */
export const gpuStalledRule = 'gpu-run-stalled';
/** The rule of the INFO event a GPU process leaves when it exits. */
export const gpuEndedRule = 'gpu-run-ended';

export function gpuRunResource(run: Pick<GpuProcessRun, 'pid'>): string {
  return `pid:${run.pid}`;
}

function who(run: GpuProcessRun): string {
  return `${run.name} (pid ${run.pid})`;
}

function commandLine(run: GpuProcessRun): string {
  return run.commandLine === null ? 'its command line could not be read' : `command line: ${run.commandLine}`;
}

function gpus(run: GpuProcessRun): string {
  return run.gpus.length === 1 ? `GPU ${run.gpus[0]}` : `GPUs ${run.gpus.join(', ')}`;
}

function gib(bytes: number | null): string {
  return bytes === null ? 'unreported memory' : `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/** "training may be stalled: python3 (pid 4242) holds 95.0 GiB on GPU 0 under 5 % utilisation for 10 min; command line: …" */
export function gpuStalledCondition(run: GpuProcessRun, at: number, utilizationPercent: number): ExternalCondition {
  const idle = describeRunDuration(at - (run.idleSince ?? at));
  return {
    rule: gpuStalledRule,
    resource: gpuRunResource(run),
    severity: 'WARNING',
    summary: `training may be stalled: ${who(run)} holds ${gib(run.peakMemoryBytes)} on ${gpus(run)} under ${utilizationPercent} % utilisation for ${idle}; ${commandLine(run)}`,
  };
}

export function gpuStallClearedCondition(run: GpuProcessRun, reason: 'busy' | 'exited'): ExternalCondition {
  return { rule: gpuStalledRule, resource: gpuRunResource(run), severity: null, summary: reason === 'busy' ? `${who(run)} uses its GPU again` : `${who(run)} exited` };
}

/** "run ended after 3 h 12 min: python3 (pid 4242) on GPU 0, peak GPU memory 95.0 GiB; command line: …" */
export function gpuRunEndedEvent(run: GpuProcessRun): { rule: string; resource: string; summary: string } {
  return {
    rule: gpuEndedRule,
    resource: gpuRunResource(run),
    summary: `run ended after ${describeRunDuration(run.lastSeenAt - run.firstSeenAt)}: ${who(run)} on ${gpus(run)}, peak GPU memory ${gib(run.peakMemoryBytes)}; ${commandLine(run)}`,
  };
}

/** A stalled GPU process as the Outlook card lists it. */
export function stalledGpuRun(run: GpuProcessRun): StalledRun {
  return { source: 'gpu', name: who(run), since: run.idleSince ?? run.lastSeenAt, detail: run.commandLine ?? 'command line unreadable' };
}

/**
 * The GPU stall alerts an earlier Vigil left open (what it followed lived in memory). Each is
 * resolved once a working nvidia-smi shows its process gone or busy; one still idle stays open, and
 * is taken over by the stall the monitor finds again.
 */
export class GpuStallsFromBefore {
  private readonly pending: Set<string>;

  constructor(openResources: readonly string[]) {
    this.pending = new Set(openResources);
  }

  /** The conditions that resolve what is settled, given the processes a working nvidia-smi shows now. */
  settle(runs: readonly GpuProcessRun[]): ExternalCondition[] {
    const out: ExternalCondition[] = [];
    for (const resource of this.pending) {
      const run = runs.find((r) => gpuRunResource(r) === resource);
      if (run && (run.stalled || run.idleSince !== null)) {
        if (run.stalled) this.pending.delete(resource);
        continue;
      }
      this.pending.delete(resource);
      out.push(run ? gpuStallClearedCondition(run, 'busy') : { rule: gpuStalledRule, resource, severity: null, summary: `the process ${resource.replace(':', ' ')} is gone` });
    }
    return out;
  }

  get size(): number {
    return this.pending.size;
  }
}

/** The rule of a reporting run that may be stalled (a model rule: resolved when the run finishes or is removed). */
export const modelStalledRule = 'model-stalled';

/** What the model lifecycle knows of a run's progress. */
export interface ReportedProgress {
  model: string;
  step: number | null;
  progressAt: number;
  lastSeenAt: number;
}

function stallDetail(run: ReportedProgress, at: number, quiet: boolean): string {
  if (quiet || run.step === null) return `stopped reporting ${describeRunDuration(at - run.lastSeenAt)} ago${run.step === null ? '' : ` at step ${run.step}`}`;
  return `reports step ${run.step} unchanged for ${describeRunDuration(at - run.progressAt)}`;
}

/** "training may be stalled: run resnet reports step 4200 unchanged for 10 min" (`quiet`: it stopped reporting). */
export function modelStalledCondition(run: ReportedProgress, at: number, quiet: boolean): ExternalCondition {
  return { rule: modelStalledRule, resource: run.model, severity: 'WARNING', summary: `training may be stalled: run ${run.model} ${stallDetail(run, at, quiet)}` };
}

export function modelProgressingCondition(run: ReportedProgress): ExternalCondition {
  return { rule: modelStalledRule, resource: run.model, severity: null, summary: `run ${run.model} progresses again${run.step === null ? '' : ` (step ${run.step})`}` };
}

/** A stalled reporting run as the Outlook card lists it. */
export function stalledReportingRun(run: ReportedProgress, at: number, quiet: boolean): StalledRun {
  return { source: 'ingest', name: run.model, since: run.progressAt, detail: stallDetail(run, at, quiet) };
}
