// The square crop of a profile photo. The square frame stays put on screen; the person moves and
// zooms the image under it. The state is kept in the image's own (natural, upright) pixels, so it
// does not depend on how large the frame is drawn; the server wants the square in those pixels.

export interface Size {
  width: number;
  height: number;
}

/** `zoom` 1 shows the whole short side in the frame; (cx, cy) is the square's centre in image pixels. */
export interface Crop {
  zoom: number;
  cx: number;
  cy: number;
}

export interface Square {
  x: number;
  y: number;
  side: number;
}

// Zooming in past a square of 64 image pixels only shows blur (the small avatar is 128 pixels).
const MIN_SIDE = 64;
const MOST_ZOOM = 8;

export function maxZoom(img: Size): number {
  return Math.max(1, Math.min(MOST_ZOOM, Math.min(img.width, img.height) / MIN_SIDE));
}

/** The square's side in image pixels at a zoom. */
export function sideAt(img: Size, zoom: number): number {
  return Math.min(img.width, img.height) / zoom;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Zoom within its range, and the square wholly inside the image. */
export function clampCrop(img: Size, crop: Crop): Crop {
  const zoom = clamp(crop.zoom, 1, maxZoom(img));
  const half = sideAt(img, zoom) / 2;
  return { zoom, cx: clamp(crop.cx, half, img.width - half), cy: clamp(crop.cy, half, img.height - half) };
}

/** The centred square of the short side, as the server would take without a crop. */
export function initialCrop(img: Size): Crop {
  return { zoom: 1, cx: img.width / 2, cy: img.height / 2 };
}

/** Image pixels per screen pixel when the square is drawn `frame` screen pixels wide. */
export function pixelsPerScreenPixel(img: Size, zoom: number, frame: number): number {
  return sideAt(img, zoom) / frame;
}

/**
 * Dragging the image by (dx, dy) screen pixels (right and down positive, in either writing
 * direction): the image follows the finger, so the square moves the other way.
 */
export function moveBy(img: Size, crop: Crop, dx: number, dy: number, frame: number): Crop {
  const k = pixelsPerScreenPixel(img, crop.zoom, frame);
  return clampCrop(img, { ...crop, cx: crop.cx - dx * k, cy: crop.cy - dy * k });
}

/** A new zoom around the square's centre. */
export function zoomTo(img: Size, crop: Crop, zoom: number): Crop {
  return clampCrop(img, { ...crop, zoom });
}

/** The square to send: whole pixels, at least one, inside the image. */
export function squareOf(img: Size, crop: Crop): Square {
  const c = clampCrop(img, crop);
  const side = clamp(Math.round(sideAt(img, c.zoom)), 1, Math.min(img.width, img.height));
  return {
    x: clamp(Math.round(c.cx - side / 2), 0, img.width - side),
    y: clamp(Math.round(c.cy - side / 2), 0, img.height - side),
    side,
  };
}

/** Where to draw the whole image, in screen pixels from the frame's top-left corner. */
export function imageBox(img: Size, crop: Crop, frame: number): { left: number; top: number; width: number; height: number } {
  const c = clampCrop(img, crop);
  const scale = frame / sideAt(img, c.zoom); // screen pixels per image pixel
  const half = sideAt(img, c.zoom) / 2;
  return { left: (half - c.cx) * scale, top: (half - c.cy) * scale, width: img.width * scale, height: img.height * scale };
}
