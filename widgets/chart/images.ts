// A grid of small images (digits, conv filters, feature maps) as one PNG mosaic with captions and
// coloured frames: one picture keeps the output small where thousands of pixel rectangles would not.
import { type Figure, type Frame, type Annotation, margin } from "./figure";
import { pngDataUri } from "./png";

export interface Picture {
  /** height × width values (grey), or 3 × height × width (red, green, blue planes) */
  pixels: ArrayLike<number>;
  height: number;
  width: number;
  channels: 1 | 3;
}

export interface ImageGridOptions {
  /** the title above the grid */
  title?: string;
  /** a caption under each image, in order */
  captions?: string[];
  /** caption colours, e.g. green for a right prediction and red for a wrong one */
  captionColors?: string[];
  /** a frame around each image in this colour (undefined: no frame) */
  frameColors?: (string | undefined)[];
  /** images per row (default: up to 10) */
  columns?: number;
  /** "all": one grey scale for every image (default, pixel values compare across images); "each": every
   * image stretched to its own min..max (filters and feature maps, whose ranges differ) */
  normalize?: "all" | "each";
}

const maxWidth = 900;

function extent(values: ArrayLike<number>): [number, number] {
  let [lo, hi] = [Infinity, -Infinity];
  for (let i = 0; i < values.length; i++)
    if (Number.isFinite(values[i])) [lo, hi] = [Math.min(lo, values[i]), Math.max(hi, values[i])];
  return lo <= hi ? [lo, hi] : [0, 1];
}

export function imageGridFigure(pictures: Picture[], options: ImageGridOptions = {}): Figure {
  const { height: h, width: w } = pictures[0];
  const columns = Math.max(1, Math.min(pictures.length, options.columns ?? 10));
  const rows = Math.ceil(pictures.length / columns);
  // screen pixels per image pixel: small images are enlarged, large grids shrunk to fit maxWidth
  const scale = Math.max(
    0.5,
    Math.min(Math.floor(64 / Math.max(h, w)) || 1, (maxWidth - 80) / (columns * (w + 1))),
  );
  const captionRows = options.captions ? Math.ceil(14 / scale) : 0;
  const [tileW, tileH] = [w + 1, h + 1 + captionRows];
  const [mw, mh] = [columns * tileW, rows * tileH];
  const rgb = new Uint8Array(mw * mh * 3).fill(255);
  const all = extent(pictures.flatMap((p) => Array.from(p.pixels)));
  pictures.forEach((p, k) => {
    const [lo, hi] = options.normalize === "each" ? extent(p.pixels) : all;
    const byte = (v: number) => Math.round((255 * (v - lo)) / (hi - lo || 1));
    const [left, top] = [(k % columns) * tileW, Math.floor(k / columns) * tileH];
    for (let r = 0; r < h; r++)
      for (let c = 0; c < w; c++)
        for (let ch = 0; ch < 3; ch++) {
          const v = p.pixels[(p.channels === 3 ? ch * h * w : 0) + r * w + c];
          rgb[((top + r) * mw + left + c) * 3 + ch] = byte(v);
        }
  });
  const tile = (k: number) => ({ x: (k % columns) * tileW, y: Math.floor(k / columns) * tileH });
  const annotations: Annotation[] = (options.captions ?? []).map((text, k) => ({
    x: tile(k).x + w / 2,
    y: tile(k).y + h + captionRows / 2 + 1,
    text,
    color: options.captionColors?.[k],
  }));
  const frames: Frame[] = (options.frameColors ?? []).flatMap((color, k) =>
    color
      ? [
          {
            x0: tile(k).x - 0.5,
            y0: tile(k).y - 0.5,
            x1: tile(k).x + w + 0.5,
            y1: tile(k).y + h + 0.5,
            color,
          },
        ]
      : [],
  );
  return {
    title: options.title,
    panelWidth: Math.ceil(mw * scale) + margin.left + margin.right,
    panelHeight: Math.ceil(mh * scale) + margin.top + margin.bottom,
    panels: [
      {
        traces: [{ type: "image", source: pngDataUri(mw, mh, rgb), width: mw, height: mh }],
        hideAxes: true,
        yReversed: true,
        equalAspect: true,
        annotations,
        frames,
      },
    ],
  };
}
