import { describe, expect, it } from 'vitest';
import { clampCrop, imageBox, initialCrop, maxZoom, moveBy, squareOf, zoomTo } from './crop';

const landscape = { width: 800, height: 600 };
const portrait = { width: 600, height: 900 };

describe('profile photo crop', () => {
  it('starts with the centred square of the short side, as the server would take it', () => {
    expect(squareOf(landscape, initialCrop(landscape))).toEqual({ x: 100, y: 0, side: 600 });
    expect(squareOf(portrait, initialCrop(portrait))).toEqual({ x: 0, y: 150, side: 600 });
  });

  it('turns a drag in screen pixels into image pixels at the frame’s scale', () => {
    // 600 image pixels in a 300-pixel frame: one screen pixel is two image pixels
    const dragged = moveBy(landscape, initialCrop(landscape), 30, 0, 300);
    expect(squareOf(landscape, dragged)).toEqual({ x: 40, y: 0, side: 600 }); // the image went right, the square left
    const zoomed = zoomTo(landscape, initialCrop(landscape), 2); // a 300-pixel square: one to one
    expect(squareOf(landscape, moveBy(landscape, zoomed, -10, -20, 300))).toEqual({ x: 260, y: 170, side: 300 });
  });

  it('keeps the square inside the image however far it is dragged', () => {
    const far = moveBy(landscape, initialCrop(landscape), 5000, -5000, 300);
    expect(squareOf(landscape, far)).toEqual({ x: 0, y: 0, side: 600 });
    const zoomed = zoomTo(landscape, initialCrop(landscape), 4);
    expect(squareOf(landscape, moveBy(landscape, zoomed, -5000, -5000, 300))).toEqual({ x: 650, y: 450, side: 150 });
  });

  it('zooms around the square’s centre, between the whole short side and 64 image pixels', () => {
    expect(squareOf(landscape, zoomTo(landscape, initialCrop(landscape), 2))).toEqual({ x: 250, y: 150, side: 300 });
    expect(clampCrop(landscape, { zoom: 0.2, cx: 400, cy: 300 }).zoom).toBe(1);
    expect(maxZoom(landscape)).toBe(8); // 600 / 64 would be 9.4: at most 8
    expect(maxZoom({ width: 320, height: 200 })).toBe(200 / 64);
    expect(maxZoom({ width: 50, height: 50 })).toBe(1); // a tiny image is never enlarged further
    // zooming out near an edge moves the centre back in
    const edge = moveBy(landscape, zoomTo(landscape, initialCrop(landscape), 4), 5000, 0, 300);
    expect(squareOf(landscape, zoomTo(landscape, edge, 1))).toEqual({ x: 0, y: 0, side: 600 });
  });

  it('sends whole pixels that stay inside odd sizes', () => {
    const odd = { width: 333, height: 101 };
    const sq = squareOf(odd, zoomTo(odd, { zoom: 1, cx: 333, cy: 50.5 }, 1.5));
    expect(sq).toEqual({ x: 266, y: 17, side: 67 });
    expect(Number.isInteger(sq.x) && Number.isInteger(sq.y) && Number.isInteger(sq.side)).toBe(true);
    expect(sq.x + sq.side).toBeLessThanOrEqual(odd.width);
    expect(squareOf({ width: 1, height: 1 }, initialCrop({ width: 1, height: 1 }))).toEqual({ x: 0, y: 0, side: 1 });
  });

  it('draws the image so that the square fills the frame', () => {
    expect(imageBox(landscape, initialCrop(landscape), 300)).toEqual({ left: -50, top: 0, width: 400, height: 300 });
    const box = imageBox(landscape, zoomTo(landscape, initialCrop(landscape), 2), 300);
    expect(box).toEqual({ left: -250, top: -150, width: 800, height: 600 });
  });
});
