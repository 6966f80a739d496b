/**
 * Where a cold open's time goes, in phases from the start of the process (performance.now() counts from it): the
 * bundle loaded (Node's start, reading and compiling dist/server.js, its modules' top-level code), `initialize`
 * received, the warm-up, the workspace's files read, settings pulled, the files parsed (index), the first findings,
 * the first publication. Logged once, as `[cold-open] ...`, after the first analysis; the bench reads that line.
 */
export class ColdOpen {
  private readonly marks: [string, number][] = [];
  private reported = false;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The end of a phase (the first time only: later folders and analyses are not the cold open). */
  mark(phase: string): void {
    if (!this.reported && !this.marks.some(([p]) => p === phase)) this.marks.push([phase, this.now()]);
  }

  /** The line to log once the first diagnostics are out; undefined afterwards. */
  report(): string | undefined {
    if (this.reported) return undefined;
    this.reported = true;
    let last = 0;
    const parts = this.marks.map(([phase, at]) => {
      const part = `${phase} ${(at - last).toFixed(1)}`;
      last = at;
      return part;
    });
    return `[cold-open] ${parts.join(', ')} ms; first diagnostics ${last.toFixed(1)} ms after the process started`;
  }
}

/** The server's one cold open. */
export const coldOpen = new ColdOpen();
