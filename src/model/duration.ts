/** Prometheus durations: `5m`, `1h`, `30d`, `2w`. One unit per duration, as windows are written. */

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
};

export const DURATION = /^(0|[1-9][0-9]*)(s|m|h|d|w)$/;

/** Go's time.Duration, which Prometheus and Alertmanager read durations into: int64 nanoseconds, about 292 years. */
export const DURATION_MAX_SECONDS = Math.floor(Number(2n ** 63n - 1n) / 1e9);

/** Seconds of a duration, or undefined when it is none or longer than the tools can hold. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const s = Number(m[1]) * UNIT_SECONDS[m[2]!]!;
  return s <= DURATION_MAX_SECONDS ? s : undefined;
}

export function mustParseDuration(text: string): number {
  const s = parseDuration(text);
  if (s === undefined) throw new Error(`invalid duration ${JSON.stringify(text)}`);
  return s;
}

/** Largest single unit that divides the seconds exactly: 3600 → `1h`, 5400 → `90m`. */
export function formatDuration(seconds: number): string {
  for (const unit of ["w", "d", "h", "m"] as const) {
    const u = UNIT_SECONDS[unit]!;
    if (seconds >= u && seconds % u === 0) {
      // Prometheus reads `1w` but people read days; keep weeks only when the user wrote them.
      if (unit === "w") continue;
      return `${seconds / u}${unit}`;
    }
  }
  return `${seconds}s`;
}
