/**
 * Reading processes from /proc (Linux): parents, command lines, CPU time and memory. Used to
 * attribute CPU and resident memory to the stack's processes.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second for /proc/<pid>/stat times; 100 on every Linux we run on. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcInfo {
  pid: number;
  ppid: number;
  /** utime + stime in milliseconds. */
  cpuMs: number;
  cmdline: string;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process went away
  }
}

export function procInfo(pid: number): ProcInfo | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name (field 2) is in parentheses and may hold spaces; fields follow the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  const cmdline = (readText(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ').trim();
  return { pid, ppid, cpuMs: (cpuTicks * 1000) / CLOCK_TICKS_PER_SECOND, cmdline };
}

export function allProcesses(): ProcInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => procInfo(Number(name)))
    .filter((info): info is ProcInfo => info !== undefined);
}

/** `root` and every process below it. */
export function processTree(root: number, processes: ProcInfo[] = allProcesses()): ProcInfo[] {
  const children = new Map<number, ProcInfo[]>();
  for (const info of processes) children.set(info.ppid, [...(children.get(info.ppid) ?? []), info]);
  const rootInfo = processes.find((info) => info.pid === root);
  if (!rootInfo) return [];
  const tree: ProcInfo[] = [];
  const queue = [rootInfo];
  while (queue.length) {
    const info = queue.shift() as ProcInfo;
    tree.push(info);
    queue.push(...(children.get(info.pid) ?? []));
  }
  return tree;
}

/**
 * The server processes of the PostgreSQL cluster whose data directory path contains
 * `dataDirPart`: the postmaster (`-D <dir>` on its command line) and its children.
 */
export function postgresProcesses(dataDirPart: string, processes: ProcInfo[] = allProcesses()): ProcInfo[] {
  const postmaster = processes.find(
    (info) =>
      /(^|\/)postgres /.test(info.cmdline) &&
      info.cmdline.includes(` -D `) &&
      info.cmdline.includes(dataDirPart),
  );
  return postmaster ? processTree(postmaster.pid, processes) : [];
}

/** Resident set (VmRSS) and proportional set size (Pss, shared pages divided among sharers), in KiB. */
export function memoryKb(pid: number): { rssKb: number; pssKb: number } | undefined {
  const status = readText(`/proc/${pid}/status`);
  if (!status) return undefined;
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
  const rollup = readText(`/proc/${pid}/smaps_rollup`) ?? '';
  const pss = /^Pss:\s+(\d+) kB/m.exec(rollup);
  return { rssKb: rss ? Number(rss[1]) : 0, pssKb: pss ? Number(pss[1]) : 0 };
}

/** Sum of utime + stime (ms) over the given pids that still exist. */
export function cpuMsOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + (procInfo(pid)?.cpuMs ?? 0), 0);
}
