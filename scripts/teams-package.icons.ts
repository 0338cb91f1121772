import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** The app's accent colour (also `accentColor` in teams/manifest.json). */
export const ACCENT = [0x1f, 0x5a, 0xa6] as const;

/** Coverage (0..1) of the mark at a point of the unit square: a ring (a globe) with a tick inside it. */
function mark(x: number, y: number): boolean {
  const dx = x - 0.5;
  const dy = y - 0.5;
  const r = Math.hypot(dx, dy);
  if (r > 0.36 && r < 0.44) return true;
  const segment = (ax: number, ay: number, bx: number, by: number, w: number) => {
    const t = Math.max(
      0,
      Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
    );
    return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) < w;
  };
  return segment(0.33, 0.52, 0.45, 0.64, 0.045) || segment(0.45, 0.64, 0.68, 0.38, 0.045);
}

/** Renders the mark with 4x4 supersampling; `background` undefined means transparent (the outline icon). */
function render(size: number, background: readonly number[] | undefined): Buffer {
  const png = new PNG({ width: size, height: size });
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < n; sy++)
        for (let sx = 0; sx < n; sx++) if (mark((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)) hits++;
      const cover = hits / (n * n);
      const i = (py * size + px) * 4;
      if (background) {
        for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(background[c]! * (1 - cover) + 255 * cover);
        png.data[i + 3] = 255;
      } else {
        // Teams: the outline icon is white on transparent, nothing else.
        png.data[i] = png.data[i + 1] = png.data[i + 2] = 255;
        png.data[i + 3] = Math.round(255 * cover);
      }
    }
  }
  return PNG.sync.write(png);
}

/** Writes color.png (192x192, accent background) and outline.png (32x32, white on transparent) into `dir`. */
export async function writeIcons(dir: string): Promise<void> {
  await writeFile(join(dir, 'color.png'), render(192, ACCENT));
  await writeFile(join(dir, 'outline.png'), render(32, undefined));
}
