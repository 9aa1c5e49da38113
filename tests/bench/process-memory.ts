// A process's memory as the kernel counts it, for the suites that report peak RSS.
import { readFileSync } from 'node:fs';

/** Peak resident set size of a process (VmHWM), in MB; null where /proc is missing. */
export function peakRssMb(pid: number | undefined): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}
