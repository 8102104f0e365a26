import type { GrayImage } from '../image/grayImage.js';
import { inkBlobs, inkOf, inkSum, keepBlobs } from './inkMap.js';
import type { HandwritingSettings } from './settings.js';

export interface TextZoneInk {
  /** Something is written in the zone: it goes to OCR and to a person. */
  inked: boolean;
  inkShare: number;
  /** The zone with its printed writing lines taken out, for OCR: writing on white paper. */
  cleaned: GrayImage;
}

/**
 * What a handwritten text zone holds. The zone carries printed dotted writing lines along the bottom of each line
 * band; they are taken out first (keeping any stroke that crosses them), then specks, so an empty zone is empty
 * however its lines and the paper print.
 */
export function readTextZoneInk(clip: GrayImage, lines: number, paper: number, s: Pick<HandwritingSettings, 'ink' | 'text' | 'cell'>): TextZoneInk {
  const cleaned: GrayImage = { data: clip.data.slice(), width: clip.width, height: clip.height };
  const map = inkOf(clip, paper, s.ink);
  const { width, height } = clip;
  const lineHeight = height / lines;
  // The printed line is 0.5 pt (2 px at 300 dpi); the band allows for the registration error.
  const half = Math.max(3, Math.round(lineHeight * 0.05));
  for (let i = 1; i <= lines; i++) {
    const centre = Math.round(i * lineHeight);
    for (let y = Math.max(0, centre - half); y <= Math.min(height - 1, centre + half); y++) {
      for (let x = 0; x < width; x++) {
        if (map.ink[y * width + x] === 0 || crossesBand(map.ink, width, height, x, centre, half)) continue;
        map.ink[y * width + x] = 0;
        cleaned.data[y * width + x] = Math.max(cleaned.data[y * width + x], Math.round(paper));
      }
    }
  }
  const { blobs, labels } = inkBlobs(map, s.ink.strokeFrom);
  const minArea = s.cell.speckArea * lineHeight * lineHeight;
  // What lies wholly in the top sliver can only be the question's text above, reached by a registration error.
  const sliver = Math.round(lineHeight * 0.08);
  const kept = new Set(blobs.filter((b) => b.area >= minArea && b.y1 >= sliver).map((b) => b.label));
  const inkShare = inkSum(keepBlobs(map, labels, kept)) / (width * height);
  return { inked: inkShare >= s.text.emptyBelow, inkShare, cleaned };
}

/** A stroke reaches into the line's band at column x: there is ink just above the band or just below it. */
function crossesBand(ink: Float32Array, width: number, height: number, x: number, centre: number, half: number): boolean {
  const inkNear = (y: number) => {
    if (y < 0 || y >= height) return false;
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      if (xx >= 0 && xx < width && ink[y * width + xx] > 0.35) return true;
    }
    return false;
  };
  const above = inkNear(centre - half - 1) || inkNear(centre - half - 2);
  const below = inkNear(centre + half + 1) || inkNear(centre + half + 2);
  return above || below;
}
