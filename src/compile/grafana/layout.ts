/**
 * Grafana's 24-column grid, filled in reading order: each panel goes right of the last one,
 * or starts a new line when it does not fit; each row starts below everything above it.
 */
export const GRID_COLUMNS = 24;

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Sized {
  width: number;
  height: number;
}

/** Positions for sections of panels; `hasRow` sections get a one-unit header line first. */
export function flow<T extends Sized>(sections: { hasRow: boolean; panels: T[] }[]): { row?: GridPos; panels: GridPos[] }[] {
  let top = 0;
  return sections.map((s) => {
    const out: { row?: GridPos; panels: GridPos[] } = { panels: [] };
    if (s.hasRow) {
      out.row = { x: 0, y: top, w: GRID_COLUMNS, h: 1 };
      top += 1;
    }
    let x = 0;
    let y = top;
    let lineHeight = 0;
    for (const p of s.panels) {
      if (x + p.width > GRID_COLUMNS) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      out.panels.push({ x, y, w: p.width, h: p.height });
      x += p.width;
      lineHeight = Math.max(lineHeight, p.height);
    }
    top = y + lineHeight;
    return out;
  });
}
