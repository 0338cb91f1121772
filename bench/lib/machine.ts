import { cpus, freemem, loadavg, totalmem } from 'node:os';

export interface Machine { cores: number; cpuModel: string; totalMemGb: number; freeMemGb: number; node: string; date: string; loadAvgStart: number[]; loadAvgEnd?: number[]; platform: string }

export function machine(): Machine {
  const c = cpus();
  return {
    cores: c.length,
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    totalMemGb: totalmem() / 2 ** 30,
    freeMemGb: freemem() / 2 ** 30,
    node: process.version,
    date: new Date().toISOString(),
    loadAvgStart: loadavg(),
    platform: `${process.platform} ${process.arch}`,
  };
}
