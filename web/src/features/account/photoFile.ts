// What the app checks before sending a profile photo, and what it says when the server refuses one.
import { ApiError } from '../../api/http';
import { errorMessage } from '../../components/errors';
import type { TFn } from '../../i18n';

/** What the file picker offers: the types the server reads (WebP and HEIC it does not). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/gif'];
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Why a chosen file cannot be sent, or null. Only its size is judged here: the server reads the
 * type from the content (a JPEG named .webp is a JPEG), and a file the browser cannot show is
 * refused before the crop step anyway.
 */
export function photoFileProblem(file: { size: number }): 'too_big' | null {
  return file.size > PHOTO_MAX_BYTES ? 'too_big' : null;
}

export function photoProblemMessage(t: TFn, problem: 'too_big' | 'unreadable'): string {
  return problem === 'too_big' ? t('photo.too_big') : t('error.reason.photo_unreadable');
}

/** The server's refusal, said for a photo: sizes in megabytes and megapixels, not bytes and pixels. */
export function photoErrorMessage(t: TFn, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'payload_too_large') return t('photo.too_big');
    const pixels = Number(err.params.max_pixels);
    if (err.reason === 'photo_too_large' && pixels > 0) return t('photo.too_many_pixels', { megapixels: Math.floor(pixels / 1e6) });
  }
  return errorMessage(t, err);
}
