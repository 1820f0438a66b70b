/**
 * Uploads of raw bytes: attachments (POST /api/v1/attachments?name=<file name>) and profile photos
 * (PUT .../photo). XMLHttpRequest instead of fetch because fetch cannot report upload progress.
 * Same rules as http.ts: cookies, X-CSRF-Token, JSON errors -> ApiError, the answer validated with zod.
 */
import type { z } from 'zod';
import { API_BASE, ApiError, buildUrl, getCsrfToken, parseError, type Query } from './http';
import { attachmentSchema, personResultSchema, type Attachment, type Person } from './schemas';

function sendBytes<S extends z.ZodTypeAny>(
  method: 'POST' | 'PUT',
  url: string,
  body: Blob,
  schema: S,
  onProgress: (fraction: number) => void = () => undefined,
  signal?: AbortSignal,
): Promise<z.infer<S>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', body.type || 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network', message: 'upload failed' }));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(parseError(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After')));
        return;
      }
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        reject(new ApiError({ status: xhr.status, code: 'bad_response', message: 'invalid JSON' }));
        return;
      }
      const parsed = schema.safeParse(data);
      if (!parsed.success) reject(new ApiError({ status: xhr.status, code: 'bad_response', message: 'unexpected response' }));
      else {
        onProgress(1);
        resolve(parsed.data);
      }
    };
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}

export function uploadAttachment(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Attachment> {
  return sendBytes('POST', `${API_BASE}/attachments?name=${encodeURIComponent(file.name)}`, file, attachmentSchema, onProgress, signal);
}

/** The square to keep, in pixels of the upright image. */
export interface PhotoSquare {
  x: number;
  y: number;
  side: number;
}

/** Whose photo: one's own (`me`) or, for admins, anyone's by id. */
export type PhotoOwner = 'me' | { personId: string };

export const photoPath = (owner: PhotoOwner): string =>
  owner === 'me' ? '/me/photo' : `/people/${encodeURIComponent(owner.personId)}/photo`;

/** PUT the image's bytes with the square to keep; the server crops, scales and re-encodes it. */
export async function uploadPhoto(owner: PhotoOwner, image: Blob, square: PhotoSquare, onProgress?: (fraction: number) => void): Promise<Person> {
  const query: Query = { x: square.x, y: square.y, side: square.side };
  const res = await sendBytes('PUT', buildUrl(photoPath(owner), query), image, personResultSchema, onProgress);
  return res.person;
}
