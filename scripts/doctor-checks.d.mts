/** Types of scripts/doctor-checks.mjs (plain JavaScript, so it runs before npm ci), for the CLI's doctor command. */
export type DoctorGroup = 'build' | 'run' | 'test';
export interface DoctorOptions {
  root: string;
  write: (line: string) => void;
  path?: string;
  version?: string;
  groups?: DoctorGroup[];
}
export function runDoctor(opts: DoctorOptions): number;
export function onPath(name: string, path?: string): string | undefined;
export function supportedNode(version: string): boolean;
