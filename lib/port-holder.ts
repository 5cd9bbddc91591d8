/**
 * Which process listens on a TCP port, for error messages ("port 3000 is in use by process 4242
 * (node other-server.js)"). Linux only, from /proc; other users' processes stay unnamed.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const LISTEN = '0A';
const MAX_COMMAND_LENGTH = 100;

/** `process <pid> (<command line>)` of the listener on `port`, or undefined when it cannot tell. */
export function portHolder(port: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const inodes = listeningSocketInodes(port);
  if (inodes.size === 0) return undefined;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    if (ownsSocket(pid, inodes)) return `process ${pid} (${commandLine(pid)})`;
  }
  return undefined;
}

/** "port 3000 is in use by process 42 (node x.js)", or "… in use by another program". */
export function portInUseMessage(port: number, what: string): string {
  return `port ${port} (${what}) is in use by ${portHolder(port) ?? 'another program'}`;
}

function listeningSocketInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const localPort = Number.parseInt(fields[1]?.split(':')[1] ?? '', 16);
      if (localPort === port && fields[3] === LISTEN && fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
}

function ownsSocket(pid: string, inodes: Set<string>): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      return inodes.has(/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? '');
    } catch {
      return false;
    }
  });
}

function commandLine(pid: string): string {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return command.length > MAX_COMMAND_LENGTH ? `${command.slice(0, MAX_COMMAND_LENGTH - 1)}…` : command;
  } catch {
    return 'unknown command';
  }
}
