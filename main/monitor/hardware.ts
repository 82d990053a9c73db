import type { Hardware } from '../../shared/monitor';
import { systemInformation } from './system-information';

let inventory: Promise<Hardware> | null = null;

/** CPU, OS and GPUs, read once (systeminformation spawns tools for some of it) and kept. */
export function hardwareInventory(): Promise<Hardware> {
  inventory ??= (async () => {
    const si = await systemInformation();
    const [cpu, os, graphics] = await Promise.all([si.cpu(), si.osInfo(), si.graphics().catch(() => ({ controllers: [] }))]);
    return {
      cpu: { brand: `${cpu.manufacturer} ${cpu.brand}`.trim(), cores: cpu.cores, physicalCores: cpu.physicalCores, speedGHz: cpu.speed },
      os: { platform: os.platform, distro: os.distro, release: os.release, kernel: os.kernel, hostname: os.hostname },
      gpus: graphics.controllers.map((c) => ({ vendor: c.vendor, model: c.model, vramBytes: c.vram ? c.vram * 1024 * 1024 : null })),
    };
  })();
  return inventory;
}
